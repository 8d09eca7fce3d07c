/**
 * The model catalog: recognise a model from any identifier a cloud uses for it (Bedrock model IDs,
 * foundation-model and inference-profile ARNs, cross-region and global profile IDs, Azure OpenAI
 * model names) and give its tier and price. An unrecognised model is premium, so nothing slips
 * past the gate by being new.
 */
import { BoundedCache } from "./memo";
import { z } from "zod";
import { DEFAULT_MODELS } from "./catalog-data";

export const TIERS = ["premium", "standard", "economy"] as const;
export type Tier = (typeof TIERS)[number];
export const TierSchema = z.enum(TIERS);

export interface Price {
  readonly inputPer1M: number;
  readonly outputPer1M: number;
  readonly currency: "USD";
  readonly source: string;
  readonly asOf: string;
  readonly note?: string;
}

export interface ModelEntry {
  readonly id: string;
  readonly name: string;
  readonly provider: string;
  readonly tier: Tier;
  /** Normalised identifiers (see {@link normalizeModelId}) that name this model. */
  readonly ids: readonly string[];
  readonly price: Price;
  /** Bedrock provisioned throughput: USD per model unit per hour, where known. */
  readonly modelUnitHourlyUsd?: number;
}

/** Azure capacity conversions (Azure OpenAI pricing and quota documentation, read 2026-11-23). */
export const AZURE_CAPACITY = {
  /** Standard-family deployments: one unit of `sku.capacity` is 1,000 tokens per minute. */
  tpmPerCapacityUnit: 1000,
  /** Provisioned throughput units, global, hourly list price. */
  ptuHourlyUsd: 1,
  /** Provisioned throughput units, monthly reservation. */
  ptuMonthlyReservedUsd: 260,
  minimumPtu: 15,
  /** Regional and data-zone deployments cost about this much more than global ones. */
  regionalUplift: 1.1,
  source: "Azure OpenAI pricing and quota documentation",
  asOf: "2026-11-23",
} as const;

export const HOURS_PER_MONTH = 730;
export const MINUTES_PER_MONTH = 43_800;

/** A catalog override from configuration: add a model, or change the tier or price of one. */
export const CatalogOverrideSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1).optional(),
    provider: z.string().min(1).optional(),
    tier: TierSchema,
    ids: z.array(z.string().min(1)).min(1).optional(),
    price: z
      .object({
        inputPer1M: z.number().nonnegative(),
        outputPer1M: z.number().nonnegative(),
        source: z.string().min(1).default("configuration"),
        asOf: z.string().min(1).default("configured"),
      })
      .optional(),
    modelUnitHourlyUsd: z.number().positive().optional(),
  })
  .strict();
export type CatalogOverride = z.input<typeof CatalogOverrideSchema>;

export interface Catalog {
  readonly models: readonly ModelEntry[];
  /** normalised identifier -> entry */
  readonly index: ReadonlyMap<string, ModelEntry>;
}

/** A cloud-agnostic price for a model no entry names: the most expensive list price we know. */
export const UNKNOWN_MODEL_PRICE: Price = {
  inputPer1M: 15,
  outputPer1M: 75,
  currency: "USD",
  source:
    "assumed: an unrecognised model is priced like the most expensive premium model in the catalog",
  asOf: "2026-11-23",
};

const GEO_PREFIX = /^(?:us|eu|apac|ap|jp|au|ca|us-gov|global)\./;

/**
 * Reduce any identifier to the catalog's form: lower case; ARN resource part only; no geography
 * prefix of a cross-region or global profile; no release date or version suffix.
 *   `arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0` → `anthropic.claude-3-haiku`
 *   `us.anthropic.claude-opus-4-1-20250805-v1:0` → `anthropic.claude-opus-4-1`
 *   `gpt-4o-mini-2024-07-18` → `gpt-4o-mini`
 *   `publishers/anthropic/models/claude-opus-4-1@20250805` → `claude-opus-4-1`
 *   `azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct/versions/3` → `meta-llama-3-8b-instruct`
 */
