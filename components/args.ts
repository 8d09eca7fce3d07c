/**
 * Component arguments: one zod schema per argument kind, shared by every component, and the
 * validation that turns every problem into one {@link InvalidArgumentsError} before any resource
 * is registered.
 *
 * Arguments that decide governance (team, outcome, model, ceiling, capacity, task class, hard stop,
 * tag prefix) are plain values: tags and the model source must be known at preview, or the policy
 * pack cannot read them (a tags map with one computed value is wholly unknown). Arguments that only
 * point at other infrastructure (resource groups, ARNs of roles, API Management services) accept
 * `pulumi.Input`s.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import {
  assessOutcomeStatement,
  AWS_ALLOWED_DESCRIPTION,
  buildCatalog,
  CatalogOverrideSchema,
  classifyModel,
  DEFAULT_GATED_TIERS,
  DEFAULT_MAX_CEILING_USD,
  formatUsd,
  governanceTags,
  HARD_STOP_VALUES,
  isGated,
  KPI_IDS,
  OutcomeSchema,
  TagEncodingError,
  tagKeys,
  TIERS,
  validateTags,
  type Catalog,
  type Classification,
  type Cloud,
  type GovernanceSettings,
  type NoProjection,
  type Outcome,
  type SpendProjection,
  type TagKeys,
  type Tier,
} from "../domain";
import { formatPath, zodProblems } from "../domain/zod-problems";
import { SLUG_PATTERN, TagPrefixSchema, TaskClassArgSchema } from "./schemas";

// ---------------------------------------------------------------------------------------------
// Errors

export interface ArgProblem {
  /** Where the problem is, e.g. `outcome.statement` or `endpoints[1].capacity.units`. */
  readonly path: string;
  /** What is wrong and what is allowed. */
  readonly message: string;
}

