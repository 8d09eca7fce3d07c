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
