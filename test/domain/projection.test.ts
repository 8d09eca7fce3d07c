import { describe, expect, it } from "vitest";
import {
  buildCatalog,
  classifyModel,
  projectExpectedSpend,
  projectMaxSpend,
  tokenBudget,
} from "../../domain";

describe("expected spend from declared tokens", () => {
  it("Claude Haiku 4.5: 100M in, 20M out = 100 x $1 + 20 x $5 = $200", () => {
    const p = projectExpectedSpend(classifyModel("anthropic.claude-haiku-4-5-20251001-v1:0"), {
      inputTokensPerMonth: 100_000_000,
      outputTokensPerMonth: 20_000_000,
    });
    expect(p.usd).toBe(200);
    expect(p.basis).toBe("expected");
    expect(p.assumptions.join(" ")).toMatch(/Claude Haiku 4.5: \$1 input \/ \$5 output/);
  });

  it("an unrecognised model is priced like the dearest premium model", () => {
    const p = projectExpectedSpend(classifyModel("mystery"), {
      inputTokensPerMonth: 1_000_000,
      outputTokensPerMonth: 1_000_000,
    });
    expect(p.usd).toBe(90); // 15 + 75
  });
});

describe("maximum spend from declared capacity", () => {
  it("GPT-5 GlobalStandard capacity 10 = 10,000 TPM x 43,800 min x $10 / 1M = $4,380", () => {
    const p = projectMaxSpend(classifyModel("gpt-5"), {
      kind: "azure-standard",
      sku: "GlobalStandard",
      capacity: 10,
    });
    expect(p.usd).toBe(4380);
    expect(p.assumptions.join("\n")).toMatch(/10,000 tokens per minute/);
  });

  it("regional Standard costs 10% more: GPT-4o-mini capacity 100 = 4.38B x $0.60 x 1.1 = $2,890.80", () => {
    const p = projectMaxSpend(classifyModel("gpt-4o-mini"), {
      kind: "azure-standard",
      sku: "Standard",
      capacity: 100,
    });
    expect(p.usd).toBe(2890.8);
    expect(p.assumptions.join("\n")).toMatch(/\+10% over global/);
  });

  it("Azure PTU hourly: 50 PTU global = 50 x $1 x 730 = $36,500; reserved = 50 x $260 = $13,000", () => {
    const model = classifyModel("gpt-5");
    expect(
      projectMaxSpend(model, {
        kind: "azure-provisioned",
        sku: "GlobalProvisionedManaged",
        ptu: 50,
      }).usd,
    ).toBe(36500);
    expect(
      projectMaxSpend(model, {
        kind: "azure-provisioned",
        sku: "GlobalProvisionedManaged",
        ptu: 50,
        reserved: true,
      }).usd,
    ).toBe(13000);
  });

  it("Bedrock model units need a unit price; with one: 2 units x $50 x 730 = $73,000", () => {
    const unpriced = projectMaxSpend(classifyModel("anthropic.claude-opus-4-1-20250805-v1:0"), {
      kind: "bedrock-provisioned",
      modelUnits: 2,
    });
    expect(unpriced.usd).toBeUndefined();
    if (unpriced.usd === undefined) expect(unpriced.reason).toMatch(/modelUnitHourlyUsd/);
    const catalog = buildCatalog([
      { id: "claude-opus-4-1", tier: "premium", modelUnitHourlyUsd: 50 },
    ]);
    const priced = projectMaxSpend(
      classifyModel("anthropic.claude-opus-4-1-20250805-v1:0", catalog),
      { kind: "bedrock-provisioned", modelUnits: 2, commitment: "OneMonth" },
    );
    expect(priced.usd).toBe(73000);
  });

  it("SageMaker: 2 x ml.g5.2xlarge at $1.515 x 730 = $2,211.90", () => {
    expect(
      projectMaxSpend(classifyModel("mystery"), {
        kind: "sagemaker",
        instanceType: "ml.g5.2xlarge",
        instanceCount: 2,
      }).usd,
    ).toBe(2211.9);
  });
});

describe("token budget from a ceiling", () => {
  it("GPT-4o-mini, $600 ceiling: 600 / $0.60 per 1M = 1B tokens a month, 22,831 TPM", () => {
    const b = tokenBudget(classifyModel("gpt-4o-mini"), 600);
    expect(b.monthlyTokens).toBe(1_000_000_000);
    expect(b.tokensPerMinute).toBe(22831);
  });

  it("GPT-5, $5,000 ceiling: exactly 500M tokens (no floating-point shortfall)", () => {
    expect(tokenBudget(classifyModel("gpt-5"), 5000).monthlyTokens).toBe(500_000_000);
  });
});
