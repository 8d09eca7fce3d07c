import { describe, expect, it } from "vitest";
import {
  awsLimitAmount,
  awsOutcomeFilterValue,
  awsTeamFilterValue,
  BUDGET_NOTIFICATIONS,
  firstOfMonth,
  governanceTags,
  parseAwsTagFilterValue,
  tagKeys,
  validateTags,
} from "../../domain";

describe("budget data", () => {
  it("filters on the outcome and team cost-allocation tags, with the prefix", () => {
    expect(awsOutcomeFilterValue(tagKeys(), "ticket-deflection")).toBe(
      "user:ai-outcome$ticket-deflection",
    );
    expect(awsTeamFilterValue(tagKeys("acme:ai-"), "support")).toBe("user:acme:ai-team$support");
  });

  it("reads an AWS tag filter value back into its tag, and nothing else", () => {
    expect(parseAwsTagFilterValue(awsTeamFilterValue(tagKeys("acme:ai-"), "support"))).toEqual({
      key: "acme:ai-team",
      value: "support",
    });
    expect(parseAwsTagFilterValue("aws:createdBy$")).toEqual({ key: "createdBy", value: "" });
    expect(parseAwsTagFilterValue("ai-outcome$x")).toBeUndefined();
  });

  it("notifies on ACTUAL at 50, 80 and 100 percent and FORECASTED at 100", () => {
    expect(BUDGET_NOTIFICATIONS.map((n) => `${n.kind}@${n.thresholdPercent}`)).toEqual([
      "actual@50",
      "actual@80",
      "actual@100",
      "forecasted@100",
    ]);
  });

  it("writes amounts and start dates as the clouds want them", () => {
    expect(awsLimitAmount(5000)).toBe("5000");
    expect(awsLimitAmount(1250.5)).toBe("1250.5");
    expect(() => awsLimitAmount(0)).toThrow(/positive/);
    expect(firstOfMonth(new Date("2026-11-23T13:00:00Z"))).toBe("2026-11-01");
  });
});

describe("governanceTags", () => {
  it("carries every declared fact under the prefix's keys, valid on both clouds", () => {
    const keys = tagKeys();
    const tags = governanceTags(keys, {
      team: "support",
      costCenter: "CC-1",
      outcome: {
        id: "ticket-deflection",
        statement: "Increase the ticket deflection rate from 20% to 35%, within two quarters.",
        kpi: "support.ticket-deflection-rate",
        reviewBy: "2027-01-31",
      },
      ceilingUsd: 1250.5,
      tier: "economy",
      taskClass: "classification",
      hardStop: "budget-action",
    });
    expect(tags).toEqual({
      "ai-team": "support",
      "ai-outcome": "ticket-deflection",
      "ai-outcome-statement":
        "Increase the ticket deflection rate from 20 percent to 35 percent within two quarters.",
      "ai-kpi": "support.ticket-deflection-rate",
      "ai-review-by": "2027-01-31",
      "ai-cost-ceiling-usd": "1250.5",
      "ai-model-tier": "economy",
      "ai-cost-center": "CC-1",
      "ai-task-class": "classification",
      "ai-hard-stop": "budget-action",
    });
    expect(validateTags("aws", tags)).toEqual([]);
    expect(validateTags("azure", tags)).toEqual([]);
  });

  it("only tags what is declared", () => {
    expect(governanceTags(tagKeys(), { team: "support" })).toEqual({ "ai-team": "support" });
  });
});
