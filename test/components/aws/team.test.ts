import { beforeEach, describe, expect, it } from "vitest";
import { installMocks, valueOf } from "../../support/component-mocks";
import { awsTeam, CODE_REVIEW } from "../../support/component-fixtures";

const captured = installMocks();

import { AwsAiTeam } from "../../../components";

const PROFILE = "aws:bedrock/inferenceProfile:InferenceProfile";
const BUDGET = "aws:budgets/budget:Budget";

beforeEach(() => captured.reset());

const tagsOf = (r: { inputs: Record<string, unknown> }) => r.inputs.tags as Record<string, string>;

describe("AwsAiTeam", () => {
  it("builds endpoints, a key, a budget per outcome and a team budget under one team component", async () => {
    const team = new AwsAiTeam("platform", awsTeam());
    await captured.settle();
    const teamUrn = captured.one("outcomeguard:aws:Team").urn;
    const children = captured.resources
      .filter((r) => r.parentUrn === teamUrn)
      .map((r) => `${r.type} ${r.name}`);
    expect(children.sort()).toEqual(
      [
        "outcomeguard:aws:GatedEndpoint platform-review",
        "outcomeguard:aws:GatedEndpoint platform-triage",
        "outcomeguard:aws:TeamKey platform-key",
        "outcomeguard:aws:BudgetAlarm platform-code-review-lead-time-budget",
        "outcomeguard:aws:BudgetAlarm platform-triage-deflection-budget",
        "outcomeguard:aws:BudgetAlarm platform-team-budget",
      ].sort(),
    );

    const profiles = captured.ofType(PROFILE);
    expect(profiles.map((p) => tagsOf(p)["ai-model-tier"]).sort()).toEqual(["economy", "premium"]);
    const review = profiles.find((p) => tagsOf(p)["ai-outcome"] === CODE_REVIEW.id);
    expect(tagsOf(review!)["ai-hard-stop"]).toBe("budget-action");
    expect(tagsOf(review!)["ai-cost-center"]).toBe("CC-4410");

    const budgets = captured.ofType(BUDGET).map((b) => ({
      filter: (b.inputs.costFilters as { values: string[] }[])[0]?.values[0],
      limit: b.inputs.limitAmount,
    }));
    expect(budgets).toEqual(
      expect.arrayContaining([
        { filter: "user:ai-outcome$code-review-lead-time", limit: "5000" },
        { filter: "user:ai-outcome$triage-deflection", limit: "1500" },
        { filter: "user:ai-team$platform", limit: "8000" },
      ]),
    );
    expect(budgets).toHaveLength(3);
    // The team budget activates the tags, once.
    expect(captured.ofType("aws:costexplorer/costAllocationTag:CostAllocationTag")).toHaveLength(8);

    // The key grants exactly the team's two profiles.
    const policy = captured
      .ofType("aws:iam/policy:Policy")
      .find((p) => p.parentType === "outcomeguard:aws:TeamKey");
    const invoke = JSON.parse(String(policy?.inputs.policy)).Statement[0];
    expect([invoke.Resource].flat()).toEqual(profiles.map((p) => String(p.state.arn)).sort());

    // Only the outcome that asked for a hard stop has one; it denies its own endpoint to the key's user.
    const action = captured.one("aws:budgets/budgetAction:BudgetAction");
    expect(action.parentUrn).toBe(
      captured.resources.find((r) => r.name === "platform-code-review-lead-time-budget")?.urn,
    );
    const deny = captured.ofType("aws:iam/policy:Policy").find((p) => p.name.endsWith("hard-stop"));
    expect(JSON.parse(String(deny?.inputs.policy)).Statement[0].Resource).toEqual([
      review?.state.arn,
    ]);
    expect(
      (action.inputs.definition as { iamActionDefinition: { users: string[] } }).iamActionDefinition
        .users,
    ).toEqual([captured.one("aws:iam/user:User").state.name]);
    expect(await valueOf(team.endpoints.review!.arn)).toBe(review?.state.arn);
  });

  it("stacks several teams in one account by activating the tags on one of them", async () => {
    new AwsAiTeam("platform", awsTeam());
    new AwsAiTeam(
      "support",
      awsTeam({
        team: "support",
        activateCostAllocationTags: false,
        key: false,
        outcomes: [{ ...CODE_REVIEW }, awsTeam().outcomes[1]!],
      }),
    );
    await captured.settle();
    expect(captured.ofType("aws:costexplorer/costAllocationTag:CostAllocationTag")).toHaveLength(8);
    expect(captured.ofType("outcomeguard:aws:TeamKey")).toHaveLength(1);
  });
});
