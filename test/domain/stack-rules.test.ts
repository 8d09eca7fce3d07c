import { describe, expect, it } from "vitest";
import { RESOURCE_TYPES } from "../../domain/endpoints";
import { budgetAlarmProblems, budgetFiltersOn, describeBudget } from "../../domain/stack-rules";
import { Unknown } from "../../domain/unknown";

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

describe("budgets", () => {
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
