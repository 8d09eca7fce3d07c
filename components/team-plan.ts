/**
 * What the team components of both clouds share: the argument pieces every team declares (team,
 * cost center, budget, outcomes, endpoints), and the cloud-agnostic planning (outcome references,
 * unique endpoint names, outcomes without an endpoint, ceilings within the team budget, per-outcome
 * budget limits). Each cloud's team file keeps its own endpoint arguments, key and budget wiring.
 */
import { z } from "zod";
import { roundCents } from "../domain/money";
import {
  CeilingUsdSchema,
  CostCenterSchema,
  ModelSchema,
  parseArgs,
  TeamSchema,
  type ArgProblem,
  type GovernanceOptions,
} from "./args";
import { SLUG_PATTERN, TaskClassArgSchema } from "./schemas";

/** The arguments every team endpoint starts with; `example` names a typical endpoint. */
export function teamEndpointShape(example: string) {
  return {
    /** Unique within the team; names the endpoint's resources. */
    name: z.string().regex(SLUG_PATTERN, {
      message: `must be a slug: lowercase letters, digits and hyphens (e.g. ${example})`,
    }),
    /** The id of one of the team's outcomes. */
    outcome: z.string().min(1, { message: "must be the id of one of the team's outcomes" }),
    model: ModelSchema,
    monthlyCeilingUsd: CeilingUsdSchema,
    taskClass: TaskClassArgSchema,
  } as const;
}

/** Who the team is and what it may spend in a month. */
export const TeamBudgetShape = {
  team: TeamSchema,
  costCenter: CostCenterSchema,
  /** The team's monthly AI budget; the sum of its endpoints' ceilings must fit in it. */
  monthlyBudgetUsd: CeilingUsdSchema,
} as const;

/** A team's outcomes: at least one. */
export function teamOutcomesSchema<T extends z.ZodType>(outcome: T) {
  return z
    .array(outcome)
    .min(1, { message: "a team needs at least one outcome: what its AI spend must change" });
}

/** A team's endpoints: at least one. */
export function teamEndpointsSchema<T extends z.ZodType>(endpoint: T) {
  return z.array(endpoint).min(1, {
    message: "a team needs at least one endpoint (or it needs no OutcomeGuard team)",
  });
}

/** The team's governance options, as its endpoints take them (only those it declares). */
export function governanceArgs(a: GovernanceOptions): GovernanceOptions {
  return {
    ...(a.tagPrefix !== undefined ? { tagPrefix: a.tagPrefix } : {}),
    ...(a.catalogOverrides !== undefined ? { catalogOverrides: a.catalogOverrides } : {}),
    ...(a.maxCeilingUsd !== undefined ? { maxCeilingUsd: a.maxCeilingUsd } : {}),
    ...(a.gatedTiers !== undefined ? { gatedTiers: a.gatedTiers } : {}),
  };
}

interface TeamOutcomeBase {
  readonly id: string;
}

interface TeamEndpointBase {
  readonly name: string;
  readonly outcome: string;
  readonly monthlyCeilingUsd: number;
}

/** What a team declares that its planning checks, whatever the cloud. */
export interface TeamBase<O extends TeamOutcomeBase, E extends TeamEndpointBase> {
  readonly monthlyBudgetUsd: number;
  readonly outcomes: readonly O[];
  readonly endpoints: readonly E[];
}

/** One endpoint of a team, with the outcome it serves (both by index in the team's arguments). */
export interface TeamEndpointContext<O, E> {
  readonly endpoint: E;
  readonly index: number;
  readonly outcome: O;
  readonly outcomeIndex: number;
  /**
   * Report a child's problems (already rewritten to team paths); a problem some other endpoint
   * reported already, by the same path and message, is reported once.
   */
  readonly report: (problems: readonly ArgProblem[]) => void;
}

/**
 * Rewrite a team endpoint's problem path to the team's argument that caused it: its outcome's
 * fields under `outcomes[oi]`, team-level arguments as they are, everything else under
 * `endpoints[i]`.
 */
export function teamEndpointPath(
  ctx: Pick<TeamEndpointContext<unknown, unknown>, "index" | "outcomeIndex">,
  isTeamLevel: (path: string) => boolean,
): (path: string) => string {
  return (path) =>
    path.startsWith("outcome.")
      ? `outcomes[${ctx.outcomeIndex}].${path.slice("outcome.".length)}`
      : isTeamLevel(path)
        ? path
        : `endpoints[${ctx.index}].${path}`;
}

