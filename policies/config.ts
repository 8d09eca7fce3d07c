/**
 * The pack's configuration: ONE zod schema is the source of every policy's `configSchema` (zod 4's
 * JSON Schema output, which the Pulumi CLI and Pulumi Cloud validate `--policy-pack-config` files
 * against and take defaults from), of the documentation, and of the runtime check that turns a
 * policy's config into domain settings.
 *
 * How the engine passes config (pulumi/pulumi sdk/go/common/resource/analyzer/config.go): a config
 * file is a JSON object keyed by policy name; a value is an enforcement level string or an object
 * with an optional `enforcementLevel` and the policy's properties. The key `all` sets the
 * enforcement level of every policy (its other properties reach no policy). The CLI fills each
 * property's `default` from the schema, validates every policy's properties, and sends the result
 * in the Configure RPC: a map from policy name to {enforcementLevel, properties}. A policy reads
 * only its own entry (`args.getConfig()`), so shared settings such as `tagPrefix` are given to
 * each policy that uses them.
 */
import { z } from "zod";
import {
  buildCatalog,
  CatalogOverrideSchema,
  DEFAULT_CATALOG,
  TierSchema,
  type Catalog,
  type Tier,
} from "../domain/catalog";
import {
  DEFAULT_GATED_TIERS,
  DEFAULT_MAX_CEILING_USD,
  type GovernanceSettings,
} from "../domain/governance";
import { DEFAULT_TAG_PREFIX, TAG_PREFIX_PATTERN, tagKeys, tagPrefixProblem } from "../domain/tags";
import { WaiverSchema, type Waiver } from "../domain/waivers";

/** The policies, in the order the pack serves them. Names are a contract (CI configs, waivers). */
export const POLICY_NAMES = [
  "premium-endpoint-requires-outcome",
  "premium-endpoint-requires-cost-ceiling",
  "projected-spend-within-ceiling",
  "cost-ceiling-has-budget-alarm",
  "ai-cost-allocation-tags-valid",
  "bedrock-invoke-least-privilege",
  "azure-ai-local-auth-disabled",
  "shadow-ai-endpoint",
  "model-tier-fits-task",
  "outcome-review-date",
  "team-ceilings-within-team-budget",
] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

export const ENFORCEMENT_LEVELS = ["advisory", "mandatory", "remediate", "disabled"] as const;
export const EnforcementLevelSchema = z.enum(ENFORCEMENT_LEVELS, {
  error: `must be one of: ${ENFORCEMENT_LEVELS.join(", ")}`,
});

const usd = (tier: Tier) =>
  z
    .number({ error: `must be a positive number of USD per month` })
    .positive({ error: `must be a positive number of USD per month` })
    .default(DEFAULT_MAX_CEILING_USD[tier])
    .describe(
      `Highest monthly ceiling ${tier === "economy" ? "an" : "a"} ${tier} endpoint may declare, in USD.`,
    );

/** Every setting a policy can take. Each policy takes the subset it uses (see {@link POLICY_SETTINGS}). */
export const SETTINGS = {
  tagPrefix: z
    .string({ error: `must be a tag prefix such as "ai-" or "acme:ai-"` })
    .regex(TAG_PREFIX_PATTERN, {
      error:
        'must be lowercase letters and digits, optionally separated or ended by - _ . or : (e.g. "ai-" or "acme:ai-")',
    })
    .refine((p) => !TAG_PREFIX_PATTERN.test(p) || tagPrefixProblem(p) === undefined, {
      error: 'must be at most 64 characters and must not start with the reserved "aws:"',
    })
    .default(DEFAULT_TAG_PREFIX)
    .describe(
      "Prefix of the OutcomeGuard tag keys (ai-team, ai-outcome, ai-cost-ceiling-usd, ...). Must match the prefix the components were given.",
    ),
  gatedTiers: z
    .array(TierSchema, { error: "must be a list of tiers: premium, standard, economy" })
    .default([...DEFAULT_GATED_TIERS])
    .describe(
      "Model tiers that may only run with a declared outcome, a cost ceiling and a budget alarm. The catalog decides a model's tier; an unrecognised model is premium.",
    ),
  maxCeilingUsd: z
    .object(
      { premium: usd("premium"), standard: usd("standard"), economy: usd("economy") },
      {
        error: "must be an object with premium, standard and economy amounts in USD",
      },
    )
    .strict()
    .default({ ...DEFAULT_MAX_CEILING_USD })
    .describe(
      "Highest monthly cost ceiling (ai-cost-ceiling-usd) an endpoint may declare, per tier.",
    ),
  catalogOverrides: z
    .array(CatalogOverrideSchema, { error: "must be a list of catalog overrides" })
    .default([])
    .describe(
      "Add models to the catalog or change a model's tier or price: {id, tier, ids?, name?, provider?, price?: {inputPer1M, outputPer1M}, modelUnitHourlyUsd?}. `ids` are the identifiers that name the model (Bedrock ids or ARNs, Azure model names).",
    ),
  waivers: z
    .array(WaiverSchema, { error: "must be a list of {resource, reason, expires}" })
    .default([])
    .describe(
      "Time-boxed exceptions: {resource (glob on name or URN), reason, expires (YYYY-MM-DD)}. A live waiver suppresses this policy's violations on matching resources and says so in an advisory line; an expired one is ignored and reported.",
    ),
} as const;
export type SettingName = keyof typeof SETTINGS;

