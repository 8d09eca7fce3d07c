import { describe, expect, it } from "vitest";
import { buildCatalog, modelServingProblem, resolveBedrockModelSource } from "../../domain";

describe("resolveBedrockModelSource", () => {
  it("builds a foundation-model ARN from a model id and region", () => {
    const r = resolveBedrockModelSource("anthropic.claude-haiku-4-5-20251001-v1:0", {
      region: "eu-west-1",
    });
    expect(r).toMatchObject({
      ok: true,
      value: {
        kind: "foundation-model",
        copyFrom:
          "arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0",
      },
    });
  });

  it("builds a system inference-profile ARN from a geography-prefixed id", () => {
    const r = resolveBedrockModelSource("us.anthropic.claude-opus-4-1-20250805-v1:0", {
      region: "us-east-1",
      accountId: "123456789012",
    });
    expect(r.ok && r.value.copyFrom).toBe(
      "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-opus-4-1-20250805-v1:0",
    );
    expect(r.ok && r.value.foundationModelArns).toEqual([
      "arn:aws:bedrock:*::foundation-model/anthropic.claude-opus-4-1-20250805-v1:0",
    ]);
  });

  it("takes an ARN as it is", () => {
    const arn = "arn:aws:bedrock:us-west-2::foundation-model/amazon.nova-pro-v1:0";
    const r = resolveBedrockModelSource(arn, {});
    expect(r.ok && r.value.copyFrom).toBe(arn);
    expect(r.ok && r.value.region).toBe("us-west-2");
  });

  it.each([
    ["anthropic.claude-haiku-4-5-20251001-v1:0", {}, /region/],
    ["us.anthropic.claude-opus-4-1-20250805-v1:0", { region: "us-east-1" }, /account/],
    ["gpt-4o", { region: "us-east-1" }, /Bedrock cannot serve/],
    ["arn:aws:s3:::bucket", {}, /not a Bedrock/],
  ])("explains why %s cannot be resolved", (model, where, message) => {
    const r = resolveBedrockModelSource(model, where);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem).toMatch(message);
  });
});

describe("modelServingProblem", () => {
  it("lets each cloud serve its own models", () => {
    expect(
      modelServingProblem("aws", "us.anthropic.claude-opus-4-1-20250805-v1:0"),
    ).toBeUndefined();
    expect(modelServingProblem("aws", "amazon.nova-lite-v1:0")).toBeUndefined();
    expect(modelServingProblem("azure", "gpt-4.1-mini")).toBeUndefined();
    expect(modelServingProblem("azure", "o3")).toBeUndefined();
  });

  it("refuses a model the cloud cannot serve, naming it", () => {
    expect(modelServingProblem("aws", "gpt-4o")).toMatch(
      /Bedrock cannot serve "gpt-4o" \(GPT-4o, from openai\)/,
    );
    expect(modelServingProblem("azure", "anthropic.claude-opus-4-1-20250805-v1:0")).toMatch(
      /Azure OpenAI cannot serve/,
    );
    expect(modelServingProblem("azure", "claude-opus-4-1")).toMatch(
      /Claude Opus 4.1 \(a anthropic model\)/,
    );
  });

  it("accepts an unrecognised Azure model name (the catalog then treats it as premium)", () => {
    expect(modelServingProblem("azure", "gpt-9-ultra")).toBeUndefined();
  });

  it("follows catalog overrides for custom models", () => {
    const catalog = buildCatalog([{ id: "acme-llm", tier: "economy", ids: ["acme-llm"] }]);
    expect(modelServingProblem("azure", "acme-llm", catalog)).toBeUndefined();
  });
});
