import { describe, expect, it } from "vitest";
import { GUARD_TYPES } from "../../../domain/registry/tokens";
import { BEDROCK_METRICS } from "../../../domain/runaway";
import packRule from "../../../policies/rules/premium-endpoint-has-runaway-guard";
import {
  AWS_GATE,
  azureDeployment,
  bedrockProfile,
  HAIKU,
  OPUS,
  tagsWith,
} from "../../support/policy-fixtures";
import {
  at,
  runStackPolicy,
  UNKNOWN,
  urnOf,
  type TestResource,
} from "../../support/policy-harness";

const { policy } = packRule;

const PROFILE_ID = "a1b2c3d4e5f6";
const profileWithArn = (): TestResource => {
  const p = bedrockProfile(OPUS);
  return {
    ...p,
    props: {
      ...p.props,
      arn: `arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/${PROFILE_ID}`,
    },
  };
};
const tokenAlarm = (modelId: unknown): TestResource => ({
  type: GUARD_TYPES.cloudwatchMetricAlarm,
  name: "support-opus-runaway",
  props: {
    metricQueries: [BEDROCK_METRICS.inputTokens, BEDROCK_METRICS.outputTokens].map((m, i) => ({
      id: `m${i}`,
      metric: {
        namespace: BEDROCK_METRICS.namespace,
        metricName: m,
        dimensions: { [BEDROCK_METRICS.dimension]: modelId },
        period: 300,
        stat: "Sum",
      },
    })),
  },
});

describe("premium-endpoint-has-runaway-guard", () => {
  it("passes a premium on-demand profile that a runaway alarm watches by its id", async () => {
    expect(await runStackPolicy(policy, [profileWithArn(), tokenAlarm(PROFILE_ID)])).toEqual([]);
  });

  it("passes a premium endpoint that declares a hard stop", async () => {
    const stopped = bedrockProfile(OPUS, tagsWith({ "ai-hard-stop": "budget-action" }));
    expect(await runStackPolicy(policy, [stopped])).toEqual([]);
  });

  it("reports a premium on-demand profile with neither, at advisory level", async () => {
    const d = await runStackPolicy(policy, [profileWithArn(), tokenAlarm("another-profile")]);
    expect(at("advisory", d)).toHaveLength(1);
    expect(d[0]!.message).toContain("neither a hard stop nor a runaway alarm");
    expect(d[0]!.urn).toContain("support-opus");
  });

  it("reports it at the level the config sets", async () => {
    const d = await runStackPolicy(policy, [profileWithArn()], { enforcementLevel: "mandatory" });
    expect(at("mandatory", d)).toHaveLength(1);
  });

  it("leaves economy models and provisioned Azure capacity alone", async () => {
    expect(await runStackPolicy(policy, [bedrockProfile(HAIKU)])).toEqual([]);
    const ptu = azureDeployment("gpt-5", { name: "ProvisionedManaged", capacity: 50 });
    expect(await runStackPolicy(policy, [ptu])).toEqual([]);
  });

  it("matches an alarm below the endpoint's component while the profile's id is unknown", async () => {
    const gate = { type: AWS_GATE, name: "support-opus" };
    const gateUrn = urnOf(gate.type, gate.name);
    const profile: TestResource = {
      ...bedrockProfile(OPUS),
      parent: gateUrn,
      props: { ...bedrockProfile(OPUS).props, arn: UNKNOWN },
    };
    const alarm: TestResource = { ...tokenAlarm(UNKNOWN), parent: gateUrn, parentType: AWS_GATE };
    expect(await runStackPolicy(policy, [gate, profile, alarm])).toEqual([]);
  });

  it("leaves an unknown hard-stop tag undecided, never a guess", async () => {
    const d = await runStackPolicy(policy, [
      bedrockProfile(OPUS, tagsWith({ "ai-hard-stop": UNKNOWN })),
    ]);
    expect(d).toHaveLength(1);
    expect(d[0]!.message).toContain("undecided at preview");
  });
});