/** Which settings each policy takes. */
export const POLICY_SETTINGS: Readonly<Record<PolicyName, readonly SettingName[]>> = {
  "premium-endpoint-requires-outcome": ["tagPrefix", "gatedTiers", "catalogOverrides", "waivers"],
  "premium-endpoint-requires-cost-ceiling": [
    "tagPrefix",
    "gatedTiers",
    "catalogOverrides",
    "maxCeilingUsd",
    "waivers",
  ],
  "projected-spend-within-ceiling": ["tagPrefix", "gatedTiers", "catalogOverrides", "waivers"],
  "cost-ceiling-has-budget-alarm": ["tagPrefix", "gatedTiers", "catalogOverrides", "waivers"],
  "ai-cost-allocation-tags-valid": ["tagPrefix", "gatedTiers", "catalogOverrides", "waivers"],
  "bedrock-invoke-least-privilege": ["waivers"],
  "azure-ai-local-auth-disabled": ["waivers"],
  "shadow-ai-endpoint": ["waivers"],
  "model-tier-fits-task": ["tagPrefix", "catalogOverrides", "waivers"],
  "outcome-review-date": ["tagPrefix", "waivers"],
  "team-ceilings-within-team-budget": ["tagPrefix", "waivers"],
};

const settingsSchemas = new Map<PolicyName, z.ZodObject>();

/** The zod schema of one policy's settings (its entry in a config file, minus enforcementLevel). */
export function policySettingsSchema(name: PolicyName): z.ZodObject {
  let schema = settingsSchemas.get(name);
  if (!schema) {
    const shape: Partial<Record<SettingName, (typeof SETTINGS)[SettingName]>> = {};
    for (const key of POLICY_SETTINGS[name]) shape[key] = SETTINGS[key];
    schema = z.object(shape).strict();
    settingsSchemas.set(name, schema);
  }
  return schema;
}

/**
 * The whole `--policy-pack-config` file: per policy an enforcement level, or an object with an
 * optional enforcementLevel and that policy's settings; `all` sets every policy's level.
 */
export const PackConfigSchema = z
  .object({
    all: z
      .union([
        EnforcementLevelSchema,
        z.object({ enforcementLevel: EnforcementLevelSchema }).strict(),
      ])
      .optional()
      .describe("Enforcement level for every policy; only `enforcementLevel` applies to all."),
    ...Object.fromEntries(
      POLICY_NAMES.map((name) => [
        name,
        z
          .union([
            EnforcementLevelSchema,
            policySettingsSchema(name).extend({
              enforcementLevel: EnforcementLevelSchema.optional(),
            }),
          ])
          .optional(),
      ]),
    ),
  })
  .strict();
export type PackConfig = z.input<typeof PackConfigSchema>;

let settingsJson: Record<string, Record<string, unknown>> | undefined;

/** The JSON Schema of every setting, converted once (one conversion is the start-up cost). */
function allSettingsJson(): Record<string, Record<string, unknown>> {
  settingsJson ??=
    (
      z.toJSONSchema(z.object(SETTINGS), {
        target: "draft-07",
        io: "input",
        reused: "inline",
        unrepresentable: "any",
      }) as { properties?: Record<string, Record<string, unknown>> }
    ).properties ?? {};
  return settingsJson;
}

/** The JSON Schema of one policy's settings, as `PolicyPack` wants it: `{properties}`. */
export function policyConfigSchema(name: PolicyName): {
  properties: Record<string, Record<string, unknown>>;
} {
  const all = allSettingsJson();
  const properties: Record<string, Record<string, unknown>> = {};
  for (const key of POLICY_SETTINGS[name]) {
    const schema = all[key];
    if (schema) properties[key] = structuredClone(schema);
  }
  return { properties };
}

