import { describe, expect, it } from "vitest";
import { governanceOf } from "../../components/args";
import {
  endpointAdvisories,
  endpointTags,
  expectedSpendProblem,
  hardStopProblem,
  type EndpointDeclaration,
} from "../../components/endpoint";
import type { ArgProblem } from "../../components/args";
import { CODE_REVIEW } from "../support/component-fixtures";

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
