import { describe, expect, it } from "vitest";
import { DEFAULT_CATALOG } from "../../../domain/catalog";
import { describeEndpoint } from "../../../domain/endpoints";
import { RESOURCE_TYPES } from "../../../domain/registry/tokens";
import { DEFAULT_MAX_CEILING_USD } from "../../../domain/governance";
import { outcomeRule } from "../../../domain/rules/premium-endpoint-requires-outcome";
import { tagKeys } from "../../../domain/tags";
import { Unknown } from "../../../domain/unknown";
import packRule from "../../../policies/rules/premium-endpoint-requires-outcome";
import {
  azureDeployment,
  bedrockProfile,
  GOOD_TAGS,
  HAIKU,
  MALFORMED_TAGS,
  OPUS,
  sagemakerEndpoint,
  SONNET_PROFILE,
  tagsWith,
} from "../../support/policy-fixtures";
import { at, runResourcePolicy, UNKNOWN, unknownOf } from "../../support/policy-harness";

const { policy } = packRule;

describe("premium-endpoint-requires-outcome", () => {
  it("passes a premium endpoint with team, outcome and a measurable statement", async () => {
    expect(await runResourcePolicy(policy, bedrockProfile(OPUS, GOOD_TAGS))).toEqual([]);
    expect(await runResourcePolicy(policy, azureDeployment("gpt-5"))).toEqual([]);
  });

  it("flags a premium endpoint with no outcome, naming each missing tag", async () => {
    const d = await runResourcePolicy(
      policy,
      bedrockProfile(
        OPUS,
        tagsWith({ "ai-outcome": undefined, "ai-outcome-statement": undefined }),
      ),
    );
    expect(d).toHaveLength(1);
    expect(d[0]!.enforcementLevel).toBe("mandatory");
    expect(d[0]!.message).toContain("Claude Opus 4.1 is premium in the catalog");
    expect(d[0]!.message).toContain("missing ai-outcome:");
    expect(d[0]!.message).toContain("missing ai-outcome-statement:");
    expect(d[0]!.message).not.toContain("missing ai-team");
  });

  it("flags a vague outcome statement with what to change", async () => {
    const d = await runResourcePolicy(
      policy,
      azureDeployment(
        "gpt-5",
        undefined,
        tagsWith({ "ai-outcome-statement": "Use AI to make better content" }),
      ),
    );
    expect(d).toHaveLength(1);
    expect(d[0]!.message).toContain("not measurable");
  });

  it("takes the tier from the catalog: a premium model tagged economy is still gated, and the mislabel is reported", async () => {
    const d = await runResourcePolicy(
      policy,
      bedrockProfile(OPUS, tagsWith({ "ai-model-tier": "economy", "ai-team": undefined })),
    );
    expect(d).toHaveLength(1);
    expect(d[0]!.message).toContain("missing ai-team");
    expect(d[0]!.message).toContain('ai-model-tier says "economy"');
  });

  it("does not gate economy and standard models, whatever their tags say", async () => {
    expect(await runResourcePolicy(policy, bedrockProfile(HAIKU, {}))).toEqual([]);
    expect(
      await runResourcePolicy(
        policy,
        bedrockProfile(SONNET_PROFILE, { "ai-model-tier": "premium" }),
      ),
    ).toEqual([]);
    expect(await runResourcePolicy(policy, azureDeployment("gpt-4o-mini", undefined, {}))).toEqual(
      [],
    );
  });

  it("treats an unrecognised model as premium", async () => {
    const d = await runResourcePolicy(policy, sagemakerEndpoint(undefined, {}));
    expect(d).toHaveLength(1);
    expect(d[0]!.message).toContain("not in the catalog");
    expect(d[0]!.message).toContain("missing ai-team");
  });

  it("gates the tiers the config names, and classifies with catalog overrides", async () => {
    const config = {
      gatedTiers: ["premium", "standard"],
      catalogOverrides: [{ id: "llama-3-70b", tier: "economy" }],
    };
    expect(
      await runResourcePolicy(policy, bedrockProfile(SONNET_PROFILE, {}), { config }),
    ).toHaveLength(1);
    expect(await runResourcePolicy(policy, sagemakerEndpoint(undefined, {}), { config })).toEqual(
      [],
    );
  });

  it("reads the tag prefix from its config", async () => {
    const tags = Object.fromEntries(
      Object.entries(GOOD_TAGS).map(([k, v]) => [k.replace(/^ai-/, "acme:ai-"), v]),
    );
    expect(
      await runResourcePolicy(policy, bedrockProfile(OPUS, tags), {
        config: { tagPrefix: "acme:ai-" },
      }),
    ).toEqual([]);
    expect(
      await runResourcePolicy(policy, bedrockProfile(OPUS, GOOD_TAGS), {
        config: { tagPrefix: "acme:ai-" },
      }),
    ).toHaveLength(1);
  });

  it.each(MALFORMED_TAGS)(
    "never throws on tags that are %s: a clear violation instead",
    async (_what, tags) => {
      const d = await runResourcePolicy(policy, bedrockProfile(OPUS, tags));
      expect(d).toHaveLength(1);
      expect(d[0]!.enforcementLevel).toBe("mandatory");
    },
  );

  it("never throws on missing nested objects or numbers for strings", async () => {
    for (const props of [
      {},
      { modelSource: null },
      { modelSource: "x" },
      { modelSource: { copyFrom: 7 } },
    ]) {
      const d = await runResourcePolicy(policy, { type: bedrockProfile().type, props });
      expect(d).toHaveLength(1);
      expect(d[0]!.message).toContain("no model identifier declared");
    }
    const azure = await runResourcePolicy(policy, {
      type: azureDeployment().type,
      props: { properties: 5, tags: GOOD_TAGS },
    });
    expect(azure).toEqual([]);
  });

  describe("AWS provider default tags", () => {
    const provider = (defaultTags: unknown) => ({
      type: "pulumi:providers:aws",
      props: { region: "us-east-1", defaultTags },
    });
    const { "ai-team": team, ...withoutTeam } = GOOD_TAGS;

    it("count the provider's defaultTags as the resource's (provider inputs may hold them as JSON)", async () => {
      const r = bedrockProfile(OPUS, withoutTeam);
      expect(await runResourcePolicy(policy, r)).toHaveLength(1);
      expect(
        await runResourcePolicy(policy, {
          ...r,
          provider: provider({ tags: { "ai-team": team } }),
        }),
      ).toEqual([]);
      expect(
        await runResourcePolicy(policy, {
          ...r,
          provider: provider(JSON.stringify({ tags: { "ai-team": team } })),
        }),
      ).toEqual([]);
      expect(
        await runResourcePolicy(policy, { ...r, provider: provider("not json") }),
      ).toHaveLength(1);
    });

    it("leave the tags undecided when the provider's defaultTags are unknown", async () => {
      const d = await runResourcePolicy(policy, {
        ...bedrockProfile(OPUS, withoutTeam),
        provider: provider(UNKNOWN),
      });
      expect(at("mandatory", d)).toEqual([]);
      expect(d[0]!.message).toContain("provider defaultTags");
    });
  });

  describe("unknown values at preview", () => {
    it("reports no violation and says explicitly that the rule is undecided when the tags are unknown", async () => {
      const d = await runResourcePolicy(policy, bedrockProfile(OPUS, unknownOf("object")));
      expect(at("mandatory", d)).toEqual([]);
      expect(d).toHaveLength(1);
      expect(d[0]!.enforcementLevel).toBe("advisory");
      expect(d[0]!.message).toContain("undecided at preview");
      expect(d[0]!.message).toContain("tags");
    });

    it("decides the known tags and defers only the unknown one", async () => {
      const d = await runResourcePolicy(
        policy,
        bedrockProfile(OPUS, tagsWith({ "ai-outcome-statement": UNKNOWN, "ai-team": undefined })),
      );
      expect(at("mandatory", d)).toHaveLength(1);
      expect(at("mandatory", d)[0]!.message).toContain("missing ai-team");
      expect(at("mandatory", d)[0]!.message).not.toContain("ai-outcome-statement");
      expect(at("advisory", d)).toHaveLength(1);
      expect(at("advisory", d)[0]!.message).toContain(
        "ai-outcome-statement not known until the update",
      );
    });

    it("passes an unknown model when the tags satisfy the rule anyway", async () => {
      expect(await runResourcePolicy(policy, bedrockProfile(UNKNOWN, GOOD_TAGS))).toEqual([]);
    });

    it("never reports a violation when the model is unknown, but says what would fail", async () => {
      const d = await runResourcePolicy(policy, bedrockProfile(UNKNOWN, {}));
      expect(at("mandatory", d)).toEqual([]);
      expect(d[0]!.message).toContain("the model is not known until the update");
      expect(d[0]!.message).toContain("missing ai-team");
    });

    it("decides on the known model when another SageMaker variant's model is unknown", async () => {
      const variants = [
        { modelName: "llama-3-70b", instanceType: "ml.g5.xlarge", initialInstanceCount: 1 },
        { modelName: UNKNOWN, instanceType: "ml.g5.xlarge", initialInstanceCount: 1 },
      ];
      const d = await runResourcePolicy(policy, sagemakerEndpoint(variants, {}));
      expect(at("mandatory", d)).toHaveLength(1);
    });
  });

  describe("waivers", () => {
    const waiver = (expires: string) => ({
      waivers: [{ resource: "support-*", reason: "migrating to the gate in Q1", expires }],
    });

    it("a live waiver suppresses the violation and says so in an advisory line", async () => {
      const d = await runResourcePolicy(policy, bedrockProfile(OPUS, {}), {
        config: waiver("2999-01-01"),
      });
      expect(at("mandatory", d)).toEqual([]);
      expect(d).toHaveLength(1);
      expect(d[0]!.message).toContain("waived until 2999-01-01");
      expect(d[0]!.message).toContain("migrating to the gate in Q1");
      expect(d[0]!.message).toContain("missing ai-team");
    });

    it("an expired waiver is ignored and reported", async () => {
      const d = await runResourcePolicy(policy, bedrockProfile(OPUS, {}), {
        config: waiver("2020-01-01"),
      });
      expect(at("mandatory", d)).toHaveLength(1);
      expect(at("advisory", d)).toHaveLength(1);
      expect(at("advisory", d)[0]!.message).toContain("expired on 2020-01-01");
    });

    it("a waiver for another resource changes nothing; URN globs match too", async () => {
      const other = { waivers: [{ resource: "billing-*", reason: "r", expires: "2999-01-01" }] };
      expect(
        at(
          "mandatory",
          await runResourcePolicy(policy, bedrockProfile(OPUS, {}), { config: other }),
        ),
      ).toHaveLength(1);
      const byUrn = {
        waivers: [
          {
            resource: "urn:pulumi:*::*GatedEndpoint$aws:bedrock*",
            reason: "r",
            expires: "2999-01-01",
          },
        ],
      };
      expect(
        at(
          "mandatory",
          await runResourcePolicy(policy, bedrockProfile(OPUS, {}), { config: byUrn }),
        ),
      ).toEqual([]);
    });
  });

  it("reports an invalid config instead of guessing, naming the field", async () => {
    const d = await runResourcePolicy(policy, bedrockProfile(OPUS, GOOD_TAGS), {
      config: { waivers: [{ resource: "x", reason: "r", expires: "next week" }] },
    });
    expect(d).toHaveLength(1);
    expect(d[0]!.message).toContain("waivers[0].expires");
  });
});

describe("premium-endpoint-requires-outcome, the domain rule", () => {
  it("never turns an unknown model into a violation", () => {
    const e = describeEndpoint(RESOURCE_TYPES.bedrockInferenceProfile, {
      modelSource: { copyFrom: new Unknown("modelSource.copyFrom") },
      tags: {},
    })!;
    const f = outcomeRule(e, {
      keys: tagKeys(),
      catalog: DEFAULT_CATALOG,
      gatedTiers: ["premium"],
      maxCeilingUsd: DEFAULT_MAX_CEILING_USD,
    });
    expect(f.violations).toEqual([]);
    expect(f.undecided[0]).toContain("modelSource.copyFrom");
  });
});
