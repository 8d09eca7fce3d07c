import { beforeEach, describe, expect, it } from "vitest";
import { installMocks } from "../../support/component-mocks";
import { CODE_REVIEW } from "../../support/component-fixtures";

const captured = installMocks();

import { AwsBudgetAlarm } from "../../../components";
import { tagKeys } from "../../../domain";

const BUDGET = "aws:budgets/budget:Budget";
const ACTION = "aws:budgets/budgetAction:BudgetAction";
const TAG = "aws:costexplorer/costAllocationTag:CostAllocationTag";
const PROFILE_ARN =
  "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123def456";
const USER_ARN = "arn:aws:iam::123456789012:user/outcomeguard/platform-key";
const ROLE_ARN = "arn:aws:iam::123456789012:role/outcomeguard/platform-apps";

beforeEach(() => captured.reset());

type Notification = {
  notificationType: string;
  threshold: number;
  thresholdType: string;
  comparisonOperator: string;
  subscriberEmailAddresses?: string[];
  subscriberSnsTopicArns?: string[];
};

describe("AwsBudgetAlarm", () => {
  it("watches the outcome tag monthly, with ACTUAL 50/80/100 and FORECASTED 100 to the topic and emails", async () => {
    const alarm = new AwsBudgetAlarm("review-budget", {
      team: "platform",
      outcome: CODE_REVIEW,
      monthlyLimitUsd: 5000,
      subscribers: { emails: ["finops@example.com", "jane.doe@example.com"] },
      costCenter: "CC-4410",
    });
    await captured.settle();
    const budget = captured.one(BUDGET);
    const topic = captured.one("aws:sns/topic:Topic");
    expect(budget.parentUrn).toBe(captured.one("outcomeguard:aws:BudgetAlarm").urn);
    expect(budget.inputs).toMatchObject({
      budgetType: "COST",
      timeUnit: "MONTHLY",
      limitAmount: "5000",
      limitUnit: "USD",
      costFilters: [{ name: "TagKeyValue", values: ["user:ai-outcome$code-review-lead-time"] }],
    });
    expect(alarm.filterValue).toBe(`user:${tagKeys().outcome}$${CODE_REVIEW.id}`);
    const notes = budget.inputs.notifications as Notification[];
    expect(
      notes.map(
        (n) => `${n.notificationType}@${n.threshold}${n.thresholdType === "PERCENTAGE" ? "%" : ""}`,
      ),
    ).toEqual(["ACTUAL@50%", "ACTUAL@80%", "ACTUAL@100%", "FORECASTED@100%"]);
    for (const n of notes) {
      expect(n.comparisonOperator).toBe("GREATER_THAN");
      expect(n.subscriberSnsTopicArns).toEqual([topic.state.arn]);
      expect(n.subscriberEmailAddresses).toEqual(["finops@example.com", "jane.doe@example.com"]);
    }
    const policy = JSON.parse(
      String(captured.one("aws:sns/topicPolicy:TopicPolicy").inputs.policy),
    );
    expect(policy.Statement[0]).toMatchObject({
      Principal: { Service: "budgets.amazonaws.com" },
      Action: "SNS:Publish",
      Resource: topic.state.arn,
    });
    expect(budget.inputs.tags).toMatchObject({
      "ai-team": "platform",
      "ai-outcome": CODE_REVIEW.id,
      "ai-cost-center": "CC-4410",
    });
    expect(topic.inputs.tags).toEqual(budget.inputs.tags);
  });

  it("activates no cost-allocation tag (the account's AwsAccount does) and refuses to be asked to", async () => {
    new AwsBudgetAlarm("team", {
      team: "platform",
      monthlyLimitUsd: 9000,
      subscribers: { emails: ["a@example.com"] },
    });
    await captured.settle();
    expect(captured.ofType(TAG)).toHaveLength(0);
    expect(captured.one(BUDGET).inputs.costFilters).toEqual([
      { name: "TagKeyValue", values: ["user:ai-team$platform"] },
    ]);
    expect(
      () =>
        new AwsBudgetAlarm("team2", {
          team: "data",
          monthlyLimitUsd: 9000,
          subscribers: { emails: ["a@example.com"] },
          activateCostAllocationTags: true as unknown as false,
        }),
    ).toThrow(
      /activateCostAllocationTags: cost-allocation tags are activated once per account by AwsAccount/,
    );
  });

  it("with an existing topic, creates no topic and sends every notification to it", async () => {
    new AwsBudgetAlarm("team2", {
      team: "data",
      monthlyLimitUsd: 9000,
      subscribers: { snsTopicArn: "arn:aws:sns:us-east-1:123456789012:finops" },
      activateCostAllocationTags: false,
    });
    await captured.settle();
    expect(captured.ofType("aws:sns/topic:Topic")).toHaveLength(0);
    expect(captured.ofType("aws:sns/topicSubscription:TopicSubscription")).toHaveLength(0);
    const notes = captured.one(BUDGET).inputs.notifications as Notification[];
    expect(
      notes.every(
        (n) => n.subscriberSnsTopicArns?.[0] === "arn:aws:sns:us-east-1:123456789012:finops",
      ),
    ).toBe(true);
  });

  it("subscribes the emails to the topic it creates, which CloudWatch alarms of the account may publish to", async () => {
    new AwsBudgetAlarm("review-budget", {
      team: "platform",
      outcome: CODE_REVIEW,
      monthlyLimitUsd: 5000,
      subscribers: { emails: ["finops@example.com", "jane.doe@example.com"] },
    });
    await captured.settle();
    const topic = captured.one("aws:sns/topic:Topic");
    const subs = captured.ofType("aws:sns/topicSubscription:TopicSubscription");
    expect(
      subs
        .map((x) => x.inputs)
        .sort((a, b) => String(a.endpoint).localeCompare(String(b.endpoint))),
    ).toEqual([
      { topic: topic.state.arn, protocol: "email", endpoint: "finops@example.com" },
      { topic: topic.state.arn, protocol: "email", endpoint: "jane.doe@example.com" },
    ]);
    const policy = JSON.parse(
      String(captured.one("aws:sns/topicPolicy:TopicPolicy").inputs.policy),
    );
    expect(policy.Statement[1]).toMatchObject({
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: "SNS:Publish",
      Resource: topic.state.arn,
      Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
    });
  });

  it("hard stop: at 100% a budget action attaches a deny on the endpoints to the team's user and role", async () => {
    new AwsBudgetAlarm("review-budget", {
      team: "platform",
      outcome: CODE_REVIEW,
      monthlyLimitUsd: 5000,
      subscribers: { emails: ["finops@example.com"] },
      hardStop: { endpointArns: [PROFILE_ARN], principalArns: [USER_ARN, ROLE_ARN] },
    });
    await captured.settle();
    const deny = captured.ofType("aws:iam/policy:Policy")[0];
    expect(JSON.parse(String(deny?.inputs.policy))).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "HardStopAtBudget",
          Effect: "Deny",
          Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
          Resource: [PROFILE_ARN],
        },
      ],
    });
    const action = captured.one(ACTION);
    expect(action.inputs).toMatchObject({
      budgetName: captured.one(BUDGET).state.name,
      actionType: "APPLY_IAM_POLICY",
      approvalModel: "AUTOMATIC",
      notificationType: "ACTUAL",
      actionThreshold: { actionThresholdType: "PERCENTAGE", actionThresholdValue: 100 },
      definition: {
        iamActionDefinition: {
          policyArn: deny?.state.arn,
          users: ["platform-key"],
          roles: ["platform-apps"],
        },
      },
    });
    const exec = captured.one("aws:iam/rolePolicy:RolePolicy");
    const doc = JSON.parse(String(exec.inputs.policy));
    expect(doc.Statement[0].Resource).toEqual([ROLE_ARN, USER_ARN].sort());
    expect(doc.Statement[0].Condition).toEqual({ ArnEquals: { "iam:PolicyARN": deny?.state.arn } });
    const trust = JSON.parse(String(captured.one("aws:iam/role:Role").inputs.assumeRolePolicy));
    expect(trust.Statement[0].Principal).toEqual({ Service: "budgets.amazonaws.com" });
  });
});
