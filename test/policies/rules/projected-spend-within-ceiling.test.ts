import { describe, expect, it } from "vitest";
import packRule from "../../../policies/rules/projected-spend-within-ceiling";
import {
  azureDeployment,
  bedrockProfile,
  OPUS,
  provisionedThroughput,
  sagemakerEndpoint,
  tagsWith,
} from "../../support/policy-fixtures";
import { at, runResourcePolicy, UNKNOWN } from "../../support/policy-harness";

const { policy } = packRule;

describe("projected-spend-within-ceiling", () => {
  it("passes when the maximum monthly spend at the declared capacity fits the ceiling", async () => {
    // GPT-5, GlobalStandard 10 = 10,000 TPM x 43,800 min x $10/1M = $4,380 <= $5,000.
    expect(
      await runResourcePolicy(
        policy,
        azureDeployment("gpt-5", { name: "GlobalStandard", capacity: 10 }),
      ),
    ).toEqual([]);
  });

  it("flags a maximum above the ceiling, stating the figure and its assumptions", async () => {
    const d = await runResourcePolicy(
      policy,
      azureDeployment("gpt-5", { name: "GlobalStandard", capacity: 20 }),
    );
    expect(d).toHaveLength(1);
    expect(d[0]!.enforcementLevel).toBe("mandatory");
    expect(d[0]!.message).toContain(
      "projected maximum $8,760 per month exceeds the $5,000 ceiling",
    );
    expect(d[0]!.message).toContain("20,000 tokens per minute");
    expect(d[0]!.message).toContain("every token priced at the output price");
  });

  it("prices regional deployments and provisioned throughput units", async () => {
    const regional = await runResourcePolicy(
      policy,
      azureDeployment("gpt-5", { name: "Standard", capacity: 11 }),
    );
    expect(regional[0]!.message).toContain("+10% over global");
    const ptu = await runResourcePolicy(
      policy,
      azureDeployment(
        "gpt-5",
        { name: "GlobalProvisionedManaged", capacity: 15 },
        tagsWith({ "ai-cost-ceiling-usd": "10000" }),
      ),
    );
    expect(ptu[0]!.message).toContain("$10,950 per month");
  });

  it("passes whatever the capacity when the endpoint declares a hard stop", async () => {
    for (const stop of ["budget-action", "token-quota"]) {
      const tags = tagsWith({ "ai-hard-stop": stop });
      expect(
        await runResourcePolicy(
          policy,
          azureDeployment("gpt-5", { name: "GlobalStandard", capacity: 500 }, tags),
        ),
      ).toEqual([]);
    }
  });

  it("flags capacity that cannot be priced unless a hard stop is declared", async () => {
    const d = await runResourcePolicy(policy, provisionedThroughput(OPUS, 2));
    expect(d[0]!.message).toContain("cannot project the maximum monthly spend");
    expect(d[0]!.message).toContain("modelUnitHourlyUsd");
    const priced = await runResourcePolicy(policy, provisionedThroughput(OPUS, 2), {
      config: {
        catalogOverrides: [{ id: "claude-opus-4-1", tier: "premium", modelUnitHourlyUsd: 40 }],
      },
    });
    expect(priced[0]!.message).toContain("$58,400 per month exceeds the $5,000 ceiling");
  });

  it("sums SageMaker variants' instance hours", async () => {
    const d = await runResourcePolicy(
      policy,
      sagemakerEndpoint([
        { modelName: "llama-3-70b", instanceType: "ml.g5.12xlarge", initialInstanceCount: 1 },
        { modelName: "llama-3-70b", instanceType: "ml.g5.xlarge", initialInstanceCount: 2 },
      ]),
    );
    expect(d[0]!.message).toContain("exceeds the $5,000 ceiling");
    expect(d[0]!.message).toContain("1 x ml.g5.12xlarge");
  });

  it("does not apply where no capacity is declared or the model is not gated", async () => {
    expect(await runResourcePolicy(policy, bedrockProfile(OPUS, {}))).toEqual([]);
    expect(
      await runResourcePolicy(
        policy,
        azureDeployment("gpt-4o-mini", { name: "GlobalStandard", capacity: 1000 }, {}),
      ),
    ).toEqual([]);
  });

  it("never throws on malformed capacity: a clear violation or not applicable", async () => {
    const sku = await runResourcePolicy(
      policy,
      azureDeployment("gpt-5", { name: "GlobalStandard", capacity: "lots" }),
    );
    expect(sku[0]!.message).toContain("sku.capacity");
    expect(
      await runResourcePolicy(policy, azureDeployment("gpt-5", "GlobalStandard")),
    ).toHaveLength(1);
    expect(await runResourcePolicy(policy, azureDeployment("gpt-5", null))).toEqual([]);
    expect(
      await runResourcePolicy(policy, azureDeployment("gpt-5", { name: "Mystery", capacity: 1 })),
    ).toHaveLength(1);
    expect(await runResourcePolicy(policy, provisionedThroughput(OPUS, "three"))).toHaveLength(1);
    expect(await runResourcePolicy(policy, sagemakerEndpoint("not a list"))).toEqual([]);
  });

  describe("unknown values at preview", () => {
    it("defers an unknown capacity", async () => {
      const d = await runResourcePolicy(
        policy,
        azureDeployment("gpt-5", { name: "GlobalStandard", capacity: UNKNOWN }),
      );
      expect(at("mandatory", d)).toEqual([]);
      expect(d[0]!.message).toContain("the capacity is not known until the update (sku.capacity)");
    });

    it("defers an unknown ceiling, stating the projected figure", async () => {
      const d = await runResourcePolicy(
        policy,
        azureDeployment(
          "gpt-5",
          { name: "GlobalStandard", capacity: 20 },
          tagsWith({ "ai-cost-ceiling-usd": UNKNOWN }),
        ),
      );
      expect(at("mandatory", d)).toEqual([]);
      expect(d[0]!.message).toContain("projected maximum $8,760 per month");
    });

    it("passes when the hard stop is unknown but the spend fits anyway; defers when it does not", async () => {
      const fits = tagsWith({ "ai-hard-stop": UNKNOWN });
      expect(
        await runResourcePolicy(
          policy,
          azureDeployment("gpt-5", { name: "GlobalStandard", capacity: 10 }, fits),
        ),
      ).toEqual([]);
      const d = await runResourcePolicy(
        policy,
        azureDeployment("gpt-5", { name: "GlobalStandard", capacity: 20 }, fits),
      );
      expect(at("mandatory", d)).toEqual([]);
      expect(d[0]!.message).toContain("ai-hard-stop is not known until the update");
    });
  });
});
