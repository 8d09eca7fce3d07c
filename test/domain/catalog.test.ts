import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildCatalog, classifyModel, normalizeModelId } from "../../domain";

describe("classifyModel: real identifiers from both clouds", () => {
  const cases: Array<[string, "premium" | "standard" | "economy"]> = [
    // Bedrock model IDs
    ["anthropic.claude-opus-4-1-20250805-v1:0", "premium"],
    ["anthropic.claude-opus-4-20250514-v1:0", "premium"],
    ["anthropic.claude-opus-4-5-20251101-v1:0", "premium"],
    ["anthropic.claude-3-opus-20240229-v1:0", "premium"],
    ["anthropic.claude-sonnet-4-5-20250929-v1:0", "standard"],
    ["anthropic.claude-3-7-sonnet-20250219-v1:0", "standard"],
    ["anthropic.claude-haiku-4-5-20251001-v1:0", "economy"],
    ["anthropic.claude-3-haiku-20240307-v1:0", "economy"],
    ["anthropic.claude-3-haiku-20240307-v1:0:200k", "economy"],
    ["amazon.nova-pro-v1:0", "standard"],
    ["amazon.nova-lite-v1:0", "economy"],
    ["amazon.nova-micro-v1:0", "economy"],
    ["amazon.nova-premier-v1:0", "premium"],
    // Cross-region and global inference profiles
    ["us.anthropic.claude-opus-4-1-20250805-v1:0", "premium"],
    ["eu.anthropic.claude-sonnet-4-20250514-v1:0", "standard"],
    ["apac.amazon.nova-lite-v1:0", "economy"],
    ["global.anthropic.claude-haiku-4-5-20251001-v1:0", "economy"],
    // ARNs
    [
      "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-opus-4-1-20250805-v1:0",
      "premium",
    ],
    ["arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-micro-v1:0", "economy"],
    [
      "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0",
      "economy",
    ],
    [
      "arn:aws:bedrock:us-west-2:123456789012:inference-profile/us.anthropic.claude-opus-4-1-20250805-v1:0",
      "premium",
    ],
    // Azure OpenAI model names
    ["gpt-5", "premium"],
    ["gpt-5-pro", "premium"],
    ["o3", "premium"],
    ["o3-pro", "premium"],
    ["gpt-4.1", "standard"],
    ["gpt-4o", "standard"],
    ["gpt-5-mini", "standard"],
    ["o4-mini", "standard"],
    ["gpt-4o-mini", "economy"],
    ["gpt-4o-mini-2024-07-18", "economy"],
    ["gpt-4.1-nano", "economy"],
    ["gpt-5-nano", "economy"],
    // Mixed case and stray whitespace
    ["GPT-4o-Mini", "economy"],
    ["  US.Anthropic.Claude-Opus-4-1-20250805-V1:0 ", "premium"],
    ["Amazon.Nova-Lite-v1:0", "economy"],
  ];

  it.each(cases)("%s is %s", (id, tier) => {
    const c = classifyModel(id);
    expect(c.tier).toBe(tier);
    expect(c.recognised).toBe(true);
  });

  it.each([
    "anthropic.claude-opus-5-20270101-v1:0",
    "gpt-6",
    "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5",
    "mystery-model",
    "",
  ])("an unrecognised model (%j) is premium", (id) => {
    const c = classifyModel(id);
    expect(c.tier).toBe("premium");
    expect(c.recognised).toBe(false);
    expect(c.reason).toMatch(/premium/);
  });

  it("treats non-string identifiers as unknown premium", () => {
    for (const v of [undefined, null, 42, {}, ["gpt-4o-mini"]]) {
      expect(classifyModel(v).tier).toBe("premium");
    }
  });

  it("never throws on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 200 }), (s) => {
        const c = classifyModel(s);
        expect(["premium", "standard", "economy"]).toContain(c.tier);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("classifyModel, repeated", () => {
  it("gives the same frozen answer for the same identifier, and each catalog its own", () => {
    const c = classifyModel("anthropic.claude-opus-4-1-20250805-v1:0");
    expect(classifyModel("anthropic.claude-opus-4-1-20250805-v1:0")).toBe(c);
    expect(Object.isFrozen(c)).toBe(true);
    const custom = buildCatalog([{ id: "acme-extractor", tier: "economy" }]);
    expect(classifyModel("acme-extractor").tier).toBe("premium");
    expect(classifyModel("acme-extractor", custom).tier).toBe("economy");
  });
});

describe("normalizeModelId", () => {
  it("reduces ARNs, geography prefixes, dates and versions", () => {
    expect(normalizeModelId("us.anthropic.claude-opus-4-1-20250805-v1:0")).toBe(
      "anthropic.claude-opus-4-1",
    );
    expect(normalizeModelId("gpt-4o-mini-2024-07-18")).toBe("gpt-4o-mini");
    expect(
      normalizeModelId("arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0"),
    ).toBe("amazon.nova-pro");
  });
});

describe("catalog overrides", () => {
  it("can reclassify a model and add a new one", () => {
    const catalog = buildCatalog([
      { id: "gpt-4o", tier: "premium" },
      {
        id: "acme-llm",
        tier: "economy",
        ids: ["acme.llm-small-v1:0"],
        price: { inputPer1M: 0.1, outputPer1M: 0.2 },
      },
    ]);
    expect(classifyModel("gpt-4o", catalog).tier).toBe("premium");
    expect(classifyModel("acme.llm-small-v1:0", catalog).tier).toBe("economy");
    expect(classifyModel("acme.llm-small-v1:0", catalog).entry?.price.outputPer1M).toBe(0.2);
    // The default catalog is untouched.
    expect(classifyModel("gpt-4o").tier).toBe("standard");
  });

  it("rejects an override with a tier that does not exist", () => {
    expect(() => buildCatalog([{ id: "x", tier: "gold" as "premium" }])).toThrow(/tier/);
  });
});

describe("the models real programs name today", () => {
  it.each([
    // Claude on Vertex (publisher path and @version) and on Azure AI Foundry
    ["publishers/anthropic/models/claude-opus-4-1@20250805", "premium"],
    ["claude-sonnet-4-5@20250929", "standard"],
    ["claude-haiku-4-5", "economy"],
    ["global.anthropic.claude-opus-4-5-20251101-v1:0", "premium"],
    // OpenAI on Azure
    ["gpt-5.1", "premium"],
    ["o3", "premium"],
    ["o3-mini", "standard"],
    ["gpt-4.1", "standard"],
    ["gpt-4o-2024-11-20", "standard"],
    ["text-embedding-3-large", "economy"],
    // Llama, Mistral, Cohere, DeepSeek, Nova and embeddings on Bedrock and Foundry
    ["us.meta.llama3-3-70b-instruct-v1:0", "economy"],
    [
      "azureml://registries/azureml-meta/models/Meta-Llama-3.1-405B-Instruct/versions/1",
      "standard",
    ],
    ["meta-llama/Llama-3.1-8B-Instruct", "economy"],
    ["mistral.mistral-large-2407-v1:0", "standard"],
    ["azureml://registries/azureml-mistral/models/Mistral-large", "standard"],
    ["cohere.command-r-plus-v1:0", "standard"],
    ["cohere.embed-english-v3", "economy"],
    ["deepseek.r1-v1:0", "standard"],
    ["DeepSeek-R1-0528", "standard"],
    ["amazon.titan-embed-text-v2:0", "economy"],
    ["amazon.nova-pro-v1:0", "standard"],
    // Gemini on Vertex
    ["publishers/google/models/gemini-2.5-pro", "premium"],
    ["gemini-2.5-flash", "standard"],
    ["gemini-2.0-flash-001", "economy"],
    ["gemini-embedding-001", "economy"],
  ] as const)("classifies %s as %s", (id, tier) => {
    const c = classifyModel(id);
    expect(c.recognised).toBe(true);
    expect(c.tier).toBe(tier);
  });

  it("gives every entry a tier, a list price, its source and the date it was read", () => {
    for (const m of buildCatalog().models) {
      expect(["premium", "standard", "economy"]).toContain(m.tier);
      expect(m.price.inputPer1M, m.id).toBeGreaterThan(0);
      expect(m.price.outputPer1M, m.id).toBeGreaterThanOrEqual(0);
      expect(m.price.source, m.id).toMatch(/list price \(/);
      expect(m.price.asOf, m.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it("keeps an unrecognised model premium, and names it", () => {
    const c = classifyModel("publishers/google/models/paligemma@paligemma-224-float32");
    expect(c.tier).toBe("premium");
    expect(c.recognised).toBe(false);
    expect(c.reason).toContain("not in the catalog");
  });
});
