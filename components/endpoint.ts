/**
 * What the gated endpoints of both clouds share: the decision that does not depend on the cloud
 * ({@link decideGatedEndpoint}: the model's tier and serving, the hard stop the cloud offers, the
 * outcome and ceiling checks, expected and maximum spend within the ceiling, the advisories, the
 * endpoint's tags), with each cloud's own checks plugged in, and the component outputs every gated
 * endpoint carries.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import {
  governanceTags,
  modelServingProblem,
  projectedSpendProblem,
  projectExpectedSpend,
  projectMaxSpend,
  runawayGuardProblem,
  tierFitProblem,
  type Capacity,
  type Classification,
  type HardStop,
  type NoProjection,
  type Outcome,
  type RunawayGuardSubject,
  type SpendProjection,
  type TaskClass,
  type Tier,
} from "../domain";
import {
  checkedTags,
  classify,
  endpointGovernanceProblems,
  EndpointGovernanceShape,
  endpointPartialChecks,
  governanceOf,
  parseArgs,
  type ArgProblem,
  type Cloud,
  type EndpointProjection,
  type Governance,
} from "./args";

/** What every gated endpoint declares, as its decision reads it. */
export interface EndpointDeclaration {
  readonly team: string;
  readonly outcome: Outcome;
  readonly monthlyCeilingUsd: number;
  readonly taskClass: TaskClass;
  readonly costCenter?: string | undefined;
  readonly hardStop?: HardStop | undefined;
}

/** The cloud a gated endpoint is on, as the shared decision reads it. */
export interface EndpointCloud {
  readonly cloud: Cloud;
  /** As messages name it, e.g. AWS. */
  readonly name: string;
  /** The one hard stop the cloud offers, and how it stops the spend. */
  readonly hardStop: HardStop;
  readonly how: string;
}

/** A hard stop the cloud does not offer, or undefined. */
export function hardStopProblem(
  hardStop: HardStop | undefined,
  cloud: Pick<EndpointCloud, "name" | "hardStop" | "how">,
): ArgProblem | undefined {
  if (hardStop === undefined || hardStop === cloud.hardStop) return undefined;
  return {
    path: "hardStop",
    message: `"${hardStop}" is not a hard stop on ${cloud.name}; allowed: ${cloud.hardStop} (${cloud.how})`,
  };
}

/** Expected spend above the ceiling with no hard stop, or undefined. */
export function expectedSpendProblem(
  expected: SpendProjection,
  a: Pick<EndpointDeclaration, "monthlyCeilingUsd" | "hardStop">,
): ArgProblem | undefined {
  if (expected.usd <= a.monthlyCeilingUsd || a.hardStop !== undefined) return undefined;
  return {
    path: "expectedTokens",
    message: `expected spend ${expected.usd} USD per month is above the ${a.monthlyCeilingUsd} USD ceiling (${expected.assumptions.join("; ")}); raise the ceiling or plan fewer tokens`,
  };
}

/**
 * Advisories (logged as warnings on the endpoint, never refused): a premium model for a simple
 * task; a premium on-demand endpoint with neither a hard stop nor a runaway alarm (the domain's
 * {@link runawayGuardProblem}, the rule the policy pack applies too).
 */
export function endpointAdvisories(
  taskClass: TaskClass,
  tier: Tier,
  guard: Omit<RunawayGuardSubject, "tier">,
): string[] {
  const out: string[] = [];
  const fit = tierFitProblem(taskClass, tier);
  if (fit) out.push(fit);
  const runaway = runawayGuardProblem({ tier, ...guard });
  if (runaway) out.push(runaway);
  return out;
}

/** The endpoint's governance tags, checked for the cloud; undefined with the problems pushed. */
export function endpointTags(
  cloud: Cloud,
  gov: Governance,
  a: EndpointDeclaration,
  tier: Tier,
  problems: ArgProblem[],
): Record<string, string> | undefined {
  return checkedTags(
    cloud,
    gov.keys,
    () =>
      governanceTags(gov.keys, {
        team: a.team,
        outcome: a.outcome,
        ceilingUsd: a.monthlyCeilingUsd,
        tier,
        taskClass: a.taskClass,
        ...(a.costCenter !== undefined ? { costCenter: a.costCenter } : {}),
        ...(a.hardStop !== undefined ? { hardStop: a.hardStop } : {}),
      }),
    problems,
  );
}

/** What a gated endpoint's decision holds, whatever the cloud. */
export interface DecidedEndpoint {
  readonly args: EndpointDeclaration;
  readonly model: Classification;
  readonly tags: Record<string, string>;
  readonly projection: EndpointProjection;
  readonly advisories: readonly string[];
}

/** A cloud's endpoint decision: the shared one, with the cloud's parsed arguments and its own part. */
export type EndpointDecision<A, X = object> = DecidedEndpoint & { readonly args: A } & X;

/** What every gated endpoint's arguments hold once parsed, whatever the cloud. */
export type GatedEndpointArgs = z.output<z.ZodObject<typeof EndpointGovernanceShape>> & {
  readonly runawayAlarm?: boolean | undefined;
};

