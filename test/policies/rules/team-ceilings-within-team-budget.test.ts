import { describe, expect, it } from "vitest";
import packRule from "../../../policies/rules/team-ceilings-within-team-budget";
import {
  awsBudget,
  azureBudget,
  azureDeployment,
  bedrockProfile,
  GOOD_TAGS,
  HAIKU,
  OPUS,
  tagsWith,
} from "../../support/policy-fixtures";
import { at, runStackPolicy, UNKNOWN } from "../../support/policy-harness";

const { policy } = packRule;

const TEAM = GOOD_TAGS["ai-team"]!;
const teamBudget = (amount: string, timeUnit = "MONTHLY") =>
  awsBudget({ name: "team-budget", filter: `user:ai-team$${TEAM}`, amount, timeUnit });

describe("team-ceilings-within-team-budget", () => {
  const endpoints = [
    bedrockProfile(OPUS, GOOD_TAGS, { name: "a" }),
    bedrockProfile(HAIKU, tagsWith({ "ai-cost-ceiling-usd": "2000", "ai-model-tier": "economy" }), {
      name: "b",
    }),
  ];

  it("passes when the team's ceilings fit its budget", async () => {
    expect(await runStackPolicy(policy, [...endpoints, teamBudget("7000")])).toEqual([]);
  });

  it("flags ceilings that add up to more than the team budget, counting every tier", async () => {
    const d = await runStackPolicy(policy, [...endpoints, teamBudget("6000")]);
    expect(d).toHaveLength(1);
    expect(d[0]!.enforcementLevel).toBe("mandatory");
    expect(d[0]!.message).toContain(
      "ceilings totalling $7,000 per month, above the $6,000 monthly amount of team budget team-budget",
    );
  });

  it("compares a quarterly budget by its monthly share", async () => {
    expect(await runStackPolicy(policy, [...endpoints, teamBudget("21000", "QUARTERLY")])).toEqual(
      [],
    );
    expect(
      await runStackPolicy(policy, [...endpoints, teamBudget("18000", "QUARTERLY")]),
    ).toHaveLength(1);
  });

  it("checks Azure team budgets against the team's Azure endpoints only", async () => {
    const az = azureBudget({ name: "team-az", tag: "ai-team", value: TEAM, amount: 4000 });
    const d = await runStackPolicy(policy, [...endpoints, azureDeployment(), az]);
    expect(d).toHaveLength(1);
    expect(d[0]!.message).toContain("on azure");
  });

  it("does nothing for a team without a team budget, and never throws on malformed input", async () => {
    expect(await runStackPolicy(policy, endpoints)).toEqual([]);
    expect(
      await runStackPolicy(policy, [
        bedrockProfile(OPUS, null),
        {
          type: "aws:budgets/budget:Budget",
          name: "x",
          props: { costFilters: [{ name: "TagKeyValue", values: [7, null] }] },
        },
        teamBudget("not a number"),
      ]),
    ).toEqual([]);
  });

  it("defers when a ceiling is unknown and the known ones fit", async () => {
    const withUnknown = [
      ...endpoints,
      bedrockProfile(OPUS, tagsWith({ "ai-cost-ceiling-usd": UNKNOWN }), { name: "c" }),
    ];
    const d = await runStackPolicy(policy, [...withUnknown, teamBudget("7500")]);
    expect(at("mandatory", d)).toEqual([]);
    expect(d[0]!.message).toContain("not known until the update");
    expect(
      at("mandatory", await runStackPolicy(policy, [...withUnknown, teamBudget("6000")])),
    ).toHaveLength(1);
  });
});
