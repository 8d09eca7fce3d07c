import { beforeEach, describe, expect, it } from "vitest";
import { installMocks, valueOf } from "../../support/component-mocks";
import { awsTeam, CODE_REVIEW } from "../../support/component-fixtures";

const captured = installMocks();

import { AwsAiTeam } from "../../../components";

const PROFILE = "aws:bedrock/inferenceProfile:InferenceProfile";
const BUDGET = "aws:budgets/budget:Budget";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

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
    // Tag activation is the account's (AwsAccount), not a team's.
    expect(captured.ofType("aws:costexplorer/costAllocationTag:CostAllocationTag")).toHaveLength(0);

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

  it("puts a runaway alarm under each on-demand endpoint, at the 5-minute spend that would use its ceiling in 7 days", async () => {
    const team = new AwsAiTeam("platform", awsTeam());
    await captured.settle();
    const alarms = captured.ofType(ALARM);
    const byOutcome = (id: string) =>
      alarms.find((a) => (a.inputs.tags as Record<string, string>)["ai-outcome"] === id)!;
    // Opus 4.1 at 5,000 USD: 5000 / (7 x 288 periods) = 2.4801587 -> 2.480158.
    // Haiku 4.5 at 1,500 USD: 1500 / 2016 = 0.7440476 -> 0.744047.
    expect(byOutcome(CODE_REVIEW.id).inputs.threshold).toBe(2.480158);
    expect(byOutcome("triage-deflection").inputs.threshold).toBe(0.744047);
    expect(alarms).toHaveLength(2);
    expect(team.runawayAlarms.review?.threshold.usdPerPeriod).toBe(2.480158);

    const review = byOutcome(CODE_REVIEW.id);
    const profile = captured
      .ofType(PROFILE)
      .find((p) => tagsOf(p)["ai-outcome"] === CODE_REVIEW.id)!;
    const queries = review.inputs.metricQueries as {
      id: string;
      expression?: string;
      returnData?: boolean;
      metric?: {
        namespace: string;
        metricName: string;
        stat: string;
        period: number;
        dimensions: Record<string, string>;
      };
    }[];
    // The profile's own token counts: ModelId is the application inference profile's id.
    const profileId = String(profile.state.arn).split("/").pop();
    expect(queries.filter((q) => q.metric).map((q) => q.metric)).toEqual([
      {
        namespace: "AWS/Bedrock",
        metricName: "InputTokenCount",
        stat: "Sum",
        period: 300,
        dimensions: { ModelId: profileId },
      },
      {
        namespace: "AWS/Bedrock",
        metricName: "OutputTokenCount",
        stat: "Sum",
        period: 300,
        dimensions: { ModelId: profileId },
      },
    ]);
    expect(queries.find((q) => q.returnData)?.expression).toBe(
      "(input_tokens * 15 + output_tokens * 75) / 1000000",
    );
    expect(review.inputs).toMatchObject({
      comparisonOperator: "GreaterThanThreshold",
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: "notBreaching",
    });
    // It notifies the outcome budget's topic, and sits under the endpoint it watches.
    const outcomeTopic = captured
      .ofType("aws:sns/topic:Topic")
      .find((t) => (t.inputs.tags as Record<string, string>)["ai-outcome"] === CODE_REVIEW.id);
    expect(review.inputs.alarmActions).toEqual([outcomeTopic?.state.arn]);
    const runaway = captured.ofType("outcomeguard:aws:RunawayAlarm");
    const endpointUrn = captured.resources.find((r) => r.name === "platform-review")?.urn;
    expect(runaway.find((r) => r.name === "platform-review-runaway")?.parentUrn).toBe(endpointUrn);
    expect(review.inputs.tags).toMatchObject({
      "ai-team": "platform",
      "ai-outcome": CODE_REVIEW.id,
      "ai-cost-ceiling-usd": "5000",
    });
  });

  it("takes the runaway alarm's days from its arguments, and leaves provisioned endpoints without one", async () => {
    new AwsAiTeam(
      "platform",
      awsTeam({
        runawayAlarm: { days: 1 },
        catalogOverrides: [{ id: "claude-haiku-4-5", tier: "economy", modelUnitHourlyUsd: 0.1 }],
        endpoints: [
          awsTeam().endpoints[0]!,
          {
            ...awsTeam().endpoints[1]!,
            model: "anthropic.claude-haiku-4-5-20251001-v1:0",
            capacity: { provisionedModelUnits: 1 },
          },
        ],
      }),
    );
    await captured.settle();
    // 5000 / 288 periods of 5 minutes in a day = 17.3611111.
    expect(captured.ofType(ALARM).map((a) => a.inputs.threshold)).toEqual([17.361111]);
  });

  it("refuses runaway days outside 1-30, naming the argument", () => {
    expect(() => new AwsAiTeam("platform", awsTeam({ runawayAlarm: { days: 45 } }))).toThrow(
      /runawayAlarm\.days: must be 1-30 days/,
    );
  });
});
