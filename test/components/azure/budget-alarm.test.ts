import { beforeEach, describe, expect, it } from "vitest";
import { installMocks } from "../../support/component-mocks";
import { SALES_RESEARCH } from "../../support/component-fixtures";

const captured = installMocks();

import { AzureBudgetAlarm } from "../../../components";

const BUDGET = "azure-native:consumption:Budget";
const GROUP = "azure-native:monitor:ActionGroup";
const SCOPE = "/subscriptions/00000000-0000-0000-0000-000000000000";

beforeEach(() => captured.reset());

type Notification = {
  enabled: boolean;
  operator: string;
  threshold: number;
  thresholdType: string;
  contactEmails: string[];
  contactGroups: string[];
};

describe("AzureBudgetAlarm", () => {
  it("filters a monthly cost budget on the outcome tag, with Actual and Forecasted notifications and an action group", async () => {
    new AzureBudgetAlarm("research-budget", {
      team: "sales",
      outcome: SALES_RESEARCH,
      monthlyLimitUsd: 5000,
      scope: SCOPE,
      resourceGroupName: "rg-ai-sales",
      emails: ["finops@example.com"],
      startDate: "2026-12-01",
      costCenter: "CC-2100",
    });
    await captured.settle();
    const budget = captured.one(BUDGET);
    const group = captured.one(GROUP);
    const component = captured.one("outcomeguard:azure:BudgetAlarm");
    expect(budget.parentUrn).toBe(component.urn);
    expect(group.parentUrn).toBe(component.urn);
    expect(budget.inputs).toMatchObject({
      scope: SCOPE,
      amount: 5000,
      category: "Cost",
      timeGrain: "Monthly",
      timePeriod: { startDate: "2026-12-01T00:00:00Z" },
      filter: { tags: { name: "ai-outcome", operator: "In", values: ["sales-research-time"] } },
    });
    const notes = Object.values(budget.inputs.notifications as Record<string, Notification>);
    expect(notes.map((n) => `${n.thresholdType}@${n.threshold}`).sort()).toEqual(
      ["Actual@50", "Actual@80", "Actual@100", "Forecasted@100"].sort(),
    );
    expect(notes.length).toBeLessThanOrEqual(5); // Azure allows at most five
    for (const n of notes) {
      expect(n.enabled).toBe(true);
      expect(n.contactEmails).toEqual(["finops@example.com"]);
      expect(n.contactGroups).toEqual([group.id]);
    }
    expect(group.inputs).toMatchObject({
      enabled: true,
      groupShortName: "og-sales",
      emailReceivers: [
        { name: "email-1", emailAddress: "finops@example.com", useCommonAlertSchema: true },
      ],
      tags: {
        "ai-team": "sales",
        "ai-outcome": "sales-research-time",
        "ai-cost-center": "CC-2100",
      },
    });
  });

  it("a team budget filters on the team tag", async () => {
    const alarm = new AzureBudgetAlarm("team", {
      team: "sales",
      monthlyLimitUsd: 9000,
      scope: SCOPE,
      resourceGroupName: "rg",
      emails: ["finops@example.com"],
    });
    await captured.settle();
    expect(alarm.filterTag).toEqual({ name: "ai-team", value: "sales" });
    expect(captured.one(BUDGET).inputs.filter).toEqual({
      tags: { name: "ai-team", operator: "In", values: ["sales"] },
    });
    expect(
      String((captured.one(BUDGET).inputs.timePeriod as { startDate: string }).startDate),
    ).toMatch(/^\d{4}-\d{2}-01T00:00:00Z$/);
  });
});

describe("AzureBudgetAlarm runaway alert", () => {
  const APPI =
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Insights/components/appi";
  const base = {
    team: "sales",
    monthlyLimitUsd: 5000,
    scope: "/subscriptions/00000000-0000-0000-0000-000000000000",
    resourceGroupName: "rg-ai-sales",
    emails: ["finops@example.com"],
    startDate: "2026-12-01",
  };

  it("prices the outcome's tokens at the dearest of its models and tags the alert with the ceiling it guards", async () => {
    new AzureBudgetAlarm("research-budget", {
      ...base,
      outcome: SALES_RESEARCH,
      runawayAlert: { metricsScope: APPI, models: ["gpt-4o-mini", "gpt-5"], days: 1 },
    });
    await captured.settle();
    const alert = captured.one("azure-native:monitor:MetricAlert");
    // GPT-5 is the dearer (10 USD per 1M output): 500M tokens in 1 day = 96 windows: 5,208,333.3.
    expect((alert.inputs.criteria as { allOf: { threshold: number }[] }).allOf[0]?.threshold).toBe(
      5208333,
    );
    expect(alert.inputs.tags).toMatchObject({
      "ai-team": "sales",
      "ai-outcome": SALES_RESEARCH.id,
      "ai-cost-ceiling-usd": "5000",
    });
  });

  it("refuses a runaway alert on a team budget, by path", () => {
    expect(
      () =>
        new AzureBudgetAlarm("team-budget", {
          ...base,
          runawayAlert: { metricsScope: APPI, models: ["gpt-5"] },
        }),
    ).toThrow(/runawayAlert: a runaway alert watches one outcome's tokens/);
  });
});
