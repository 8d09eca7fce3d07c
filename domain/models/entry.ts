/** How a catalog entry is written: price sources, dates and the compact entry helper. */
import type { ModelEntry, Tier } from "../catalog";

export const BEDROCK_PRICING = "AWS Bedrock on-demand list price (aws.amazon.com/bedrock/pricing)";
export const AZURE_PRICING =
  "Azure OpenAI global standard list price (azure.microsoft.com/pricing/details/cognitive-services/openai-service)";
export const FOUNDRY_PRICING =
  "Azure AI Foundry Models list price (azure.microsoft.com/pricing/details/ai-foundry-models)";
export const VERTEX_PRICING =
  "Google Cloud Vertex AI generative AI list price (cloud.google.com/vertex-ai/generative-ai/pricing)";
const AS_OF = "2026-11-23";
const ADDED = "2026-12-01";
export const UNVERIFIED = "unverified list price";

export const price = (
  input: number,
  output: number,
  source: string,
  note?: string,
  asOf = AS_OF,
) => ({
  inputPer1M: input,
  outputPer1M: output,
  currency: "USD" as const,
  source,
  asOf,
  ...(note ? { note } : {}),
});

/** A price added with this catalog extension (not yet re-read on a pricing page). */
export const added = (input: number, output: number, source: string, note = UNVERIFIED) =>
  price(input, output, source, note, ADDED);

export const m = (
  id: string,
  name: string,
  provider: string,
  tier: Tier,
  ids: readonly string[],
  p: ModelEntry["price"],
): ModelEntry => ({ id, name, provider, tier, ids, price: p });
