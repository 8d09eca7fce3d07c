/**
 * The pack's configuration: ONE zod schema is the source of every policy's `configSchema` (zod 4's
 * JSON Schema output, which the Pulumi CLI and Pulumi Cloud validate `--policy-pack-config` files
 * against and take defaults from), of the documentation, and of the runtime check that turns a
 * policy's config into domain settings.
 *
 * How the engine passes config (its `ReconcilePolicyPackConfig`): a config
 * file is a JSON object keyed by policy name; a value is an enforcement level string or an object
 * with an optional `enforcementLevel` and the policy's properties. The key `all` sets the
 * enforcement level of every policy (its other properties reach no policy). The CLI fills each
 * property's `default` from the schema, validates every policy's properties, and sends the result
 * in the Configure RPC: a map from policy name to {enforcementLevel, properties}. A policy reads
 * only its own entry (`args.getConfig()`), so shared settings such as `tagPrefix` are given to
 * each policy that uses them.
 */
import { isDeepStrictEqual } from "node:util";
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
import { ENFORCEMENT_LEVELS } from "../domain/enforcement";
import { WaiverSchema, type Waiver } from "../domain/waivers";
import { formatPath, zodProblems } from "../domain/zod-problems";

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

/** Every setting a policy can take. Each policy takes the subset its `meta.settings` names. */
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

/** What config resolution needs to know of a policy. */
export interface PolicySettingsOf {
  readonly name: string;
  readonly settings: readonly SettingName[];
}

const settingsSchemas = new Map<string, z.ZodObject>();

/** The zod schema of a policy's settings (its entry in a config file, minus enforcementLevel). */
export function policySettingsSchema(settings: readonly SettingName[]): z.ZodObject {
  const id = settings.join(",");
  let schema = settingsSchemas.get(id);
  if (!schema) {
    const shape: Partial<Record<SettingName, (typeof SETTINGS)[SettingName]>> = {};
    for (const key of settings) shape[key] = SETTINGS[key];
    schema = z.object(shape).strict();
    settingsSchemas.set(id, schema);
  }
  return schema;
}

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
export function policyConfigSchema(settings: readonly SettingName[]): {
  properties: Record<string, Record<string, unknown>>;
} {
  const all = allSettingsJson();
  const properties: Record<string, Record<string, unknown>> = {};
  for (const key of settings) {
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

/** Every problem with a policy's settings, each naming the field by path and what is allowed. */
function configProblems(
  policy: PolicySettingsOf,
  schema: z.ZodType,
  error: z.ZodError,
  input: unknown,
): string[] {
  return zodProblems(schema, error, input).map((p) => {
    const at = formatPath(p.path);
    if (p.kind !== "unknown-key") return `${at || "config"}: ${p.message}`;
    const where = formatPath(p.path.slice(0, -1));
    const key = String(p.path[p.path.length - 1]);
    const allowed = p.allowed?.join(", ") || "see docs/POLICIES.md";
    return `${where ? `${where}: ` : ""}unknown setting "${key}"; ${where || policy.name} takes: ${allowed}`;
  });
}

const catalogs = new Map<string, Catalog>();

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
function withoutOtherPoliciesSettings(policy: PolicySettingsOf, raw: unknown): unknown {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return raw;
  const own = policy.settings as readonly string[];
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
 * domain settings, or every problem with it; each policy's last result is kept.
 */
export function resolvePolicyConfig(policy: PolicySettingsOf, raw: unknown): ResolvedConfig {
  const input = withoutOtherPoliciesSettings(policy, raw === undefined || raw === null ? {} : raw);
  // The SDK hands each call a fresh shallow copy of the same config: the same values by identity
  // as the last call's resolve the same, without parsing the config again.
  const last = lastResolved.get(policy.name);
  if (last && sameValues(last.input, input)) return last.result;
  const result = resolveUncached(policy, input);
  lastResolved.set(policy.name, { input, result });
  return result;
}

/** The last config each policy resolved, and what it resolved to. */
const lastResolved = new Map<
  string,
  { readonly input: unknown; readonly result: ResolvedConfig }
>();

/** Two configs with the same own keys holding the same values (by identity). */
function sameValues(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every(
    (k) =>
      Object.prototype.hasOwnProperty.call(b, k) &&
      (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k],
  );
}

function resolveUncached(policy: PolicySettingsOf, input: unknown): ResolvedConfig {
  if (atDefaults(policy, input)) return (defaultsResolved ??= settingsOf({}));
  const schema = policySettingsSchema(policy.settings);
  const parsed = schema.safeParse(input);
  return parsed.success
    ? settingsOf(parsed.data)
    : { ok: false, problems: configProblems(policy, schema, parsed.error, input) };
}

/** Parsed settings (or none: their defaults) as what a policy works with. */
function settingsOf(data: {
  tagPrefix?: string;
  gatedTiers?: Tier[];
  maxCeilingUsd?: Record<Tier, number>;
  catalogOverrides?: z.output<typeof CatalogOverrideSchema>[];
  waivers?: Waiver[];
}): ResolvedConfig {
  return {
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

let defaultsResolved: ResolvedConfig | undefined;

/**
 * Whether a config holds only the policy's own settings, each at its schema default: what the
 * engine sends for a policy a config file does not set (it fills in every default). Those resolve
 * as no settings do, without a parse: the parse of each policy's schema is first-call work at
 * every pack start, on the engine's path.
 */
function atDefaults(policy: PolicySettingsOf, input: unknown): boolean {
  if (input === null || typeof input !== "object" || Array.isArray(input)) return false;
  const own = policy.settings as readonly string[];
  const all = allSettingsJson();
  return Object.entries(input).every(
    ([key, value]) => own.includes(key) && isDeepStrictEqual(value, all[key]?.default),
  );
}
