/**
 * What the gated endpoints of both clouds share: the decisions that do not depend on the cloud
 * (the hard stop the cloud offers, expected spend within the ceiling, the tier-fit advisory, the
 * endpoint's tags) and the component outputs every gated endpoint carries.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  governanceTags,
  runawayGuardProblem,
  tierFitProblem,
  type Classification,
  type HardStop,
  type Outcome,
  type RunawayGuardSubject,
  type SpendProjection,
  type TaskClass,
  type Tier,
} from "../domain";
import {
  checkedTags,
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

/** A hard stop the cloud does not offer, or undefined. */
export function hardStopProblem(
  hardStop: HardStop | undefined,
  cloud: { readonly name: string; readonly hardStop: HardStop; readonly how: string },
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

/** The outputs every gated endpoint carries; each cloud's endpoint adds its resources. */
export abstract class GatedEndpointResource extends pulumi.ComponentResource {
  /** The tags every resource of this endpoint carries. */
  readonly tags: Readonly<Record<string, string>>;
  readonly tier: Tier;
  readonly model: Classification;
  readonly projection: EndpointProjection;
  readonly team: string;
  readonly outcome: Outcome;
  readonly monthlyCeilingUsd: number;
  readonly hardStop?: "budget-action" | "token-quota";

  protected constructor(
    type: string,
    name: string,
    d: DecidedEndpoint,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super(type, name, {}, opts);
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
}