/** Every problem with a component's arguments, thrown before any resource is registered. */
export class InvalidArgumentsError extends Error {
  override readonly name = "InvalidArgumentsError";
  constructor(
    readonly component: string,
    readonly resourceName: string,
    readonly problems: readonly ArgProblem[],
  ) {
    super(
      `invalid arguments for ${component} "${resourceName}" (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  - ${p.path}: ${p.message}`).join("\n"),
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Schemas

/** True for a value only known later: an Output or a promise. */
export function isPending(value: unknown): boolean {
  return pulumi.Output.isInstance(value) || value instanceof Promise;
}

/**
 * An argument that may be a `pulumi.Input`: a plain value is checked against `inner` now; an
 * Output or a promise is accepted as is (the cloud checks it when it is known).
 */
export function pulumiInput<T extends z.ZodType>(inner: T) {
  return z
    .custom<pulumi.Input<z.output<T>>>(() => true)
    .superRefine((value, ctx) => {
      if (isPending(value)) return;
      const r = inner.safeParse(value);
      if (!r.success) {
        for (const issue of r.error.issues) {
          ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
        }
      }
    });
}

/** A list whose items may each be an Input; the list itself may be an Input too. */
export function pulumiInputList<T extends z.ZodType>(inner: T) {
  return z
    .custom<pulumi.Input<pulumi.Input<z.output<T>>[]>>(() => true)
    .superRefine((value, ctx) => {
      if (isPending(value)) return;
      if (!Array.isArray(value)) {
        ctx.addIssue({ code: "custom", message: "must be a list", path: [] });
        return;
      }
      value.forEach((item, i) => {
        if (isPending(item)) return;
        const r = inner.safeParse(item);
        if (!r.success) {
          for (const issue of r.error.issues)
            ctx.addIssue({ code: "custom", message: issue.message, path: [i, ...issue.path] });
        }
      });
    });
}

export const TeamSchema = z.string().regex(SLUG_PATTERN, {
  message:
    "must be a slug: lowercase letters, digits and hyphens, 1-63 characters (e.g. customer-support)",
});

const TAG_SAFE = /^[\p{L}\p{N}\p{Zs}+\-=._:/@]*$/u;
export const CostCenterSchema = z
  .string()
  .trim()
  .min(1, { message: "must not be empty" })
  .max(256, { message: "must be at most 256 characters" })
  .regex(TAG_SAFE, { message: `may contain only ${AWS_ALLOWED_DESCRIPTION} (it becomes a tag)` });

export const ModelSchema = z
  .string({ message: "must name the model (a model id, profile id, ARN or Azure model name)" })
  .trim()
  .min(1, { message: "must name the model (a model id, profile id, ARN or Azure model name)" });

export const CeilingUsdSchema = z
  .number({ message: "must be a number of US dollars per month, in digits (e.g. 5000)" })
  .finite({ message: "must be a finite number of US dollars" })
  .positive({
    message: "must be more than 0 US dollars per month; a ceiling of 0 gates nothing",
  })
  .refine((n) => Math.round(n * 100) === n * 100, {
    message: "must have at most two decimals (cents)",
  });

export const ExpectedTokensSchema = z
  .object({
    inputTokensPerMonth: z
      .number()
      .int({ message: "must be a whole number of tokens" })
      .nonnegative({ message: "must be 0 or more" }),
    outputTokensPerMonth: z
      .number()
      .int({ message: "must be a whole number of tokens" })
      .nonnegative({ message: "must be 0 or more" }),
  })
  .strict();

export const HardStopArgSchema = z.enum(HARD_STOP_VALUES, {
  message: `must be one of: ${HARD_STOP_VALUES.join(", ")}`,
});

export const EmailSchema = z.email({ message: "must be an email address" });

/** Settings that decide how a resource is judged, shared with the policy pack's configuration. */
export const GovernanceOptionsShape = {
  /** Tag key prefix (default `ai-`); must match the policy pack's. */
  tagPrefix: TagPrefixSchema.optional(),
  /** Catalog overrides (add a model, change a tier or price); must match the policy pack's. */
  catalogOverrides: z.array(CatalogOverrideSchema).optional(),
  /** Highest ceiling per tier (default: premium 25,000, standard 10,000, economy 5,000). */
  maxCeilingUsd: z
    .object({
      premium: z.number().positive().optional(),
      standard: z.number().positive().optional(),
      economy: z.number().positive().optional(),
    })
    .strict()
    .optional(),
  /** Tiers that need a measurable outcome (default: premium). */
  gatedTiers: z.array(z.enum(TIERS, { message: `must be one of: ${TIERS.join(", ")}` })).optional(),
} as const;

export interface GovernanceOptions {
  readonly tagPrefix?: string;
  readonly catalogOverrides?: z.input<typeof CatalogOverrideSchema>[];
  readonly maxCeilingUsd?: Partial<Record<Tier, number>>;
  readonly gatedTiers?: Tier[];
}

/** What every gated endpoint declares, on either cloud. */
export const EndpointGovernanceShape = {
  team: TeamSchema,
  outcome: OutcomeSchema,
  model: ModelSchema,
  monthlyCeilingUsd: CeilingUsdSchema,
  expectedTokens: ExpectedTokensSchema.optional(),
  taskClass: TaskClassArgSchema,
  hardStop: HardStopArgSchema.optional(),
  costCenter: CostCenterSchema.optional(),
  ...GovernanceOptionsShape,
} as const;

// ---------------------------------------------------------------------------------------------
// Validation

/** zod issues as argument problems: unknown keys with what is allowed, KPIs with the catalog's. */
function argProblems(schema: z.ZodType, error: z.ZodError, input: unknown): ArgProblem[] {
  return zodProblems(schema, error, input).map((p) => {
    const path = formatPath(p.path);
    if (p.kind === "unknown-key") {
      return {
        path,
        message: `is not an argument here${p.allowed ? `; allowed: ${p.allowed.join(", ")}` : ""}`,
      };
    }
    const kpi = path.endsWith("kpi") && p.code === "custom" && !/catalog/.test(p.message);
    return {
      path: path || "(arguments)",
      message: kpi ? `${p.message}; KPIs: ${KPI_IDS.join(", ")}` : p.message,
    };
  });
}

/**
 * Parse a component's arguments, then run the cross-argument checks; throw one
 * {@link InvalidArgumentsError} listing every problem. Cross-argument checks run only when the
 * shape is right, so each problem is reported once and in terms of the argument at fault.
 */
export function parseArgs<S extends z.ZodType>(
  component: string,
  name: string,
  schema: S,
  args: unknown,
  checks?: (data: z.output<S>) => ArgProblem[],
  /**
   * Checks that still make sense when some other argument is malformed: given the raw arguments
   * and the top-level arguments that failed, they report what they can (e.g. a vague outcome
   * beside a ceiling of 0), so one error names every problem.
   */
  partialChecks?: (raw: Record<string, unknown>, failed: ReadonlySet<string>) => ArgProblem[],
): z.output<S> {
  if (typeof name !== "string" || name.trim() === "") {
    throw new InvalidArgumentsError(component, String(name), [
      { path: "name", message: "a resource needs a non-empty name" },
    ]);
  }
  const parsed = schema.safeParse(args ?? {});
  if (!parsed.success) {
    const problems = argProblems(schema, parsed.error, args ?? {});
    if (partialChecks && args !== null && typeof args === "object" && !Array.isArray(args)) {
      const failed = new Set(parsed.error.issues.map((i) => String(i.path[0] ?? "")));
      for (const i of parsed.error.issues) {
        if (i.code === "unrecognized_keys") for (const k of i.keys) failed.add(k);
      }
      const seen = new Set(problems.map((p) => p.path));
      for (const p of partialChecks(args as Record<string, unknown>, failed)) {
        if (!seen.has(p.path)) problems.push(p);
      }
    }
    throw new InvalidArgumentsError(component, name, problems);
  }
  const problems = checks ? checks(parsed.data) : [];
  if (problems.length > 0) throw new InvalidArgumentsError(component, name, problems);
  return parsed.data;
}

/**
 * Run a validation that may throw {@link InvalidArgumentsError} and return its problems with their
 * paths rewritten (so a convenience component can report a child's problem by its own argument).
 */
export function collectProblems(
  validate: () => unknown,
  rewrite: (path: string) => string,
): ArgProblem[] {
  try {
    validate();
    return [];
  } catch (e) {
    if (e instanceof InvalidArgumentsError) {
      return e.problems.map((p) => ({ path: rewrite(p.path), message: p.message }));
    }
    throw e;
  }
}

/** The settings a component judges with, from its (already parsed) governance options. */
export type Governance = GovernanceSettings;

export function governanceOf(options: GovernanceOptions): Governance {
  return {
    keys: tagKeys(options.tagPrefix),
    catalog: buildCatalog(options.catalogOverrides ?? []),
    gatedTiers: options.gatedTiers ?? DEFAULT_GATED_TIERS,
    maxCeilingUsd: { ...DEFAULT_MAX_CEILING_USD, ...(options.maxCeilingUsd ?? {}) },
  };
}

/** A gated tier's outcome statement problems, each with why the model needs a measurable one. */
function outcomeStatementProblems(
  outcome: { readonly statement: string; readonly kpi: string },
  model: Classification,
  prefix: string,
): ArgProblem[] {
  return assessOutcomeStatement(outcome.statement, outcome.kpi).problems.map((p) => ({
    path: `${prefix}outcome.statement`,
    message: `${p} (a ${model.tier} model needs one clear, measurable sentence: ${model.reason})`,
  }));
}

/**
 * The outcome-and-ceiling checks of a gated endpoint, the same the policy pack makes:
 * a measurable outcome statement for a gated tier, a ceiling within the tier's maximum.
 */
export function endpointGovernanceProblems(
  data: {
    readonly outcome: { readonly statement: string; readonly kpi: string };
    readonly monthlyCeilingUsd: number;
  },
  model: Classification,
  gov: Governance,
  prefix = "",
): ArgProblem[] {
  const problems: ArgProblem[] = [];
  if (isGated(model.tier, gov))
    problems.push(...outcomeStatementProblems(data.outcome, model, prefix));
  const max = gov.maxCeilingUsd[model.tier];
  if (data.monthlyCeilingUsd > max) {
    problems.push({
      path: `${prefix}monthlyCeilingUsd`,
      message: `${formatUsd(data.monthlyCeilingUsd)} is above the ${formatUsd(max)} maximum for a ${model.tier} endpoint; allowed: up to ${formatUsd(max)}`,
    });
  }
  return problems;
}

const GovernanceOptionsSchema = z.object(GovernanceOptionsShape);

/**
 * The checks of a gated endpoint that need only its outcome, model and governance options: the
 * outcome quality check for a gated tier, and whether the cloud serves the model. Used when other
 * arguments are malformed, so their problems and these are reported together.
 */
export function endpointPartialChecks(
  cloud: Cloud,
  servingProblem: (cloud: Cloud, model: string, catalog: Catalog) => string | undefined,
): (raw: Record<string, unknown>, failed: ReadonlySet<string>) => ArgProblem[] {
  return (raw, failed) => {
    const options = GovernanceOptionsSchema.safeParse({
      tagPrefix: raw.tagPrefix,
      catalogOverrides: raw.catalogOverrides,
      maxCeilingUsd: raw.maxCeilingUsd,
      gatedTiers: raw.gatedTiers,
    });
    if (!options.success || failed.has("model") || typeof raw.model !== "string") return [];
    const gov = governanceOf(options.data);
    const model = classifyModel(raw.model, gov.catalog);
    const problems: ArgProblem[] = [];
    const serving = servingProblem(cloud, raw.model, gov.catalog);
    if (serving) problems.push({ path: "model", message: serving });
    const outcome = OutcomeSchema.safeParse(raw.outcome);
    if (!failed.has("outcome") && outcome.success && isGated(model.tier, gov)) {
      problems.push(...outcomeStatementProblems(outcome.data, model, ""));
    }
    return problems;
  };
}

/** Which argument a tag key comes from, for tag problems. */
function argumentOfTag(keys: TagKeys, key: string, prefix: string): string {
  const byKey: Record<string, string> = {
    [keys.team]: "team",
    [keys.outcome]: "outcome.id",
    [keys.outcomeStatement]: "outcome.statement",
    [keys.kpi]: "outcome.kpi",
    [keys.reviewBy]: "outcome.reviewBy",
    [keys.costCeilingUsd]: "monthlyCeilingUsd",
    [keys.costCenter]: "costCenter",
    [keys.taskClass]: "taskClass",
    [keys.hardStop]: "hardStop",
  };
  return `${prefix}${byKey[key] ?? "tagPrefix"}`;
}

/**
 * Build tags with `build`, then check them for the cloud; problems name the argument each tag
 * comes from. Returns the tags, or undefined with the problems pushed.
 */
export function checkedTags(
  cloud: Cloud,
  keys: TagKeys,
  build: () => Record<string, string>,
  problems: ArgProblem[],
  prefix = "",
): Record<string, string> | undefined {
  let tags: Record<string, string>;
  try {
    tags = build();
  } catch (e) {
    if (e instanceof TagEncodingError || e instanceof RangeError) {
      problems.push({ path: `${prefix}outcome.statement`, message: e.message });
      return undefined;
    }
    throw e;
  }
  const issues = validateTags(cloud, tags);
  for (const issue of issues) {
    problems.push({
      path: argumentOfTag(keys, issue.key, prefix),
      message: `tag ${issue.key}: ${issue.problem}`,
    });
  }
  return issues.length === 0 ? tags : undefined;
}

/** What a tagged resource of a team declares: its tags come from these. */
export interface TaggedArgs {
  readonly team: string;
  readonly outcome?: Outcome | undefined;
  readonly costCenter?: string | undefined;
  readonly tagPrefix?: string | undefined;
  /** The monthly ceiling the resource guards, when it guards one (becomes the ceiling tag). */
  readonly monthlyCeilingUsd?: number | undefined;
}

/**
 * {@link parseArgs} for a resource tagged with its team (and outcome, cost center and ceiling, when
 * it has them): `checks` run first, then the tags are built and checked for the cloud.
 */
export function parseTaggedArgs<S extends z.ZodType<TaggedArgs>>(
  cloud: Cloud,
  component: string,
  name: string,
  schema: S,
  args: unknown,
  checks?: (data: z.output<S>) => ArgProblem[],
): { args: z.output<S>; tags: Record<string, string> } {
  let tags: Record<string, string> | undefined;
  const parsed = parseArgs(component, name, schema, args, (p) => {
    const problems: ArgProblem[] = checks ? checks(p) : [];
    const keys = tagKeys(p.tagPrefix);
    tags = checkedTags(
      cloud,
      keys,
      () =>
        governanceTags(keys, {
          team: p.team,
          ...(p.outcome ? { outcome: p.outcome } : {}),
          ...(p.costCenter !== undefined ? { costCenter: p.costCenter } : {}),
          ...(p.monthlyCeilingUsd !== undefined ? { ceilingUsd: p.monthlyCeilingUsd } : {}),
        }),
      problems,
    );
    return problems;
  });
  return { args: parsed, tags: tags ?? {} };
}

/** Classify with the component's catalog. */
export function classify(model: string, gov: Governance): Classification {
  return classifyModel(model, gov.catalog);
}

/** An endpoint's spend projection, as its outputs carry it. */
export interface EndpointProjection {
  /** From the declared expected tokens, when declared. */
  readonly expected?: SpendProjection;
  /** The most the declared capacity can cost, when capacity is declared. */
  readonly maximum?: SpendProjection | NoProjection;
}

export type { Cloud };