export function normalizeModelId(identifier: string): string {
  let id = identifier.trim().toLowerCase();
  const arn = /^arn:aws[\w-]*:(?:bedrock|sagemaker):[^:]*:[^:]*:(.+)$/.exec(id);
  if (arn?.[1]) {
    const resource = arn[1];
    const slash = resource.indexOf("/");
    id = slash >= 0 ? resource.slice(slash + 1) : resource;
  }
  // A Vertex publisher model or Foundry registry asset: the model's name after `models/`.
  const asset = /(?:^|\/)models\/([^/@]+)/.exec(id);
  if (asset?.[1]) id = asset[1];
  // A Vertex version (`claude-opus-4-1@20250805`), or a Hugging Face `org/name`.
  id = id.replace(/@.*$/, "");
  if (id.includes("/")) id = id.slice(id.lastIndexOf("/") + 1);
  id = id.replace(GEO_PREFIX, "");
  id = id.replace(/:\d+(?::[\w.-]*)?$/, ""); // ":0", ":0:200k", ":2:mm"
  id = id.replace(/-v\d+$/, ""); // "-v1"
  id = id.replace(/-\d{8}$/, ""); // "-20250805"
  id = id.replace(/-\d{4}-\d{2}-\d{2}$/, ""); // "-2024-07-18"
  id = id.replace(/-\d{4}$/, (m) => (/^-(?:19|20)\d\d$/.test(m) ? m : "")); // "-2407" (Mistral style)
  return id;
}

export function buildCatalog(
  overrides: readonly CatalogOverride[] = [],
  base: readonly ModelEntry[] = DEFAULT_MODELS,
): Catalog {
  const models = new Map<string, ModelEntry>(base.map((m) => [m.id, m]));
  for (const raw of overrides) {
    const o = CatalogOverrideSchema.parse(raw);
    const prior = models.get(o.id);
    const priced: Price | undefined = o.price ? { ...o.price, currency: "USD" } : prior?.price;
    models.set(o.id, {
      id: o.id,
      name: o.name ?? prior?.name ?? o.id,
      provider: o.provider ?? prior?.provider ?? "custom",
      tier: o.tier,
      ids: (o.ids ?? prior?.ids ?? [o.id]).map(normalizeModelId),
      price: priced ?? UNKNOWN_MODEL_PRICE,
      ...(o.modelUnitHourlyUsd !== undefined
        ? { modelUnitHourlyUsd: o.modelUnitHourlyUsd }
        : prior?.modelUnitHourlyUsd !== undefined
          ? { modelUnitHourlyUsd: prior.modelUnitHourlyUsd }
          : {}),
    });
  }
  const index = new Map<string, ModelEntry>();
  // Overrides come last in insertion order, so an override's identifiers win over a default's.
  for (const m of models.values()) for (const id of m.ids) index.set(normalizeModelId(id), m);
  return { models: [...models.values()], index };
}

export const DEFAULT_CATALOG: Catalog = buildCatalog();

export interface Classification {
  readonly input: string;
  readonly normalized: string;
  readonly tier: Tier;
  readonly recognised: boolean;
  readonly entry?: ModelEntry;
  /** What a report or a violation can say about how the tier was decided. */
  readonly reason: string;
}

/** Classify any value a resource holds as its model. Never throws; unknown means premium. */
export function classifyModel(
  identifier: unknown,
  catalog: Catalog = DEFAULT_CATALOG,
): Classification {
  if (typeof identifier !== "string" || identifier.trim() === "") {
    return {
      input: String(identifier),
      normalized: "",
      tier: "premium",
      recognised: false,
      reason: "no model identifier declared; an unknown model is treated as premium",
    };
  }
  let memo = classified.get(catalog);
  if (memo === undefined) {
    memo = new BoundedCache(4096);
    classified.set(catalog, memo);
  }
  return memo.get(identifier, () => Object.freeze(classifyKnown(identifier, catalog)));
}

/**
 * Classifications by catalog and identifier: a stack names the same few models on many resources,
 * and every endpoint policy classifies each one.
 */
const classified = new WeakMap<Catalog, BoundedCache<string, Classification>>();

function classifyKnown(identifier: string, catalog: Catalog): Classification {
  const normalized = normalizeModelId(identifier);
  const entry = catalog.index.get(normalized);
  if (entry) {
    return {
      input: identifier,
      normalized,
      tier: entry.tier,
      recognised: true,
      entry,
      reason: `${entry.name} is ${entry.tier} in the catalog`,
    };
  }
  return {
    input: identifier,
    normalized,
    tier: "premium",
    recognised: false,
    reason: `model "${identifier}" is not in the catalog; an unrecognised model is treated as premium (add a catalog override to classify it)`,
  };
}

/** The price to project with: the entry's, or the most expensive known when unrecognised. */
export function priceOf(c: Classification): Price {
  return c.entry?.price ?? UNKNOWN_MODEL_PRICE;
}
