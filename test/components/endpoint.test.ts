import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  EndpointGovernanceShape,
  governanceOf,
  InvalidArgumentsError,
} from "../../components/args";
import {
  decideGatedEndpoint,
  endpointAdvisories,
  endpointTags,
  expectedSpendProblem,
  hardStopProblem,
  type CloudEndpointDecision,
  type EndpointContext,
  type EndpointDeclaration,
} from "../../components/endpoint";
import type { ArgProblem } from "../../components/args";
import { CODE_REVIEW, SALES_RESEARCH } from "../support/component-fixtures";

const AWS = { name: "AWS", hardStop: "budget-action", how: "a budget action" } as const;
const expected = (usd: number) =>
  ({ usd, basis: "expected", assumptions: ["10M tokens"] }) as const;
const onDemand = { onDemand: true, runawayAlarm: false, hardStop: undefined } as const;

describe("hardStopProblem", () => {
  it("accepts the hard stop the cloud offers", () => {
    expect(hardStopProblem("budget-action", AWS)).toBeUndefined();
  });

  it("refuses another cloud's hard stop and names the one allowed", () => {
    expect(hardStopProblem("token-quota", AWS)).toEqual({
      path: "hardStop",
      message: '"token-quota" is not a hard stop on AWS; allowed: budget-action (a budget action)',
    });
  });
});

describe("expectedSpendProblem", () => {
  it("refuses expected spend above the ceiling, naming the assumptions", () => {
    expect(expectedSpendProblem(expected(1200), { monthlyCeilingUsd: 1000 })?.message).toContain(
      "expected spend 1200 USD per month is above the 1000 USD ceiling (10M tokens)",
    );
  });

  it("accepts expected spend above the ceiling when a hard stop is declared", () => {
    const a = { monthlyCeilingUsd: 1000, hardStop: "budget-action" } as const;
    expect(expectedSpendProblem(expected(1200), a)).toBeUndefined();
  });

  it("accepts expected spend equal to the ceiling", () => {
    expect(expectedSpendProblem(expected(1000), { monthlyCeilingUsd: 1000 })).toBeUndefined();
  });
});

describe("endpointAdvisories", () => {
  it("warns of a premium model for a simple task", () => {
    const out = endpointAdvisories("extraction", "premium", { ...onDemand, runawayAlarm: true });
    expect(out).toEqual([expect.stringContaining("a premium model for an extraction task")]);
  });

  it("warns of a premium on-demand endpoint with neither hard stop nor runaway alarm", () => {
    expect(endpointAdvisories("code", "premium", onDemand)).toEqual([
      expect.stringContaining("neither a hard stop nor a runaway alarm"),
    ]);
  });

  it("gives no advisory for an economy model on a simple task", () => {
    expect(endpointAdvisories("extraction", "economy", onDemand)).toEqual([]);
  });
});

describe("endpointTags", () => {
  const gov = governanceOf({});
  const decl: EndpointDeclaration = {
    team: "search",
    outcome: CODE_REVIEW,
    monthlyCeilingUsd: 5000,
    taskClass: "code",
  };

  it("tags the endpoint with its team, outcome, ceiling and tier", () => {
    const tags = endpointTags("aws", gov, decl, "premium", []);
    expect(tags).toMatchObject({
      [gov.keys.team]: "search",
      [gov.keys.outcome]: CODE_REVIEW.id,
      [gov.keys.modelTier]: "premium",
    });
  });

  it("names the argument a tag the cloud refuses comes from", () => {
    const problems: ArgProblem[] = [];
    const tags = endpointTags("aws", gov, { ...decl, team: "x".repeat(300) }, "premium", problems);
    expect([tags, problems.map((p) => p.path)]).toEqual([undefined, ["team"]]);
  });
});

describe("decideGatedEndpoint", () => {
  const cloud = { cloud: "azure", name: "Azure", hardStop: "token-quota", how: "a quota" } as const;
  const schema = z
    .object({
      ...EndpointGovernanceShape,
      runawayAlarm: z.boolean().optional(),
      units: z.number().optional(),
    })
    .strict();
  const args = {
    team: "sales",
    outcome: SALES_RESEARCH,
    model: "gpt-5",
    monthlyCeilingUsd: 5000,
    taskClass: "research",
  };
  type Parsed = z.output<typeof schema>;
  /** The cloud's part: GlobalStandard capacity of `units` (thousands of TPM), on demand. */
  const decideCloud = (a: Parsed): CloudEndpointDecision<{ deploymentName: string }> => ({
    capacity:
      a.units === undefined
        ? undefined
        : { kind: "azure-standard", sku: "GlobalStandard", capacity: a.units },
    capacityPath: "units",
    onDemand: true,
    own: { deploymentName: `${a.outcome.id}-x` },
  });
  const decide = (
    raw: unknown,
    part: (
      a: Parsed,
      ctx: EndpointContext,
    ) => CloudEndpointDecision<{ deploymentName: string }> = decideCloud,
  ) => decideGatedEndpoint("test:Endpoint", cloud, "e", schema, raw, part);
  const problemsOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      if (e instanceof InvalidArgumentsError) return e.problems.map((p) => p.path);
      throw e;
    }
    throw new Error("expected the arguments to be refused");
  };

  it("decides the tier, tags and maximum spend, with the cloud's own part", () => {
    const d = decide({ ...args, units: 10 });
    expect([d.model.tier, d.tags["ai-team"], d.projection.maximum?.usd, d.deploymentName]).toEqual([
      "premium",
      "sales",
      4380,
      "sales-research-time-x",
    ]);
  });

  it("refuses capacity that can cost more than the ceiling at the cloud's path", () => {
    expect(problemsOf(() => decide({ ...args, units: 200 }))).toEqual(["units"]);
  });

  it("allows that capacity with the cloud's hard stop", () => {
    const d = decide({ ...args, units: 200, hardStop: "token-quota" });
    expect(d.projection.maximum?.usd).toBeGreaterThan(5000);
  });

  it("reports another cloud's hard stop and the cloud's own problems in one error", () => {
    const refusing = (a: Parsed, ctx: EndpointContext) => {
      ctx.problems.push({ path: "units", message: "not here" });
      return { ...decideCloud(a), own: undefined };
    };
    expect(problemsOf(() => decide({ ...args, hardStop: "budget-action" }, refusing))).toEqual([
      "hardStop",
      "units",
    ]);
  });

  it("tells the cloud it does not serve the model, and reports that at model", () => {
    let served: boolean | undefined;
    const part = (a: Parsed, ctx: EndpointContext) => {
      served = ctx.served;
      return decideCloud(a);
    };
    const paths = problemsOf(() =>
      decide({ ...args, model: "anthropic.claude-haiku-4-5-20251001-v1:0" }, part),
    );
    expect([paths, served]).toEqual([["model"], false]);
  });

  it("refuses expected spend above the ceiling at expectedTokens", () => {
    const expectedTokens = { inputTokensPerMonth: 0, outputTokensPerMonth: 1_000_000_000 };
    expect(problemsOf(() => decide({ ...args, expectedTokens }))).toEqual(["expectedTokens"]);
  });
});
