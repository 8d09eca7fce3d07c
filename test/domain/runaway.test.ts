import { describe, expect, it } from "vitest";
import {
  awsRunawayThreshold,
  azureRunawayThreshold,
  inferenceProfileIdOf,
  needsRunawayGuard,
  runawayAlarmedEndpoints,
  runawayDaysProblem,
  runawayGuardProblem,
  tagKeys,
} from "../../domain";

describe("awsRunawayThreshold", () => {
  it("alarms at the 5-minute spend that would use a 6,000 USD ceiling in 7 days", () => {
    // 7 days = 2,016 periods of 5 minutes; 6000 / 2016 = 2.9761904..., rounded down.
    const t = awsRunawayThreshold({ ceilingUsd: 6000, inputPer1M: 15, outputPer1M: 75, days: 7 });
    expect(t.usdPerPeriod).toBe(2.97619);
    expect(t.periodSeconds).toBe(300);
  });

  it("alarms sooner with fewer days: 6,000 USD in 1 day is 20.833333 USD per 5 minutes", () => {
    const t = awsRunawayThreshold({ ceilingUsd: 6000, inputPer1M: 15, outputPer1M: 75, days: 1 });
    expect(t.usdPerPeriod).toBe(20.833333);
  });

  it("prices the period's input and output token sums at the model's price per 1M tokens", () => {
    const t = awsRunawayThreshold({ ceilingUsd: 1500, inputPer1M: 1, outputPer1M: 5, days: 7 });
    expect(t.expression).toBe("(input_tokens * 1 + output_tokens * 5) / 1000000");
    expect(t.usdPerPeriod).toBe(0.744047);
  });

  it("refuses a ceiling of 0 and days outside 1-30", () => {
    expect(() =>
      awsRunawayThreshold({ ceilingUsd: 0, inputPer1M: 1, outputPer1M: 5, days: 7 }),
    ).toThrow(/positive ceiling/);
    expect(() =>
      awsRunawayThreshold({ ceilingUsd: 10, inputPer1M: 1, outputPer1M: 5, days: 31 }),
    ).toThrow(/1 to 30/);
  });
});

describe("azureRunawayThreshold", () => {
  it("alerts at the tokens per 15 minutes that would use a 5,000 USD GPT-5 ceiling in 7 days", () => {
    // 5000 USD at 10 USD per 1M = 500,000,000 tokens; 7 days = 672 windows; 744,047.6 rounded down.
    const t = azureRunawayThreshold({ ceilingUsd: 5000, outputPer1M: 10, days: 7 });
    expect(t.tokensPerWindow).toBe(744047);
    expect(t.windowMinutes).toBe(15);
  });

  it("gives a cheap model a higher token threshold: 1,000 USD at 0.60 USD per 1M", () => {
    // 1,666,666,666.7 tokens / 672 windows = 2,480,158.7.
    const t = azureRunawayThreshold({ ceilingUsd: 1000, outputPer1M: 0.6, days: 7 });
    expect(t.tokensPerWindow).toBe(2480158);
  });
});

describe("runawayDaysProblem", () => {
  it("allows whole days from 1 to 30 and names the range otherwise", () => {
    expect(runawayDaysProblem(7)).toBeUndefined();
    expect(runawayDaysProblem(0)).toMatch(/from 1 to 30/);
    expect(runawayDaysProblem(2.5)).toMatch(/whole number/);
  });
});

describe("inferenceProfileIdOf", () => {
  it("takes the profile id from an application inference profile ARN", () => {
    expect(
      inferenceProfileIdOf(
        "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123def456",
      ),
    ).toBe("abc123def456");
  });
});

describe("needsRunawayGuard", () => {
  const premium = { tier: "premium" as const, onDemand: true, runawayAlarm: false };

  it("flags a premium on-demand endpoint with neither a hard stop nor a runaway alarm", () => {
    expect(needsRunawayGuard(premium)).toBe(true);
    expect(runawayGuardProblem(premium)).toMatch(/neither a hard stop nor a runaway alarm/);
  });

  it("accepts a hard stop or a runaway alarm", () => {
    expect(needsRunawayGuard({ ...premium, hardStop: "budget-action" })).toBe(false);
    expect(needsRunawayGuard({ ...premium, runawayAlarm: true })).toBe(false);
  });

  it("leaves provisioned capacity and other tiers alone unless their tier is configured", () => {
    expect(needsRunawayGuard({ ...premium, onDemand: false })).toBe(false);
    expect(needsRunawayGuard({ ...premium, tier: "economy" })).toBe(false);
    expect(needsRunawayGuard({ ...premium, tier: "economy" }, ["economy"])).toBe(true);
  });
});

