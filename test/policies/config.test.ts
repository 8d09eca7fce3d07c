import { describe, expect, it } from "vitest";
import {
  PackConfigSchema,
  POLICY_NAMES,
  POLICY_SETTINGS,
  policyConfigSchema,
  resolvePolicyConfig,
} from "../../policies/config";
import { ALL_POLICIES } from "../../policies/rules";

describe("policy pack config", () => {
  it("gives every policy a JSON Schema derived from the one zod schema, with defaults and no enforcementLevel", () => {
    for (const name of POLICY_NAMES) {
      const { properties } = policyConfigSchema(name);
      expect(Object.keys(properties)).toEqual([...POLICY_SETTINGS[name]]);
      expect(properties.enforcementLevel).toBeUndefined();
      expect(properties.waivers).toMatchObject({ type: "array", default: [] });
      for (const schema of Object.values(properties)) {
        expect(JSON.stringify(schema)).not.toContain("$ref");
      }
    }
    expect(
      policyConfigSchema("premium-endpoint-requires-outcome").properties.tagPrefix,
    ).toMatchObject({
      type: "string",
      default: "ai-",
      pattern: expect.any(String),
    });
  });

  it("serves the policies in the contract order, each with its schema", () => {
    expect(ALL_POLICIES.map((p) => p.name)).toEqual([...POLICY_NAMES]);
    for (const p of ALL_POLICIES)
      expect(p.configSchema).toEqual(policyConfigSchema(p.name as never));
  });

  it("resolves an empty config to the defaults", () => {
    const r = resolvePolicyConfig("premium-endpoint-requires-cost-ceiling", {});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.settings.keys.costCeilingUsd).toBe("ai-cost-ceiling-usd");
    expect(r.settings.gatedTiers).toEqual(["premium"]);
    expect(r.settings.maxCeilingUsd).toEqual({ premium: 25000, standard: 10000, economy: 5000 });
    expect(r.settings.waivers).toEqual([]);
  });

  it("resolves settings as the engine passes them (defaults filled, partial objects)", () => {
    const r = resolvePolicyConfig("premium-endpoint-requires-cost-ceiling", {
      tagPrefix: "acme:ai-",
      gatedTiers: ["premium", "standard"],
      maxCeilingUsd: { premium: 12000 },
      catalogOverrides: [{ id: "my-model", tier: "economy", ids: ["my-model"] }],
      waivers: [{ resource: "a*", reason: "because", expires: "2030-01-01" }],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.settings.keys.team).toBe("acme:ai-team");
    expect(r.settings.maxCeilingUsd).toEqual({ premium: 12000, standard: 10000, economy: 5000 });
    expect(r.settings.catalog.index.get("my-model")?.tier).toBe("economy");
    expect(r.settings.waivers[0]?.reason).toBe("because");
  });

  it("names every bad field by path and says what is allowed", () => {
    const r = resolvePolicyConfig("premium-endpoint-requires-cost-ceiling", {
      tagPrefix: "AI_",
      gatedTiers: ["gold"],
      maxCeilingUsd: { premium: -5, platinum: 1 },
      waivers: [{ resource: "", reason: "", expires: "2026-02-30" }],
      wavers: [],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = r.problems.join("\n");
    expect(text).toContain("tagPrefix: must be lowercase letters and digits");
    expect(text).toMatch(/gatedTiers\[0\]: .*premium.*standard.*economy/);
    expect(text).toContain("maxCeilingUsd.premium: must be a positive number of USD per month");
    expect(text).toContain(
      'maxCeilingUsd: unknown setting "platinum"; maxCeilingUsd takes: premium, standard, economy',
    );
    expect(text).toContain("waivers[0].resource: must be a glob");
    expect(text).toContain("waivers[0].reason: must say why");
    expect(text).toContain("waivers[0].expires: must be a real calendar date");
    expect(text).toContain(
      'unknown setting "wavers"; premium-endpoint-requires-cost-ceiling takes: tagPrefix, gatedTiers, catalogOverrides, maxCeilingUsd, waivers',
    );
  });

  it("ignores a setting that belongs to another policy, so one block can be copied to all", () => {
    expect(
      resolvePolicyConfig("shadow-ai-endpoint", { tagPrefix: "ai-", maxCeilingUsd: {} }).ok,
    ).toBe(true);
  });

  it("validates a whole --policy-pack-config file, including `all`", () => {
    expect(
      PackConfigSchema.safeParse({
        all: "mandatory",
        "shadow-ai-endpoint": "advisory",
        "premium-endpoint-requires-outcome": { enforcementLevel: "mandatory", tagPrefix: "ai-" },
      }).success,
    ).toBe(true);
    expect(PackConfigSchema.safeParse({ "no-such-policy": "advisory" }).success).toBe(false);
    expect(PackConfigSchema.safeParse({ "shadow-ai-endpoint": "sometimes" }).success).toBe(false);
  });
});