/**
 * Plan a team's endpoints: every outcome id once, every endpoint name once, every endpoint on one
 * of the team's outcomes (`plan` is called for those, in order, to check and plan the cloud's
 * part), every outcome with an endpoint, and the ceilings within the team budget. Problems are
 * pushed to `problems` in that order.
 */
export function planTeamEndpoints<O extends TeamOutcomeBase, E extends TeamEndpointBase, P>(
  a: TeamBase<O, E>,
  problems: ArgProblem[],
  plan: (ctx: TeamEndpointContext<O, E>) => P,
): P[] {
  const outcomeIndex = new Map<string, number>();
  a.outcomes.forEach((o, i) => {
    if (outcomeIndex.has(o.id)) {
      problems.push({ path: `outcomes[${i}].id`, message: `"${o.id}" is declared twice` });
    } else outcomeIndex.set(o.id, i);
  });
  const names = new Set<string>();
  const used = new Set<string>();
  const seenMessages = new Set<string>();
  const report = (ps: readonly ArgProblem[]) => {
    for (const p of ps) {
      const key = `${p.path}\u0000${p.message}`;
      if (!seenMessages.has(key)) {
        seenMessages.add(key);
        problems.push(p);
      }
    }
  };
  const planned: P[] = [];
  a.endpoints.forEach((e, i) => {
    if (names.has(e.name)) {
      problems.push({ path: `endpoints[${i}].name`, message: `"${e.name}" is used twice` });
    }
    names.add(e.name);
    const oi = outcomeIndex.get(e.outcome);
    const o = oi === undefined ? undefined : a.outcomes[oi];
    if (oi === undefined || !o) {
      problems.push({
        path: `endpoints[${i}].outcome`,
        message: `"${e.outcome}" is not one of the team's outcomes; allowed: ${[...outcomeIndex.keys()].join(", ")}`,
      });
      return;
    }
    used.add(e.outcome);
    planned.push(plan({ endpoint: e, index: i, outcome: o, outcomeIndex: oi, report }));
  });
  a.outcomes.forEach((o, i) => {
    if (!used.has(o.id) && outcomeIndex.get(o.id) === i) {
      problems.push({
        path: `outcomes[${i}]`,
        message: `outcome "${o.id}" has no endpoint; add one or remove the outcome`,
      });
    }
  });
  const total = a.endpoints.reduce((sum, e) => sum + e.monthlyCeilingUsd, 0);
  if (total > a.monthlyBudgetUsd) {
    problems.push({
      path: "monthlyBudgetUsd",
      message: `the team's endpoint ceilings add up to ${total} USD per month, more than its ${a.monthlyBudgetUsd} USD budget; raise the budget or lower ceilings`,
    });
  }
  return planned;
}

/** Each outcome with endpoints and its budget limit: the sum of its endpoints' ceilings, in cents. */
export function outcomeLimits<O extends TeamOutcomeBase, E extends TeamEndpointBase>(
  a: TeamBase<O, E>,
): { outcome: O; monthlyLimitUsd: number }[] {
  const limits: { outcome: O; monthlyLimitUsd: number }[] = [];
  for (const o of a.outcomes) {
    const limit = a.endpoints
      .filter((e) => e.outcome === o.id)
      .reduce((sum, e) => sum + e.monthlyCeilingUsd, 0);
    if (limit > 0) limits.push({ outcome: o, monthlyLimitUsd: roundCents(limit) });
  }
  return limits;
}

/**
 * Validate a team's arguments and plan its children: `plan` pushes every problem it finds and
 * returns the plan; throws one {@link InvalidArgumentsError} naming every problem.
 */
export function planTeam<S extends z.ZodType, P>(
  component: string,
  name: string,
  schema: S,
  raw: unknown,
  plan: (a: z.output<S>, problems: ArgProblem[]) => P,
): P {
  let planned: P | undefined;
  parseArgs(component, name, schema, raw, (a) => {
    const problems: ArgProblem[] = [];
    const p = plan(a, problems);
    if (problems.length === 0) planned = p;
    return problems;
  });
  if (planned === undefined) throw new Error(`internal: team ${name} validated but not planned`);
  return planned;
}

/** Children by name, created in order. */
export function byName<T extends { readonly name: string }, R>(
  items: readonly T[],
  create: (item: T) => R,
): Record<string, R> {
  const out: Record<string, R> = {};
  for (const item of items) out[item.name] = create(item);
  return out;
}
