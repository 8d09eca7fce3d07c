import { describe, expect, it } from "vitest";
import packRule from "../../../policies/rules/cost-ceiling-has-budget-alarm";
import {
  awsBudget,
  azureBudget,
  azureDeployment,
  bedrockProfile,
  GOOD_TAGS,
  HAIKU,
  NOTIFY,
  OPUS,
  tagsWith,
} from "../../support/policy-fixtures";
import { at, runStackPolicy, UNKNOWN, unknownOf } from "../../support/policy-harness";

const { policy } = packRule;

const OUTCOME = GOOD_TAGS["ai-outcome"]!;
const FILTER = `user:ai-outcome$${OUTCOME}`;

describe("cost-ceiling-has-budget-alarm", () => {
  it("passes an outcome whose budget fits its ceilings and alarms on actual and forecast spend", async () => {
    expect(
      await runStackPolicy(policy, [bedrockProfile(OPUS), awsBudget({ filter: FILTER })]),
    ).toEqual([]);
    expect(
      await runStackPolicy(policy, [
        azureDeployment(),
        azureBudget({ tag: "ai-outcome", value: OUTCOME }),
      ]),
    ).toEqual([]);
  });

  it("flags an outcome with a premium endpoint and no budget", async () => {
    const d = await runStackPolicy(policy, [bedrockProfile(OPUS)]);
    expect(d).toHaveLength(1);
    expect(d[0]!.enforcementLevel).toBe("mandatory");
    expect(d[0]!.message).toContain(`no budget filtered on ${FILTER}`);
    expect(d[0]!.urn).toContain("support-opus");
  });

  it("needs the budget on the cloud the endpoint runs on", async () => {
    const d = await runStackPolicy(policy, [azureDeployment(), awsBudget({ filter: FILTER })]);
    expect(d[0]!.message).toContain("on azure");
    expect(d[0]!.message).toContain("no budget filtered on tag ai-outcome");
  });

  it("flags a budget above the sum of the outcome's ceilings, or with missing notifications", async () => {
    const two = [
      bedrockProfile(OPUS, GOOD_TAGS, { name: "a" }),
      bedrockProfile(OPUS, GOOD_TAGS, { name: "b" }),
    ];
    expect(
      await runStackPolicy(policy, [...two, awsBudget({ filter: FILTER, amount: "10000" })]),
    ).toEqual([]);
    const over = await runStackPolicy(policy, [
      ...two,
      awsBudget({ filter: FILTER, amount: "12000" }),
    ]);
    expect(over[0]!.message).toContain(
      "its amount $12,000 is above the $10,000 sum of the outcome's ceilings",
    );
    expect(over[0]!.urn).toContain("budget");

    const noForecast = await runStackPolicy(policy, [
      bedrockProfile(OPUS),
      awsBudget({ filter: FILTER, notifications: [NOTIFY.actual] }),
    ]);
    expect(noForecast[0]!.message).toContain("no FORECASTED notification");
    const late = { ...NOTIFY.actual, threshold: 120 };
    const lateActual = await runStackPolicy(policy, [
      bedrockProfile(OPUS),
      awsBudget({ filter: FILTER, notifications: [late, NOTIFY.forecast] }),
    ]);
    expect(lateActual[0]!.message).toContain("no ACTUAL notification at or below 100%");
    const nobody = { ...NOTIFY.forecast, subscriberEmailAddresses: [] };
    const unsubscribed = await runStackPolicy(policy, [
      bedrockProfile(OPUS),
      awsBudget({ filter: FILTER, notifications: [NOTIFY.actual, nobody] }),
    ]);
    expect(unsubscribed[0]!.message).toContain("FORECASTED notification with a subscriber");
    const quarterly = await runStackPolicy(policy, [
      bedrockProfile(OPUS),
      awsBudget({ filter: FILTER, timeUnit: "QUARTERLY" }),
    ]);
    expect(quarterly[0]!.message).toContain("its period is QUARTERLY");
  });

  it("accepts an absolute ACTUAL threshold at or below the amount", async () => {
    const absolute = { ...NOTIFY.actual, thresholdType: "ABSOLUTE_VALUE", threshold: 4000 };
    expect(
      await runStackPolicy(policy, [
        bedrockProfile(OPUS),
        awsBudget({ filter: FILTER, notifications: [absolute, NOTIFY.forecast] }),
      ]),
    ).toEqual([]);
  });

  it("ignores outcomes whose endpoints are all outside the gated tiers", async () => {
    expect(await runStackPolicy(policy, [bedrockProfile(HAIKU)])).toEqual([]);
  });

  it("never throws on malformed budgets and endpoints", async () => {
    const d = await runStackPolicy(policy, [
      bedrockProfile(OPUS, "not tags"),
      bedrockProfile(OPUS, GOOD_TAGS),
      {
        type: "aws:budgets/budget:Budget",
        name: "broken",
        props: { costFilters: "x", notifications: 5, limitAmount: null },
      },
      {
        type: "aws:budgets/budget:Budget",
        name: "half",
        props: {
          costFilters: [{ name: "TagKeyValue", values: [FILTER] }],
          notifications: { a: 1 },
        },
      },
      {
        type: "azure-native:consumption:Budget",
        name: "az",
        props: { filter: { tags: 3 }, notifications: [] },
      },
    ]);
    expect(d.length).toBeGreaterThan(0);
    expect(at("mandatory", d)[0]!.message).toContain("budget half");
  });

  describe("unknown values at preview", () => {
    it("defers a budget whose notifications are unknown; never a false violation", async () => {
      const d = await runStackPolicy(policy, [
        bedrockProfile(OPUS),
        awsBudget({ filter: FILTER, notifications: unknownOf("array") }),
      ]);
      expect(at("mandatory", d)).toEqual([]);
      expect(d[0]!.message).toContain("may cover");
    });

    it("defers when the outcome tag is unknown", async () => {
      const d = await runStackPolicy(policy, [
        bedrockProfile(OPUS, tagsWith({ "ai-outcome": UNKNOWN })),
      ]);
      expect(at("mandatory", d)).toEqual([]);
      expect(d[0]!.message).toContain("ai-outcome is not known until the update");
    });

    it("decides an amount above the known ceilings only when unknown ones could not change it", async () => {
      const endpoints = [
        bedrockProfile(OPUS, GOOD_TAGS, { name: "a" }),
        bedrockProfile(OPUS, tagsWith({ "ai-cost-ceiling-usd": UNKNOWN }), { name: "b" }),
      ];
      const d = await runStackPolicy(policy, [
        ...endpoints,
        awsBudget({ filter: FILTER, amount: "8000" }),
      ]);
      expect(at("mandatory", d)).toEqual([]);
      expect(at("advisory", d)).toHaveLength(1);
      expect(
        await runStackPolicy(policy, [...endpoints, awsBudget({ filter: FILTER, amount: "4000" })]),
      ).toEqual([]);
    });
  });

  it("waives by the budget or endpoint name", async () => {
    const d = await runStackPolicy(policy, [bedrockProfile(OPUS)], {
      config: {
        waivers: [
          { resource: "support-opus", reason: "budget lands next sprint", expires: "2999-01-01" },
        ],
      },
    });
    expect(at("mandatory", d)).toEqual([]);
    expect(d[0]!.message).toContain("budget lands next sprint");
  });
});
