/** How a catalog entry is written: price sources, dates and one family per provider and list. */
import type { ModelEntry, Tier } from "../catalog";

const BEDROCK_PRICING = "AWS Bedrock on-demand list price (aws.amazon.com/bedrock/pricing)";
const AZURE_PRICING =
  "Azure OpenAI global standard list price (azure.microsoft.com/pricing/details/cognitive-services/openai-service)";
const FOUNDRY_PRICING =
  "Azure AI Foundry Models list price (azure.microsoft.com/pricing/details/ai-foundry-models)";
const VERTEX_PRICING =
  "Google Cloud Vertex AI generative AI list price (cloud.google.com/vertex-ai/generative-ai/pricing)";
const AS_OF = "2026-11-23";
const ADDED = "2026-12-01";
export const UNVERIFIED = "unverified list price";
export const UNCONFIRMED = "unconfirmed list price";

/** A list price read on a date; the family it is written in names its source. */
export type ListPrice = (source: string) => ModelEntry["price"];

export const price =
  (input: number, output: number, note?: string, asOf = AS_OF): ListPrice =>
  (source) => ({
    inputPer1M: input,
    outputPer1M: output,
    currency: "USD" as const,
    source,
    asOf,
    ...(note ? { note } : {}),
  });

/** A price added with this catalog extension (not yet re-read on a pricing page). */
export const added = (input: number, output: number, note = UNVERIFIED) =>
  price(input, output, note, ADDED);

/** One model of a family's table: `[id, name, tier, price, ids]`. */
export type ModelRow = readonly [
  id: string,
  name: string,
  tier: Tier,
  price: ListPrice,
  ids: readonly string[],
];

/** The entries of one provider priced from one list: one row a model. */
const family =
  (provider: string, source: string) =>
  (rows: readonly ModelRow[]): ModelEntry[] =>
    rows.map(([id, name, tier, p, ids]) => ({ id, name, provider, tier, ids, price: p(source) }));

export const anthropic = family("anthropic", BEDROCK_PRICING);
export const amazon = family("amazon", BEDROCK_PRICING);
export const openai = family("openai", AZURE_PRICING);
export const openaiOnBedrock = family("openai", BEDROCK_PRICING);
export const meta = family("meta", BEDROCK_PRICING);
export const mistral = family("mistral", BEDROCK_PRICING);
export const cohere = family("cohere", BEDROCK_PRICING);
export const cohereOnFoundry = family("cohere", FOUNDRY_PRICING);
export const deepseek = family("deepseek", BEDROCK_PRICING);
export const google = family("google", VERTEX_PRICING);
