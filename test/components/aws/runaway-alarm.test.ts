import { beforeEach, describe, expect, it } from "vitest";
import { installMocks } from "../../support/component-mocks";
import { CODE_REVIEW, OPUS_PROFILE } from "../../support/component-fixtures";

const captured = installMocks();

import { AwsRunawayAlarm, type AwsRunawayAlarmArgs } from "../../../components";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const PROFILE_ARN =
  "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123def456";
const TOPIC = "arn:aws:sns:us-east-1:123456789012:review-alerts";

beforeEach(() => captured.reset());

function args(over: Partial<AwsRunawayAlarmArgs> = {}): AwsRunawayAlarmArgs {
  return {
    team: "platform",
    outcome: CODE_REVIEW,
    model: OPUS_PROFILE,
    monthlyCeilingUsd: 6000,
    profileArn: PROFILE_ARN,
    snsTopicArns: [TOPIC],
    region: "us-east-1",
    ...over,
  };
}

describe("AwsRunawayAlarm", () => {
  it("alarms on the profile's own tokens above the spend that would use 6,000 USD in 7 days", async () => {
    const alarm = new AwsRunawayAlarm("review-runaway", args());
    await captured.settle();
    const r = captured.one(ALARM);
    // 6000 / (7 days x 288 five-minute periods) = 2.9761904..., rounded down.
    expect(r.inputs.threshold).toBe(2.97619);
    expect(alarm.threshold.usdPerPeriod).toBe(2.97619);
    const queries = r.inputs.metricQueries as { metric?: { dimensions: Record<string, string> } }[];
    expect(queries.flatMap((q) => (q.metric ? [q.metric.dimensions] : []))).toEqual([
      { ModelId: "abc123def456" },
      { ModelId: "abc123def456" },
    ]);
    expect(r.inputs).toMatchObject({
      alarmActions: [TOPIC],
      okActions: [TOPIC],
      region: "us-east-1",
      tags: { "ai-team": "platform", "ai-outcome": CODE_REVIEW.id, "ai-cost-ceiling-usd": "6000" },
    });
    expect(String(r.inputs.alarmDescription)).toContain("in 7 days");
  });

  it("prices an overridden model at the override's price", async () => {
    new AwsRunawayAlarm(
      "review-runaway",
      args({
        catalogOverrides: [
          {
            id: "claude-opus-4-1",
            tier: "premium",
            price: { inputPer1M: 30, outputPer1M: 150 },
          },
        ],
      }),
    );
    await captured.settle();
    const queries = captured.one(ALARM).inputs.metricQueries as { expression?: string }[];
    expect(queries.find((q) => q.expression)?.expression).toBe(
      "(input_tokens * 30 + output_tokens * 150) / 1000000",
    );
  });

  it("refuses, before registering anything, a provisioned-model ARN, no topic and days out of range", () => {
    expect(
      () =>
        new AwsRunawayAlarm(
          "review-runaway",
          args({
            profileArn: "arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abc123",
            snsTopicArns: [],
            days: 0,
          }),
        ),
    ).toThrow(
      /profileArn: must be an application inference profile ARN[\s\S]*days: must be 1-30 days/,
    );
    expect(() => new AwsRunawayAlarm("r", args({ snsTopicArns: [] }))).toThrow(
      /snsTopicArns: an alarm nobody hears is no alarm/,
    );
    expect(captured.resources).toHaveLength(0);
  });
});
