import { describe, expect, it } from "vitest";
import {
  assessOutcomeStatement,
  findKpi,
  KPI_CATALOG,
  outcomeProblems,
  OutcomeSchema,
  sentences,
} from "../../domain";

describe("the outcome quality check on the source articles' examples", () => {
  it("fails 'Use AI to make better content' and explains why", () => {
    const a = assessOutcomeStatement("Use AI to make better content");
    expect(a.ok).toBe(false);
    expect(a.measurable).toBe(false);
    expect(a.problems.join(" ")).toMatch(/not measurable.*names no quantity/);
  });

  it.each([
    "Reduce the time it takes to create a technical blog post from five hours to one hour",
    "Automatically triage and resolve 40 percent of Tier 1 customer support tickets",
    "Increase closed-won revenue per rep by 15% within two quarters",
    "Cut external agency spend from $20,000 to $8,000 a month",
    "Raise landing-page conversion from 2.5% to 4% by Q3.",
    "Halve time to resolution for Tier 2 tickets",
  ])("passes %j", (statement) => {
    const a = assessOutcomeStatement(statement);
    expect(a.problems).toEqual([]);
    expect(a.ok).toBe(true);
  });

  it.each([
    ["Use AI to be more productive", /not measurable/],
    ["Help the sales team", /not measurable/],
    ["Process 13 times more tokens than last year", /activity/],
    ["Increase the number of pull requests by 50%", /activity/],
    [
      "Reduce time to resolution from 10 hours to 2 hours. Also improve CSAT by 5 points.",
      /2 sentences; say it in one/,
    ],
    ["", /no outcome statement/],
  ])("fails %j", (statement, why) => {
    const a = assessOutcomeStatement(statement);
    expect(a.ok).toBe(false);
    expect(a.problems.join("\n")).toMatch(why);
  });

  it("does not count 'one-off' or 'no one' as a quantity", () => {
    expect(assessOutcomeStatement("Reduce one-off automations that no one uses").measurable).toBe(
      false,
    );
  });

  it("does not split sentences at decimals or abbreviations", () => {
    expect(sentences("Raise CSAT from 4.2 to 4.6, e.g. on Tier 1 tickets.")).toHaveLength(1);
  });

  it("rejects a KPI that is not in the catalog", () => {
    expect(
      assessOutcomeStatement("Cut time to resolution by 30 percent", "support.vibes").problems[0],
    ).toMatch(/not in the catalog/);
  });
});

describe("the KPI catalog", () => {
  it("holds the articles' KPIs per department, and the others", () => {
    for (const id of [
      "sales.productivity-per-rep",
      "sales.deal-volume",
      "sales.closed-won-revenue",
      "support.ticket-deflection-rate",
      "support.time-to-resolution",
      "support.csat",
      "marketing.agency-spend",
      "marketing.organic-traffic-velocity",
      "marketing.landing-page-conversion",
    ]) {
      expect(findKpi(id)?.source).toBe("articles");
    }
    const departments = new Set(KPI_CATALOG.map((k) => k.department));
    expect([...departments].sort()).toEqual(
      ["engineering", "finance", "hr", "marketing", "operations", "sales", "support"].sort(),
    );
  });
});

describe("OutcomeSchema", () => {
  const good = {
    id: "support-ticket-deflection",
    statement: "Deflect 40 percent of Tier 1 tickets",
    kpi: "support.ticket-deflection-rate",
    owner: "head-of-support@example.com",
    reviewBy: "2027-03-31",
  };

  it("accepts a complete outcome", () => {
    expect(OutcomeSchema.parse(good)).toEqual(good);
    expect(outcomeProblems(good)).toEqual([]);
  });

  it("names every bad field by path", () => {
    const problems = outcomeProblems({
      id: "Support Tickets",
      statement: "x",
      kpi: "nope",
      owner: "",
      reviewBy: "2027-02-30",
    });
    expect(problems.map((p) => p.split(":")[0]).sort()).toEqual(
      ["id", "kpi", "owner", "reviewBy"].sort(),
    );
    expect(problems.join("\n")).toMatch(/YYYY-MM-DD/);
    expect(problems.join("\n")).toMatch(/support.ticket-deflection-rate/);
  });

  it("reports a vague statement after the schema passes", () => {
    expect(outcomeProblems({ ...good, statement: "Use AI to make better content" })[0]).toMatch(
      /^statement: not measurable/,
    );
  });
});
