import { describe, expect, it } from "vitest";
import {
  assessOutcomeStatement,
  findKpi,
  KPI_CATALOG,
  outcomeProblems,
  OutcomeSchema,
  sentences,
} from "../../domain";

/** The source articles' examples of measurable outcomes, as statements. */
const ARTICLE_EXAMPLES = [
  "Reduce the time it takes to create a technical blog post from five hours to one hour",
  "Automatically triage and resolve 40 percent of Tier 1 customer support tickets",
  "Increase closed-won revenue per rep by 15% within two quarters",
  "Cut external agency spend from $20,000 to $8,000 a month",
  "Raise landing-page conversion from 2.5% to 4% by Q3.",
  "Halve time to resolution for Tier 2 tickets",
];

describe("the outcome quality check on the source articles' examples", () => {
  it("fails 'Use AI to make better content' and explains why", () => {
    const a = assessOutcomeStatement("Use AI to make better content");
    expect(a.ok).toBe(false);
    expect(a.measurable).toBe(false);
    expect(a.problems.join(" ")).toMatch(/not measurable.*names no quantity/);
  });

  it.each(ARTICLE_EXAMPLES)("passes %j", (statement) => {
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

describe("the outcome check, repeated", () => {
  it("gives the same frozen assessment for the same statement and KPI, and checks another KPI anew", () => {
    const statement = ARTICLE_EXAMPLES[0]!;
    const a = assessOutcomeStatement(statement);
    expect(assessOutcomeStatement(statement)).toBe(a);
    expect(Object.isFrozen(a.problems)).toBe(true);
    expect(assessOutcomeStatement(statement, "no-such-kpi").ok).toBe(false);
    expect(a.ok).toBe(true);
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

describe("the outcome check, table-driven: results pass, activities and usage counts fail", () => {
  /** Outcome statements that name a result and by how much (the articles' and real teams'). */
  const accepted = [
    ...ARTICLE_EXAMPLES,
    "Deflect 40 percent of Tier 1 tickets",
    "Reduce the time to resolve a support ticket from 8 hours to 2 hours",
    "Increase deal volume per rep from 12 to 15 a quarter",
    "Cut the human hours needed to close Tier 1 and Tier 2 tickets by 30 percent",
    "Raise organic traffic to the docs site by 25% in two quarters",
    "Reduce external agency spend by $10,000 a month",
    "Keep CSAT at or above 4.5 while deflecting 30% of Tier 1 tickets",
    "Save 5 hours a week per engineer on code review",
    "Cut invoice processing time from 3 days to 4 hours",
    "Reduce month-end close from 10 days to 6 days",
    "Lower the defect escape rate from 8% to 3% by Q2",
    "Use AI to cut ticket resolution time from 8 hours to 2 hours",
    "Reduce call handling time by 20 percent",
    "Increase first-contact resolution from 60% to 75%",
    "Cut onboarding time for new hires from 3 weeks to 1 week",
    "Reduce churn of paying customers from 5% to 3% a month",
    "Double the number of qualified leads per month",
    "Reduce the number of tickets escalated to Tier 2 by 25%",
  ];
  /** Statements that describe an activity, count usage, or say how much but not of what. */
  const rejected: ReadonlyArray<readonly [string, RegExp]> = [
    ["Deploy GPT-5 to 3 teams", /describes an activity \("Deploy\.\.\."\)/],
    ["Increase the number of AI prompts per employee from 2 to 20 per day", /measures activity/],
    ["Save 5 hours", /says how much but not of what/],
    ["Use AI to make better content", /not measurable/],
    ["Use AI to be more productive", /not measurable/],
    ["Help the sales team", /not measurable/],
    ["Process 13 times more tokens than last year", /measures activity/],
    ["Increase the number of pull requests by 50%", /measures activity/],
    ["Roll out Copilot to 200 engineers by Q2", /describes an activity/],
    ["Adopt Claude across 5 departments", /describes an activity/],
    ["Increase AI usage by 50% this quarter", /measures activity/],
    ["Grow the number of active users of the chatbot from 100 to 500", /measures activity/],
    ["Give 300 employees access to GPT-5", /describes an activity/],
    ["Generate 1,000 more completions a day", /measures activity/],
    ["Send 20 prompts per employee per day", /measures activity/],
    ["Reduce costs by 20%", /not of what/],
    ["Save 10 hours per employee per week", /not of what/],
    ["Cut time by 40%", /not of what/],
    ["Buy 50 more seats of the AI assistant", /describes an activity/],
    ["Launch 3 AI agents in Q1", /describes an activity/],
    ["Train 100 staff on prompt engineering by March", /describes an activity/],
    ["Increase daily logins to the AI portal by 30%", /measures activity/],
    [
      "Reduce time to resolution from 10 hours to 2 hours. Also improve CSAT by 5 points.",
      /2 sentences/,
    ],
    ["", /no outcome statement/],
    ["Reduce one-off automations that no one uses", /names no quantity/],
  ];

  it("holds at least 40 statements, accepted and rejected", () => {
    expect(accepted.length + rejected.length).toBeGreaterThanOrEqual(40);
  });

  it.each(accepted)("accepts %j", (statement) => {
    expect(assessOutcomeStatement(statement).problems).toEqual([]);
  });

  it.each(rejected)("rejects %j", (statement, why) => {
    const a = assessOutcomeStatement(statement);
    expect(a.ok).toBe(false);
    expect(a.problems.join("\n")).toMatch(why);
  });

  it("marks an activity as not an outcome and a what-less statement as not measurable", () => {
    expect(assessOutcomeStatement("Deploy GPT-5 to 3 teams").outcomeNotActivity).toBe(false);
    expect(assessOutcomeStatement("Save 5 hours").measurable).toBe(false);
    expect(assessOutcomeStatement("Save 5 hours a week on code review").measurable).toBe(true);
  });
});
