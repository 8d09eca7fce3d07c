import { describe, expect, it } from "vitest";
import {
  policyConfigSchema,
  policySettingsSchema,
  resolvePolicyConfig,
} from "../../policies/config";
import { ALL_POLICIES, PackConfigSchema, POLICY_SETTINGS } from "../../policies/registry";
import { RULES } from "../../policies/rules";

const policy = (name: string) => RULES.find((r) => r.meta.name === name)!.meta;

describe("policy pack config", () => {
  it("gives every policy a JSON Schema derived from the one zod schema, with defaults and no enforcementLevel", () => {
    for (const { meta } of RULES) {
      const { properties } = policyConfigSchema(meta.settings);
      expect(Object.keys(properties)).toEqual([...POLICY_SETTINGS[meta.name]!]);
      expect(properties.enforcementLevel).toBeUndefined();
      expect(properties.waivers).toMatchObject({ type: "array", default: [] });
      for (const schema of Object.values(properties)) {
        expect(JSON.stringify(schema)).not.toContain("$ref");
      }
    }
    expect(
      policyConfigSchema(policy("premium-endpoint-requires-outcome").settings).properties.tagPrefix,
    ).toMatchObject({
      type: "string",
      default: "ai-",
      pattern: expect.any(String),
    });
  });

  it("serves each policy with the schema of its own settings", () => {
    for (const p of ALL_POLICIES) {
      expect(p.configSchema).toEqual(policyConfigSchema(policy(p.name).settings));
    }
  });

  it("resolves a fresh copy of the same config (as the SDK hands each call) to the same settings, and a changed one anew", () => {
    const meta = policy("premium-endpoint-requires-cost-ceiling");
    const gatedTiers = ["premium", "standard"];
    const first = resolvePolicyConfig(meta, { tagPrefix: "x-", gatedTiers });
    expect(resolvePolicyConfig(meta, { tagPrefix: "x-", gatedTiers })).toBe(first);
    const changed = resolvePolicyConfig(meta, { tagPrefix: "y-", gatedTiers });
    expect(changed.ok && changed.settings.keys.team).toBe("y-team");
    const fewer = resolvePolicyConfig(meta, { tagPrefix: "y-" });
    expect(fewer.ok && fewer.settings.gatedTiers).toEqual(["premium"]);
  });

  it("resolves an empty config to the defaults", () => {
    const r = resolvePolicyConfig(policy("premium-endpoint-requires-cost-ceiling"), {});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.settings.keys.costCeilingUsd).toBe("ai-cost-ceiling-usd");
    expect(r.settings.gatedTiers).toEqual(["premium"]);
    expect(r.settings.maxCeilingUsd).toEqual({ premium: 25000, standard: 10000, economy: 5000 });
    expect(r.settings.waivers).toEqual([]);
  });

  it("resolves every policy's config as the engine sends it when a file sets nothing (each default filled) as a parse of it does", () => {
    let compared = 0;
    for (const { meta } of RULES) {
      const { properties } = policyConfigSchema(meta.settings);
      const filled = Object.fromEntries(
        Object.entries(properties)
          .reverse()
          .map(([k, schema]) => [k, structuredClone(schema.default)]),
      );
      const parsed = policySettingsSchema(meta.settings).parse(filled) as Record<string, unknown>;
      const r = resolvePolicyConfig(meta, filled);
      expect(r.ok, meta.name).toBe(true);
      if (!r.ok) continue;
      if ("tagPrefix" in parsed)
        expect(r.settings.keys.team).toBe(`${String(parsed.tagPrefix)}team`);
      for (const k of ["gatedTiers", "maxCeilingUsd", "waivers"] as const) {
        if (k in parsed) expect(r.settings[k], `${meta.name} ${k}`).toEqual(parsed[k]);
      }
      if ("catalogOverrides" in parsed) expect(parsed.catalogOverrides).toEqual([]);
      compared += Object.keys(parsed).length;
      const offDefault = resolvePolicyConfig(meta, { ...filled, waivers: [{ resource: "x" }] });
      if ("waivers" in parsed) expect(offDefault.ok, meta.name).toBe(false);
    }
    expect(compared).toBeGreaterThan(RULES.length);
  });

  it("resolves settings as the engine passes them (defaults filled, partial objects)", () => {
    const r = resolvePolicyConfig(policy("premium-endpoint-requires-cost-ceiling"), {
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
    const r = resolvePolicyConfig(policy("premium-endpoint-requires-cost-ceiling"), {
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
      resolvePolicyConfig(policy("shadow-ai-endpoint"), { tagPrefix: "ai-", maxCeilingUsd: {} }).ok,
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
