/**
 * What the team components of both clouds share: the argument pieces every team declares (team,
 * cost center, budget, outcomes, endpoints), the cloud-agnostic planning (outcome references,
 * unique endpoint names, outcomes without an endpoint, ceilings within the team budget, per-outcome
 * budget limits, the arguments every endpoint takes from its team, its problems at the team's
 * paths), the children's names, and the team component that creates the planned children
 * ({@link AiTeamResource}). Each cloud's team file keeps its own endpoint arguments, key and budget
 * wiring.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { Outcome, TaskClass, Tier } from "../domain";
import { roundCents } from "../domain/money";
import {
  CeilingUsdSchema,
  collectProblems,
  CostCenterSchema,
  ModelSchema,
  type ExpectedTokensSchema,
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
  /**
   * Decide the endpoint as its component will (`decide` throws the component's
   * InvalidArgumentsError) and report its problems at the team's paths ({@link teamEndpointPath});
   * the decision, or undefined when it was refused.
   */
  readonly check: <D>(decide: () => D, isTeamLevel: (path: string) => boolean) => D | undefined;
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
  const check = <D>(
    ctx: Pick<TeamEndpointContext<O, E>, "index" | "outcomeIndex">,
    decide: () => D,
    isTeamLevel: (path: string) => boolean,
  ): D | undefined => {
    let decided: D | undefined;
    report(
      collectProblems(
        () => {
          decided = decide();
        },
        teamEndpointPath(ctx, isTeamLevel),
      ),
    );
    return decided;
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
    const at = { index: i, outcomeIndex: oi };
    planned.push(
      plan({
        endpoint: e,
        ...at,
        outcome: o,
        report,
        check: (decide, isTeamLevel) => check(at, decide, isTeamLevel),
      }),
    );
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

/** What a team declares that every one of its endpoints takes. */
export interface TeamEndpointSource extends GovernanceOptions {
  readonly team: string;
  readonly costCenter: string;
}

/** What every team endpoint declares for its gated endpoint, whatever the cloud. */
export interface TeamEndpointDeclaration extends TeamEndpointBase {
  readonly model: string;
  readonly taskClass: TaskClass;
  readonly expectedTokens?: z.output<typeof ExpectedTokensSchema> | undefined;
}

/**
 * The gated endpoint arguments a team endpoint has on every cloud: its team, cost center and
 * governance options, its outcome (as the cloud's endpoint takes it), model, ceiling, task class
 * and expected tokens. Each cloud adds its own.
 */
export function teamEndpointArgs<Oc>(
  a: TeamEndpointSource,
  e: TeamEndpointDeclaration,
  outcome: Oc,
) {
  return {
    team: a.team,
    outcome,
    model: e.model,
    monthlyCeilingUsd: e.monthlyCeilingUsd,
    taskClass: e.taskClass,
    costCenter: a.costCenter,
    ...(e.expectedTokens ? { expectedTokens: e.expectedTokens } : {}),
    ...governanceArgs(a),
  };
}

/**
 * The names of a team's children, from the team's resource name. Their URNs carry them: a changed
 * name is a delete and a create in every existing stack.
 */
export function teamChildNames(team: string) {
  return {
    endpoint: (endpoint: string) => `${team}-${endpoint}`,
    outcomeBudget: (outcomeId: string) => `${team}-${outcomeId}-budget`,
    teamBudget: `${team}-team-budget`,
    key: `${team}-key`,
  } as const;
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

/** A team's planned endpoint: its name in the team, its outcome's id and its component's arguments. */
export interface PlannedTeamEndpoint<EA> {
  readonly name: string;
  readonly outcome: string;
  readonly args: EA;
}

/** A team's planned outcome budget: the outcome and its budget alarm's arguments. */
export interface PlannedOutcomeBudget<BA> {
  readonly outcome: Outcome;
  readonly args: BA;
}

/**
 * A team's plan, whatever the cloud: its parsed arguments and each child's arguments, validated
 * (`X`: what a cloud plans beside an outcome budget's arguments).
 */
export interface TeamPlan<A extends { readonly team: string }, EA, BA, KA, X = object> {
  readonly args: A;
  readonly endpoints: readonly PlannedTeamEndpoint<EA>[];
  readonly outcomeBudgets: readonly (PlannedOutcomeBudget<BA> & X)[];
  readonly teamBudget: BA;
  readonly key?: KA;
}

type AnyTeamPlan = TeamPlan<{ readonly team: string }, unknown, unknown, unknown>;

/** A child component's class: `new Child(name, args, opts)`. */
type ChildClass<A, R> = new (name: string, args: A, opts?: pulumi.ComponentResourceOptions) => R;

/** What a team's endpoint outputs carry from each endpoint, whatever the cloud. */
interface TeamEndpointResource extends pulumi.ComponentResource {
  readonly tier: Tier;
  readonly tags: Readonly<Record<string, string>>;
}

/** A cloud's team children: their classes, and the arguments only created children can complete. */
export interface TeamChildren<P extends AnyTeamPlan, E, B, K, KA> {
  readonly Endpoint: ChildClass<P["endpoints"][number]["args"], E>;
  readonly Budget: ChildClass<P["teamBudget"], B>;
  readonly Key: ChildClass<KA, K>;
  /** The key's arguments from its plan and the team's endpoints, in order. */
  readonly keyArgs: (planned: NonNullable<P["key"]>, endpoints: readonly E[]) => KA;
  /** An outcome budget's arguments from its plan, the outcome's endpoints and the team's key. */
  readonly outcomeBudgetArgs: (
    planned: P["outcomeBudgets"][number],
    own: readonly E[],
    key: K | undefined,
  ) => P["teamBudget"];
}

/**
 * A team on one cloud: planned (every problem of the whole team reported at once, by path) before
 * anything is registered, then its children under it, named by {@link teamChildNames}: an endpoint
 * per planned endpoint, the key, a budget per outcome and the team budget.
 */
export abstract class AiTeamResource<
  P extends AnyTeamPlan,
  E extends TeamEndpointResource,
  B extends pulumi.ComponentResource,
  K extends pulumi.ComponentResource,
  KA,
>
  extends pulumi.ComponentResource
{
  readonly endpoints: Readonly<Record<string, E>>;
  readonly outcomeBudgets: Readonly<Record<string, B>>;
  readonly teamBudget: B;
  readonly key?: K;
  readonly team: string;
  /** The team's plan, for the cloud's own children. */
  protected readonly plan: P;

  protected constructor(
    type: string,
    plan: (name: string, raw: unknown) => P,
    name: string,
    args: unknown,
    children: TeamChildren<P, E, B, K, KA>,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    const p = plan(name, args);
    super(type, name, {}, opts);
    this.plan = p;
    this.team = p.args.team;
    const names = teamChildNames(name);
    const endpoints = byName(
      p.endpoints,
      (e) => new children.Endpoint(names.endpoint(e.name), e.args, { parent: this }),
    );
    this.endpoints = endpoints;
    if (p.key) {
      const keyArgs = children.keyArgs(p.key, Object.values(endpoints));
      this.key = new children.Key(names.key, keyArgs, { parent: this });
    }
    const budgets: Record<string, B> = {};
    for (const b of p.outcomeBudgets) {
      const own = p.endpoints
        .filter((e) => e.outcome === b.outcome.id)
        .map((e) => endpoints[e.name])
        .filter((e): e is E => e !== undefined);
      budgets[b.outcome.id] = new children.Budget(
        names.outcomeBudget(b.outcome.id),
        children.outcomeBudgetArgs(b, own, this.key),
        { parent: this },
      );
    }
    this.outcomeBudgets = budgets;
    this.teamBudget = new children.Budget(names.teamBudget, p.teamBudget, { parent: this });
  }

  /** Register the team's outputs: its name, each endpoint's (with its tier and tags) and `own`. */
  protected registerTeamOutputs(endpoint: (e: E) => pulumi.Inputs, own: pulumi.Inputs): void {
    this.registerOutputs({
      team: this.team,
      endpoints: Object.fromEntries(
        Object.entries(this.endpoints).map(([k, e]) => [
          k,
          { ...endpoint(e), tier: e.tier, tags: e.tags },
        ]),
      ),
      ...own,
    });
  }
}