describe("runawayAlarmedEndpoints", () => {
  const keys = tagKeys();
  const S = "urn:pulumi:s::p::";
  const endpoint = `${S}outcomeguard:aws:Team$outcomeguard:aws:GatedEndpoint::t-review`;
  const profile = {
    type: "aws:bedrock/inferenceProfile:InferenceProfile",
    urn: `${S}outcomeguard:aws:Team$outcomeguard:aws:GatedEndpoint$aws:bedrock/inferenceProfile:InferenceProfile::t-review-profile`,
    parent: endpoint,
    props: { arn: "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123" },
  };
  const tokens = (modelId: unknown) => ({
    metricQueries: [
      {
        id: "output_tokens",
        metric: {
          namespace: "AWS/Bedrock",
          metricName: "OutputTokenCount",
          dimensions: { ModelId: modelId },
        },
      },
    ],
  });
  let alarms = 0;
  const alarm = (props: Record<string, unknown>, parent?: string) => ({
    type: "aws:cloudwatch/metricAlarm:MetricAlarm",
    urn: `${S}aws:cloudwatch/metricAlarm:MetricAlarm::alarm-${++alarms}`,
    parent,
    props,
  });

  it("counts a profile watched by an alarm on its own token counts (ModelId = its id)", () => {
    const top = { ...profile, parent: undefined };
    expect(runawayAlarmedEndpoints([top, alarm(tokens("abc123"))], keys).has(top.urn)).toBe(true);
    expect(runawayAlarmedEndpoints([top, alarm(tokens("other"))], keys).has(top.urn)).toBe(false);
  });

  it("at preview (id unknown), counts an alarm below the component the profile sits in", () => {
    const runaway = {
      type: "outcomeguard:aws:RunawayAlarm",
      urn: `${S}outcomeguard:aws:Team$outcomeguard:aws:GatedEndpoint$outcomeguard:aws:RunawayAlarm::t-review-runaway`,
      parent: endpoint,
      props: {},
    };
    const unknownArn = { ...profile, props: { arn: { unknown: true } } };
    const below = alarm(tokens({ unknown: true }), runaway.urn);
    expect(runawayAlarmedEndpoints([unknownArn, runaway, below], keys).has(profile.urn)).toBe(true);
    // An alarm on something else (not Bedrock token counts) in the same place guards nothing.
    const cpu = alarm({ namespace: "AWS/EC2", metricName: "CPUUtilization" }, runaway.urn);
    expect(runawayAlarmedEndpoints([unknownArn, runaway, cpu], keys).size).toBe(0);
  });

  it("counts an Azure deployment whose outcome a metric alert on the emitted tokens includes", () => {
    const deployment = {
      type: "azure-native:cognitiveservices:Deployment",
      urn: `${S}azure-native:cognitiveservices:Deployment::d`,
      props: { tags: { [keys.team]: "sales", [keys.outcome]: "research" } },
    };
    const alert = (outcome: string, team: string) => ({
      type: "azure-native:monitor:MetricAlert",
      urn: `${S}azure-native:monitor:MetricAlert::${outcome}-${team}`,
      props: {
        tags: { [keys.team]: team },
        criteria: {
          allOf: [
            {
              metricNamespace: "outcomeguard",
              metricName: "Total Tokens",
              dimensions: [{ name: "outcome", operator: "Include", values: [outcome] }],
            },
          ],
        },
      },
    });
    expect(runawayAlarmedEndpoints([deployment, alert("research", "sales")], keys).size).toBe(1);
    expect(runawayAlarmedEndpoints([deployment, alert("research", "marketing")], keys).size).toBe(
      0,
    );
    expect(runawayAlarmedEndpoints([deployment, alert("drafts", "sales")], keys).size).toBe(0);
  });
});
