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
import {
  budgetAlarmProblems,
  budgetFiltersOn,
  budgetsFilteringOn,
  describeBudget,
} from "../../domain/budgets";
import { RESOURCE_TYPES } from "../../domain/registry/tokens";
import { Unknown } from "../../domain/unknown";
import { Random } from "../support/random";

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

const aws = (props: Record<string, unknown>) =>
  describeBudget({ urn: "u", name: "b", type: RESOURCE_TYPES.awsBudget, props })!;
const azure = (props: Record<string, unknown>) =>
  describeBudget({ urn: "u", name: "b", type: RESOURCE_TYPES.azureBudget, props })!;
const actual = {
  notificationType: "ACTUAL",
  threshold: 100,
  thresholdType: "PERCENTAGE",
  comparisonOperator: "GREATER_THAN",
  subscriberSnsTopicArns: ["arn:sns"],
};
const forecast = { ...actual, notificationType: "FORECASTED" };

describe("a declared budget, read back", () => {
  it("match on AWS cost filters and filter expressions, and on Azure tag filters", () => {
    expect(
      budgetFiltersOn(
        aws({ costFilters: [{ name: "TagKeyValue", values: ["user:ai-outcome$x"] }] }),
        "ai-outcome",
        "x",
      ),
    ).toBe("yes");
    expect(
      budgetFiltersOn(
        aws({ filterExpression: { ands: [{ tags: { key: "ai-team", values: ["t"] } }] } }),
        "ai-team",
        "t",
      ),
    ).toBe("yes");
    expect(
      budgetFiltersOn(
        aws({ costFilters: [{ name: "Service", values: ["user:ai-outcome$x"] }] }),
        "ai-outcome",
        "x",
      ),
    ).toBe("no");
    expect(
      budgetFiltersOn(
        aws({ costFilters: [{ name: "TagKeyValue", values: [new Unknown("v")] }] }),
        "ai-outcome",
        "x",
      ),
    ).toBe("maybe");
    expect(
      budgetFiltersOn(
        azure({
          filter: { and: [{ tags: { name: "AI-Outcome", operator: "In", values: ["x"] } }] },
        }),
        "ai-outcome",
        "x",
      ),
    ).toBe("yes");
    expect(
      budgetFiltersOn(
        azure({
          filter: { tags: { name: "ai-outcome", operator: new Unknown("op"), values: ["x"] } },
        }),
        "ai-outcome",
        "x",
      ),
    ).toBe("maybe");
  });

  it("alarm when they are monthly, fit the ceilings, and notify someone on actual and forecast spend", () => {
    const good = aws({
      limitAmount: "5000",
      timeUnit: "MONTHLY",
      notifications: [actual, forecast],
    });
    expect(budgetAlarmProblems(good, 5000)).toEqual([]);
    expect(budgetAlarmProblems(good, 4000)).toEqual([
      expect.stringContaining("above the $4,000 sum"),
    ]);
    expect(
      budgetAlarmProblems(
        aws({ limitAmount: "5000", timeUnit: "ANNUALLY", notifications: [actual, forecast] }),
        undefined,
      )[0],
    ).toContain("ANNUALLY");
    expect(
      budgetAlarmProblems(
        aws({
          limitAmount: "5000",
          timeUnit: "MONTHLY",
          notifications: [{ ...actual, comparisonOperator: "LESS_THAN" }, forecast],
        }),
        undefined,
      )[0],
    ).toContain("no ACTUAL");
    const az = azure({
      amount: 100,
      timeGrain: "BillingMonth",
      notifications: {
        a: {
          enabled: true,
          operator: "GreaterThanOrEqualTo",
          threshold: 90,
          contactGroups: ["ag"],
        },
        f: {
          enabled: false,
          operator: "GreaterThan",
          threshold: 100,
          thresholdType: "Forecasted",
          contactEmails: ["x@y"],
        },
      },
    });
    expect(budgetAlarmProblems(az, 100)).toEqual(["no FORECASTED notification with a subscriber"]);
  });

  it("leave undecided what an unknown amount or notification list would decide", () => {
    const absolute = { ...actual, thresholdType: "ABSOLUTE_VALUE", threshold: 4000 };
    expect(
      budgetAlarmProblems(
        aws({
          limitAmount: new Unknown("limitAmount"),
          timeUnit: "MONTHLY",
          notifications: [absolute, forecast],
        }),
        5000,
      ),
    ).toEqual([]);
    expect(
      budgetAlarmProblems(
        aws({
          limitAmount: "5000",
          timeUnit: "MONTHLY",
          notifications: new Unknown("notifications"),
        }),
        5000,
      ),
    ).toEqual([]);
  });
});

describe("budgetsFilteringOn", () => {
  it("answers as budgetFiltersOn does for every budget, on seeded random stacks", () => {
    const random = new Random(20261201);
    const [keys, values] = [
      ["ai-outcome", "AI-Outcome", "ai-team"],
      ["x", "X", "y", "z"],
    ];
    const seen = { yes: 0, maybe: 0 };
    for (let stack = 0; stack < 300; stack++) {
      const budgets = Array.from({ length: random.int(0, 8) }, (_, i) => {
        const [key, value] = [random.pick(keys), random.pick(values)];
        const unknown = random.chance(0.2);
        const b = random.chance(0.5)
          ? aws({
              costFilters: [
                {
                  name: "TagKeyValue",
                  values: [unknown ? new Unknown("v") : `user:${key}$${value}`],
                },
              ],
            })
          : azure({
              filter: {
                tags: { name: key, operator: "In", values: [unknown ? new Unknown("v") : value] },
              },
            });
        return { ...b, resource: { ...b.resource, name: `b${i}` } };
      });
      const key = random.pick(keys);
      const index = budgetsFilteringOn(budgets, key);
      for (const cloud of ["aws", "azure", "gcp"])
        for (const value of values) {
          const naive = budgets
            .filter((b) => b.cloud === cloud)
            .map((b) => ({ b, match: budgetFiltersOn(b, key, value) }))
            .filter((c) => c.match !== "no");
          expect(index(cloud, value)).toEqual(naive);
          for (const c of naive) seen[c.match as "yes" | "maybe"]++;
        }
    }
    // Both answers, many times over.
    expect(seen.yes).toBeGreaterThan(300);
    expect(seen.maybe).toBeGreaterThan(300);
  });
});
