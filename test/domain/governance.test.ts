import { describe, expect, it } from "vitest";
import {
  ceilingProblems,
  outcomeTagIssues,
  classifyModel,
  DEFAULT_MAX_CEILING_USD,
  declaredHardStop,
  outcomeTagProblems,
  projectedSpendProblem,
  projectMaxSpend,
  reviewDateProblem,
  tagKeys,
  tierFitProblem,
  tierLabelProblem,
} from "../../domain";

const keys = tagKeys();
const governed = {
  "ai-team": "support",
  "ai-outcome": "ticket-deflection",
  "ai-outcome-statement": "Deflect 40 percent of Tier 1 support tickets by June",
  "ai-kpi": "support.ticket-deflection-rate",
  "ai-cost-ceiling-usd": "5000",
};

describe("outcome tags", () => {
  it("pass for a governed endpoint", () => {
    expect(outcomeTagProblems(governed, keys)).toEqual([]);
  });

  it("name each missing tag", () => {
    const problems = outcomeTagProblems({}, keys);
    expect(problems.join("\n")).toMatch(/missing ai-team/);
    expect(problems.join("\n")).toMatch(/missing ai-outcome:/);
    expect(problems.join("\n")).toMatch(/missing ai-outcome-statement/);
  });

  it("fail a vague statement with the quality check's words", () => {
    const problems = outcomeTagProblems(
      { ...governed, "ai-outcome-statement": "Use AI to make better content" },
      keys,
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^ai-outcome-statement: not measurable/);
  });

  it.each([null, "a=b", 42, ["x"]])("do not throw on malformed tags (%j)", (tags) => {
    expect(outcomeTagProblems(tags, keys)[0]).toMatch(/no tags/);
  });
});

describe("cost ceiling", () => {
  it("must be present, in digits, positive and within the tier maximum", () => {
    expect(ceilingProblems(governed, keys, "premium", DEFAULT_MAX_CEILING_USD)).toEqual([]);
    expect(ceilingProblems({}, keys, "premium", DEFAULT_MAX_CEILING_USD)[0]).toMatch(/missing/);
    expect(
      ceilingProblems(
        { "ai-cost-ceiling-usd": "five thousand" },
        keys,
        "premium",
        DEFAULT_MAX_CEILING_USD,
      )[0],
    ).toMatch(/positive number in digits/);
    expect(
      ceilingProblems({ "ai-cost-ceiling-usd": 5000 }, keys, "premium", DEFAULT_MAX_CEILING_USD)[0],
    ).toMatch(/positive number in digits/);
    expect(
      ceilingProblems(
        { "ai-cost-ceiling-usd": "30000" },
        keys,
        "premium",
        DEFAULT_MAX_CEILING_USD,
      )[0],
    ).toMatch(/\$30,000 is above the \$25,000 maximum for a premium endpoint/);
  });
});

describe("projected spend", () => {
  const gpt5 = classifyModel("gpt-5");
  const big = projectMaxSpend(gpt5, {
    kind: "azure-standard",
    sku: "GlobalStandard",
    capacity: 100,
  });

  it("over the ceiling is a problem that states the figure and its assumptions", () => {
    const p = projectedSpendProblem(big, 5000, undefined);
    expect(p).toMatch(/projected maximum \$43,800 per month exceeds the \$5,000 ceiling/);
    expect(p).toMatch(/100,000 tokens per minute/);
  });

  it("a hard stop lifts it", () => {
    expect(projectedSpendProblem(big, 5000, "token-quota")).toBeUndefined();
  });

  it("within the ceiling is fine", () => {
    expect(projectedSpendProblem(big, 50000, undefined)).toBeUndefined();
  });

  it("an unprojectable capacity without a hard stop fails closed", () => {
    const none = projectMaxSpend(gpt5, { kind: "bedrock-provisioned", modelUnits: 1 });
    expect(projectedSpendProblem(none, 5000, undefined)).toMatch(/cannot project/);
  });

  it("reads the hard stop tag", () => {
    expect(declaredHardStop({ "ai-hard-stop": "budget-action" }, keys)).toBe("budget-action");
    expect(declaredHardStop({ "ai-hard-stop": "yes" }, keys)).toBeUndefined();
  });
});

describe("advisories", () => {
  it("tier fit flags a premium model for extraction, not for reasoning", () => {
    expect(tierFitProblem("extraction", "premium")).toMatch(/economy model/);
    expect(tierFitProblem("reasoning", "premium")).toBeUndefined();
    expect(tierFitProblem("extraction", "economy")).toBeUndefined();
  });

  it("a tier label that contradicts the catalog is reported; the catalog decides", () => {
    const opus = classifyModel("us.anthropic.claude-opus-4-1-20250805-v1:0");
    expect(tierLabelProblem({ "ai-model-tier": "economy" }, keys, opus)).toMatch(
      /says "economy" but Claude Opus 4.1 is premium/,
    );
    expect(tierLabelProblem({ "ai-model-tier": "premium" }, keys, opus)).toBeUndefined();
  });

  it("review date passed", () => {
    expect(reviewDateProblem({ "ai-review-by": "2026-01-31" }, keys, "2026-11-23")).toMatch(
      /due for review on 2026-01-31/,
    );
    expect(reviewDateProblem({ "ai-review-by": "2027-01-31" }, keys, "2026-11-23")).toBeUndefined();
    expect(reviewDateProblem({ "ai-review-by": "soon" }, keys, "2026-11-23")).toMatch(/YYYY-MM-DD/);
  });
});

describe("outcomeTagIssues", () => {
  it("attributes each outcome problem to its tag key, and agrees with outcomeTagProblems", () => {
    const tags = { "ai-outcome": "Not A Slug", "ai-outcome-statement": "Use AI", "ai-kpi": "nope" };
    const issues = outcomeTagIssues(tags, keys);
    expect(issues.map((i) => i.key)).toEqual([
      "ai-team",
      "ai-outcome",
      "ai-outcome-statement",
      "ai-kpi",
    ]);
    expect(issues.map((i) => i.problem)).toEqual(outcomeTagProblems(tags, keys));
    expect(outcomeTagIssues("x", keys)).toEqual([
      { key: "*", problem: expect.stringContaining("no tags") },
    ]);
  });
});
