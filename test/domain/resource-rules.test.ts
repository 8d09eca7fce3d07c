import { describe, expect, it } from "vitest";
import { DEFAULT_CATALOG } from "../../domain/catalog";
import { describeEndpoint, RESOURCE_TYPES } from "../../domain/endpoints";
import {
  DEFAULT_MAX_CEILING_USD,
  outcomeTagIssues,
  outcomeTagProblems,
  type GovernanceSettings,
} from "../../domain/governance";
import {
  endpointTier,
  gateOf,
  outcomeRule,
  readTagValue,
  viewTags,
} from "../../domain/resource-rules";
import { tagKeys } from "../../domain/tags";
import { Unknown } from "../../domain/unknown";

const keys = tagKeys();
const settings: GovernanceSettings = {
  keys,
  catalog: DEFAULT_CATALOG,
  gatedTiers: ["premium"],
  maxCeilingUsd: DEFAULT_MAX_CEILING_USD,
};
const sagemaker = (...models: unknown[]) =>
  describeEndpoint(RESOURCE_TYPES.sagemakerEndpointConfiguration, {
    productionVariants: models.map((modelName) => ({ modelName })),
  })!;

describe("outcomeTagIssues", () => {
  it("attributes each outcome problem to its tag key, and agrees with outcomeTagProblems", () => {
    const tags = { "ai-outcome": "Not A Slug", "ai-outcome-statement": "Use AI", "ai-kpi": "nope" };
    const issues = outcomeTagIssues(tags, keys);
    expect(issues.map((i) => i.key)).toEqual([
      "ai-team",
      "ai-outcome",
      "ai-outcome-statement",
      "ai-kpi",
    ]);
    expect(issues.map((i) => i.problem)).toEqual(outcomeTagProblems(tags, keys));
    expect(outcomeTagIssues("x", keys)).toEqual([
      { key: "*", problem: expect.stringContaining("no tags") },
    ]);
  });
});

describe("three-valued reading", () => {
  it("tells unknown, absent, malformed and map tags apart", () => {
    expect(viewTags(new Unknown("tags")).state).toBe("unknown");
    expect(viewTags(undefined).state).toBe("absent");
    expect(viewTags("x")).toEqual({ state: "malformed", got: "a string" });
    const v = viewTags({ a: "1", b: new Unknown("tags.b") });
    expect(v.state === "map" && [...v.unknownKeys]).toEqual(["b"]);
    expect(readTagValue(v, "a")).toEqual({ known: true, value: "1" });
    expect(readTagValue(v, "b").known).toBe(false);
  });

  it("decides the tier from the dearest known model, or leaves it open", () => {
    const premium = endpointTier(sagemaker("claude-opus-4-1", new Unknown("m")), DEFAULT_CATALOG);
    expect(premium.decided && premium.tier).toBe("premium");
    const open = endpointTier(sagemaker("gpt-4o-mini", new Unknown("m")), DEFAULT_CATALOG);
    expect(open.decided).toBe(false);
    expect(gateOf(open, settings)).toBe("maybe");
    expect(gateOf(open, { gatedTiers: [] })).toBe("not-gated");
    const economy = endpointTier(sagemaker("gpt-4o-mini"), DEFAULT_CATALOG);
    expect(economy.decided && economy.tier).toBe("economy");
  });

  it("never turns an unknown into a violation", () => {
    const e = describeEndpoint(RESOURCE_TYPES.bedrockInferenceProfile, {
      modelSource: { copyFrom: new Unknown("modelSource.copyFrom") },
      tags: {},
    })!;
    const f = outcomeRule(e, settings);
    expect(f.violations).toEqual([]);
    expect(f.undecided[0]).toContain("modelSource.copyFrom");
  });
});
