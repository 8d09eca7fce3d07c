import { describe, expect, it } from "vitest";
import packRule from "../../../policies/rules/premium-endpoint-requires-cost-ceiling";
import {
  azureDeployment,
  bedrockProfile,
  GOOD_TAGS,
  HAIKU,
  MALFORMED_TAGS,
  OPUS,
  tagsWith,
} from "../../support/policy-fixtures";
import { at, runResourcePolicy, UNKNOWN } from "../../support/policy-harness";

const { policy } = packRule;

describe("premium-endpoint-requires-cost-ceiling", () => {
  it("passes a positive ceiling in digits within the tier maximum", async () => {
    expect(await runResourcePolicy(policy, bedrockProfile(OPUS, GOOD_TAGS))).toEqual([]);
    expect(
      await runResourcePolicy(
        policy,
        bedrockProfile(OPUS, tagsWith({ "ai-cost-ceiling-usd": "1250.50" })),
      ),
    ).toEqual([]);
  });

  it.each([
    [undefined, "missing ai-cost-ceiling-usd"],
    ["$5,000", 'ai-cost-ceiling-usd is "$5,000"; it must be a positive number in digits'],
    ["five thousand", "positive number in digits"],
    ["0", "positive number in digits"],
    ["-10", "positive number in digits"],
    ["30000", "above the $25,000 maximum for a premium endpoint"],
  ])("flags the ceiling %s", async (value, message) => {
    const d = await runResourcePolicy(
      policy,
      bedrockProfile(OPUS, tagsWith({ "ai-cost-ceiling-usd": value })),
    );
    expect(d).toHaveLength(1);
    expect(d[0]!.enforcementLevel).toBe("mandatory");
    expect(d[0]!.message).toContain(message);
  });

  it("uses the configured per-tier maximum", async () => {
    const config = { maxCeilingUsd: { premium: 2000 } };
    const d = await runResourcePolicy(policy, bedrockProfile(OPUS, GOOD_TAGS), { config });
    expect(d[0]!.message).toContain("above the $2,000 maximum");
    expect(
      await runResourcePolicy(policy, bedrockProfile(OPUS, GOOD_TAGS), {
        config: { maxCeilingUsd: { premium: 9000 } },
      }),
    ).toEqual([]);
  });

  it("does not apply to models outside the gated tiers", async () => {
    expect(await runResourcePolicy(policy, bedrockProfile(HAIKU, {}))).toEqual([]);
    expect(await runResourcePolicy(policy, azureDeployment("gpt-4o-mini", undefined, {}))).toEqual(
      [],
    );
  });

  it.each(MALFORMED_TAGS)("never throws on tags that are %s", async (_what, tags) => {
    const d = await runResourcePolicy(policy, bedrockProfile(OPUS, tags));
    expect(d).toHaveLength(1);
    expect(d[0]!.message).toMatch(/ai-cost-ceiling-usd/);
  });

  it("flags a number where the tag's text belongs", async () => {
    const d = await runResourcePolicy(
      policy,
      bedrockProfile(OPUS, tagsWith({ "ai-cost-ceiling-usd": 5000 })),
    );
    expect(d[0]!.message).toContain(
      "ai-cost-ceiling-usd is 5000; it must be a positive number in digits",
    );
  });

  describe("unknown values at preview", () => {
    it("says the ceiling is undecided rather than missing", async () => {
      const d = await runResourcePolicy(
        policy,
        bedrockProfile(OPUS, tagsWith({ "ai-cost-ceiling-usd": UNKNOWN })),
      );
      expect(at("mandatory", d)).toEqual([]);
      expect(d[0]!.message).toContain("ai-cost-ceiling-usd is not known until the update");
    });

    it("passes an unknown model whose ceiling fits every gated tier; defers one that might not", async () => {
      expect(await runResourcePolicy(policy, bedrockProfile(UNKNOWN, GOOD_TAGS))).toEqual([]);
      const d = await runResourcePolicy(
        policy,
        bedrockProfile(UNKNOWN, tagsWith({ "ai-cost-ceiling-usd": "30000" })),
      );
      expect(at("mandatory", d)).toEqual([]);
      expect(d[0]!.message).toContain("the model is not known until the update");
    });
  });
});