/** What a cloud's own checks are given: the shared reading of the arguments. */
export interface EndpointContext {
  readonly model: Classification;
  readonly gov: Governance;
  /** The cloud serves the model (when not, that problem is reported already). */
  readonly served: boolean;
  /** Where the cloud's checks push their problems. */
  readonly problems: ArgProblem[];
}

/** What a cloud's own checks make of a gated endpoint's arguments. */
export interface CloudEndpointDecision<X> {
  /** The capacity the endpoint reserves, as the domain prices it; undefined for none (or refused). */
  readonly capacity?: Capacity | undefined;
  /** The argument a capacity that can cost more than the ceiling is reported at. */
  readonly capacityPath: string;
  /** Paid per token (no reserved capacity), so the runaway-guard advisory applies. */
  readonly onDemand: boolean;
  /** The cloud's part of the decision; undefined when its checks pushed a problem. */
  readonly own: X | undefined;
}

/**
 * Validate a gated endpoint's arguments and decide everything it will be, before anything is
 * registered: the shared checks in a fixed order (the cloud serves the model; the hard stop is the
 * cloud's; then `decideCloud`, the cloud's own checks; the outcome and ceiling; expected spend, then
 * the capacity's maximum, within the ceiling), the advisories and the tags. Throws one
 * {@link InvalidArgumentsError} naming every problem.
 */
export function decideGatedEndpoint<S extends z.ZodType<GatedEndpointArgs>, X extends object>(
  component: string,
  cloud: EndpointCloud,
  name: string,
  schema: S,
  raw: unknown,
  decideCloud: (a: z.output<S>, ctx: EndpointContext) => CloudEndpointDecision<X>,
): EndpointDecision<z.output<S>, X> {
  let decided: EndpointDecision<z.output<S>, X> | undefined;
  parseArgs(
    component,
    name,
    schema,
    raw,
    (a) => {
      const problems: ArgProblem[] = [];
      const gov = governanceOf(a);
      const model = classify(a.model, gov);
      const serving = modelServingProblem(cloud.cloud, a.model, gov.catalog);
      if (serving) problems.push({ path: "model", message: serving });
      const hardStop = hardStopProblem(a.hardStop, cloud);
      if (hardStop) problems.push(hardStop);
      const own = decideCloud(a, { model, gov, served: serving === undefined, problems });
      problems.push(...endpointGovernanceProblems(a, model, gov));
      const projection: { expected?: SpendProjection; maximum?: SpendProjection | NoProjection } =
        {};
      if (a.expectedTokens) {
        projection.expected = projectExpectedSpend(model, a.expectedTokens);
        const expected = expectedSpendProblem(projection.expected, a);
        if (expected) problems.push(expected);
      }
      if (own.capacity) {
        projection.maximum = projectMaxSpend(model, own.capacity);
        const over = projectedSpendProblem(projection.maximum, a.monthlyCeilingUsd, a.hardStop);
        if (over) problems.push({ path: own.capacityPath, message: over });
      }
      const advisories = endpointAdvisories(a.taskClass, model.tier, {
        onDemand: own.onDemand,
        hardStop: a.hardStop,
        runawayAlarm: a.runawayAlarm === true,
      });
      const tags = endpointTags(cloud.cloud, gov, a, model.tier, problems);
      if (problems.length === 0 && tags && own.own) {
        decided = { ...own.own, args: a, model, tags, projection, advisories };
      }
      return problems;
    },
    endpointPartialChecks(cloud.cloud, modelServingProblem),
  );
  if (!decided) throw new Error(`internal: ${name} validated but not decided`);
  return decided;
}

/**
 * The outputs every gated endpoint carries; each cloud's endpoint adds its resources. The
 * arguments are decided (validated) before the component registers, so bad arguments register
 * nothing.
 */
export abstract class GatedEndpointResource<D extends DecidedEndpoint = DecidedEndpoint>
  extends pulumi.ComponentResource
{
  /** The tags every resource of this endpoint carries. */
  readonly tags: Readonly<Record<string, string>>;
  readonly tier: Tier;
  readonly model: Classification;
  readonly projection: EndpointProjection;
  readonly team: string;
  readonly outcome: Outcome;
  readonly monthlyCeilingUsd: number;
  readonly hardStop?: "budget-action" | "token-quota";

  /** What the arguments decided, for the cloud's resources. */
  protected readonly decision: D;

  protected constructor(
    type: string,
    decide: (name: string, raw: unknown) => D,
    name: string,
    args: unknown,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    const d = decide(name, args);
    super(type, name, {}, opts);
    this.decision = d;
    const a = d.args;
    this.tags = d.tags;
    this.tier = d.model.tier;
    this.model = d.model;
    this.projection = d.projection;
    this.team = a.team;
    this.outcome = a.outcome;
    this.monthlyCeilingUsd = a.monthlyCeilingUsd;
    if (a.hardStop) this.hardStop = a.hardStop;
    for (const advisory of d.advisories) void pulumi.log.warn(advisory, this);
  }

  /** Register the cloud's outputs with those every gated endpoint carries. */
  protected registerEndpointOutputs(own: pulumi.Inputs): void {
    this.registerOutputs({ ...own, tags: this.tags, tier: this.tier, projection: this.projection });
  }
}
