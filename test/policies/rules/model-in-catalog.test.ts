import { describe, expect, it } from "vitest";
import packRule from "../../../policies/rules/model-in-catalog";
import { azureDeployment, bedrockProfile, OPUS } from "../../support/policy-fixtures";
import { runResourcePolicy, UNKNOWN } from "../../support/policy-harness";

const { policy } = packRule;

describe("model-in-catalog", () => {
  it("passes an endpoint whose model the catalog knows", async () => {
    expect(await runResourcePolicy(policy, bedrockProfile(OPUS))).toEqual([]);
    expect(await runResourcePolicy(policy, azureDeployment("gpt-4.1-mini"))).toEqual([]);
  });

  it("names a misspelled model, says it is treated as premium, and how to add it", async () => {
    const d = await runResourcePolicy(policy, azureDeployment("gpt-5-minii"));
    expect(d).toHaveLength(1);
    expect(d[0]!.enforcementLevel).toBe("advisory");
    expect(d[0]!.message).toContain('model "gpt-5-minii" is not in the catalog');
    expect(d[0]!.message).toContain("treated as premium");
    expect(d[0]!.message).toContain(
      'catalogOverrides entry in the pack config, e.g. {"id":"gpt-5-minii"',
    );
  });

  it("recognises a model added through catalogOverrides", async () => {
    const config = { catalogOverrides: [{ id: "acme-llm", tier: "economy", ids: ["acme-llm"] }] };
    expect(await runResourcePolicy(policy, azureDeployment("acme-llm"), { config })).toEqual([]);
    expect(await runResourcePolicy(policy, azureDeployment("acme-llm"))).toHaveLength(1);
  });

  it("does not call an application inference profile ARN an unknown model", async () => {
    const profile =
      "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123def456";
    expect(await runResourcePolicy(policy, bedrockProfile(profile))).toEqual([]);
  });

  it("says nothing about a model not known until the update, or a missing or malformed one", async () => {
    expect(await runResourcePolicy(policy, bedrockProfile(UNKNOWN))).toEqual([]);
    expect(await runResourcePolicy(policy, bedrockProfile(undefined))).toEqual([]);
    expect(await runResourcePolicy(policy, bedrockProfile(42))).toEqual([]);
  });
});