/** What a policy works with once its config is resolved. */
export interface PolicySettings extends GovernanceSettings {
  readonly waivers: readonly Waiver[];
}

export type ResolvedConfig =
  | { readonly ok: true; readonly settings: PolicySettings }
  | { readonly ok: false; readonly problems: readonly string[] };

/** The keys allowed in a nested setting, for "unknown setting" messages. */
const NESTED_KEYS: Readonly<Record<string, readonly string[]>> = {
  maxCeilingUsd: ["premium", "standard", "economy"],
  catalogOverrides: Object.keys(CatalogOverrideSchema.shape),
  waivers: Object.keys(WaiverSchema.shape),
};

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    out += typeof p === "number" ? `[${p}]` : out ? `.${String(p)}` : String(p);
  }
  return out;
}

/** Every problem with a policy's settings, each naming the field by path and what is allowed. */
export function configProblems(name: PolicyName, error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const at = formatPath(issue.path);
    if (issue.code === "unrecognized_keys") {
      const top = issue.path[0];
      const allowed =
        issue.path.length === 0
          ? POLICY_SETTINGS[name].join(", ")
          : (NESTED_KEYS[String(top)] ?? []).join(", ") || "see docs/POLICIES.md";
      return `${at ? `${at}: ` : ""}unknown setting${issue.keys.length > 1 ? "s" : ""} ${issue.keys
        .map((k) => `"${k}"`)
        .join(", ")}; ${at || name} takes: ${allowed}`;
    }
    return `${at || "config"}: ${issue.message}`;
  });
}

const catalogs = new Map<string, Catalog>();
const resolved = new Map<string, ResolvedConfig>();

function catalogFor(overrides: readonly z.output<typeof CatalogOverrideSchema>[]): Catalog {
  if (overrides.length === 0) return DEFAULT_CATALOG;
  const key = JSON.stringify(overrides);
  let catalog = catalogs.get(key);
  if (!catalog) {
    catalog = buildCatalog(overrides);
    if (catalogs.size > 64) catalogs.clear();
    catalogs.set(key, catalog);
  }
  return catalog;
}

/**
 * A setting another policy takes (say `tagPrefix` copied onto every policy of a config file) is
 * ignored; a name no policy takes is an error, so a typo never passes silently.
 */
function withoutOtherPoliciesSettings(name: PolicyName, raw: unknown): unknown {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return raw;
  const own = POLICY_SETTINGS[name] as readonly string[];
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(raw)) {
    if (key in SETTINGS && !own.includes(key)) {
      out ??= { ...(raw as Record<string, unknown>) };
      delete out[key];
    }
  }
  return out ?? raw;
}

/**
 * A policy's config (what `args.getConfig()` returns: its properties without enforcementLevel) as
 * domain settings, or every problem with it. Results are cached per distinct config.
 */
export function resolvePolicyConfig(name: PolicyName, raw: unknown): ResolvedConfig {
  const input = withoutOtherPoliciesSettings(name, raw === undefined || raw === null ? {} : raw);
  let key: string;
  try {
    key = `${name}\u0000${JSON.stringify(input)}`;
  } catch {
    key = "";
  }
  const hit = key ? resolved.get(key) : undefined;
  if (hit) return hit;
  const parsed = policySettingsSchema(name).safeParse(input);
  let result: ResolvedConfig;
  if (!parsed.success) {
    result = { ok: false, problems: configProblems(name, parsed.error) };
  } else {
    const data = parsed.data as {
      tagPrefix?: string;
      gatedTiers?: Tier[];
      maxCeilingUsd?: Record<Tier, number>;
      catalogOverrides?: z.output<typeof CatalogOverrideSchema>[];
      waivers?: Waiver[];
    };
    result = {
      ok: true,
      settings: {
        keys: tagKeys(data.tagPrefix ?? DEFAULT_TAG_PREFIX),
        catalog: catalogFor(data.catalogOverrides ?? []),
        gatedTiers: data.gatedTiers ?? [...DEFAULT_GATED_TIERS],
        maxCeilingUsd: data.maxCeilingUsd ?? DEFAULT_MAX_CEILING_USD,
        waivers: data.waivers ?? [],
      },
    };
  }
  if (key) {
    if (resolved.size > 256) resolved.clear();
    resolved.set(key, result);
  }
  return result;
}
