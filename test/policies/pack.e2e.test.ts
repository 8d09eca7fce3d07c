/**
 * End to end: the built pack launched exactly as the engine does (run-policy-pack, cwd = the pack
 * directory), driven over the Analyzer gRPC protocol with the generated clients.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  launchPolicyPack,
  type AnalyzerDiagnostic,
  type AnalyzerResource,
  type PolicyPackSession,
} from "../../cli/analyzer/client";
import { UNKNOWN, unknownOf } from "../../cli/analyzer/protocol";
import { policyConfigSchema } from "../../policies/config";
import { POLICY_NAMES } from "../../policies/registry";
import { RULES } from "../../policies/rules";
import {
  awsBudget,
  azureDeployment,
  bedrockProfile,
  GOOD_TAGS,
  OPUS,
  tagsWith,
} from "../support/policy-fixtures";
import { ensurePolicyPackBuilt, PACK_DIR } from "../support/policy-pack";
import { REGISTRY } from "../../domain/registry";
import {
  endpointOf,
  ENDPOINT_FIXTURES,
  goodTagsFor,
  OTHER_FIXTURES,
  versionedToken,
} from "../support/registry-fixtures";
import { urnOf, type TestResource } from "../support/policy-harness";

const asResource = (r: TestResource): AnalyzerResource => {
  const name = r.name ?? "subject";
  const parent = r.parentType ? urnOf(r.parentType, `${name}-parent`) : undefined;
  return {
    urn: r.urn ?? urnOf(r.type, name, r.parentType),
    type: r.type,
    name,
    properties: r.props ?? {},
    ...(parent ? { parent } : {}),
  };
};
const mandatory = (d: readonly AnalyzerDiagnostic[]) =>
  d.filter((x) => x.enforcementLevel === "mandatory");
const names = (d: readonly AnalyzerDiagnostic[]) => [...new Set(d.map((x) => x.policyName))].sort();

let pack: PolicyPackSession;

beforeAll(async () => {
  ensurePolicyPackBuilt();
  pack = await launchPolicyPack(PACK_DIR, { stack: { stack: "dev", project: "outcomeguard-e2e" } });
  await pack.configureStack({ stack: "dev", project: "outcomeguard-e2e", dryRun: true });
}, 120_000);

afterAll(async () => {
  await pack?.close();
});

describe("the policy pack over the Analyzer protocol", () => {
  it("GetAnalyzerInfo: every policy, its level and its config schema", async () => {
    const info = await pack.getAnalyzerInfo();
    const pkg = JSON.parse(readFileSync(join(PACK_DIR, "package.json"), "utf8")) as {
      version: string;
    };
    expect(info.name).toBe("outcomeguard");
    expect(info.version).toBe(pkg.version);
    expect(info.supportsConfig).toBe(true);
    expect(info.policies.map((p) => p.name)).toEqual([...POLICY_NAMES]);
    for (const { meta, policy } of RULES) {
      const p = info.policies.find((x) => x.name === meta.name)!;
      expect(p.enforcementLevel).toBe(meta.enforcementLevel);
      expect(p.description).toBe(meta.description);
      expect(p.policyType).toBe("validateStack" in policy ? "stack" : "resource");
      expect(p.remediationSteps).toBe(meta.remediation);
      expect(p.configSchema?.properties).toEqual(policyConfigSchema(meta.settings).properties);
    }
  });

  it("Analyze: passes a governed premium endpoint", async () => {
    await pack.configure({});
    expect(await pack.analyze(asResource(bedrockProfile(OPUS, GOOD_TAGS)))).toEqual([]);
  });

  it("Analyze: blocks a premium endpoint with no outcome and no ceiling", async () => {
    await pack.configure({});
    const r = asResource(bedrockProfile(OPUS, { "ai-team": "support" }));
    const d = await pack.analyze(r);
    expect(names(mandatory(d))).toEqual([
      "premium-endpoint-requires-cost-ceiling",
      "premium-endpoint-requires-outcome",
    ]);
    for (const x of d) {
      expect(x.policyPackName).toBe("outcomeguard");
      expect(x.urn).toBe(r.urn);
    }
    const outcome = d.find((x) => x.policyName === "premium-endpoint-requires-outcome")!;
    expect(outcome.message.startsWith(outcome.description)).toBe(true);
    expect(outcome.message).toContain("missing ai-outcome-statement");
  });

  it("Analyze: counts the AWS provider's default tags, as the engine sends the provider", async () => {
    await pack.configure({});
    const { "ai-team": team, ...rest } = GOOD_TAGS;
    const r = asResource(bedrockProfile(OPUS, rest));
    expect(names(mandatory(await pack.analyze(r)))).toEqual(["premium-endpoint-requires-outcome"]);
    const provider = {
      urn: urnOf("pulumi:providers:aws", "default"),
      type: "pulumi:providers:aws",
      name: "default",
      properties: {
        region: "us-east-1",
        defaultTags: JSON.stringify({ tags: { "ai-team": team } }),
      },
    };
    expect(await pack.analyze({ ...r, provider })).toEqual([]);
  });

  it("Analyze: malformed properties give clear violations, never a gRPC error", async () => {
    await pack.configure({});
    for (const tags of ["ai-team=x", null, [1, 2], 42]) {
      const d = await pack.analyze(asResource(bedrockProfile(OPUS, tags)));
      expect(names(mandatory(d))).toContain("premium-endpoint-requires-outcome");
    }
    const d = await pack.analyze({
      urn: urnOf(azureDeployment().type, "x"),
      type: azureDeployment().type,
      name: "x",
      properties: { properties: 7, sku: "big" },
    });
    expect(d.length).toBeGreaterThan(0);
  });

  it("Analyze: unknown values give explicit advisory lines, no mandatory violation", async () => {
    await pack.configure({});
    const d = await pack.analyze(asResource(bedrockProfile(OPUS, unknownOf("object"))));
    expect(mandatory(d)).toEqual([]);
    expect(names(d)).toEqual(
      expect.arrayContaining([
        "premium-endpoint-requires-outcome",
        "premium-endpoint-requires-cost-ceiling",
      ]),
    );
    for (const x of d) expect(x.message).toContain("undecided at preview");
    const partly = await pack.analyze(
      asResource(
        bedrockProfile(OPUS, tagsWith({ "ai-team": undefined, "ai-cost-ceiling-usd": UNKNOWN })),
      ),
    );
    expect(names(mandatory(partly))).toEqual(["premium-endpoint-requires-outcome"]);
  });

  it("Configure: overrides settings and levels, as a --policy-pack-config file", async () => {
    const shadow = asResource(bedrockProfile(OPUS, GOOD_TAGS, { parentType: null }));
    await pack.configure({});
    expect(names(await pack.analyze(shadow))).toEqual(["shadow-ai-endpoint"]);
    expect((await pack.analyze(shadow))[0]!.enforcementLevel).toBe("advisory");

    await pack.configure({
      "shadow-ai-endpoint": "mandatory",
      "premium-endpoint-requires-cost-ceiling": { maxCeilingUsd: { premium: 2000 } },
    });
    const d = await pack.analyze(shadow);
    expect(names(mandatory(d))).toEqual([
      "premium-endpoint-requires-cost-ceiling",
      "shadow-ai-endpoint",
    ]);
    expect(
      d.find((x) => x.policyName === "premium-endpoint-requires-cost-ceiling")!.message,
    ).toContain("above the $2,000 maximum");

    await pack.configure({ all: "disabled" });
    expect(await pack.analyze(shadow)).toEqual([]);
    await pack.configure({
      all: "advisory",
      "premium-endpoint-requires-cost-ceiling": { maxCeilingUsd: { premium: 2000 } },
    });
    expect(mandatory(await pack.analyze(shadow))).toEqual([]);
  });

  it("Configure: waivers suppress with an advisory line; expired ones are reported", async () => {
    const bad = asResource(bedrockProfile(OPUS, {}));
    const waiver = (expires: string) => ({
      "premium-endpoint-requires-outcome": {
        waivers: [{ resource: "support-*", reason: "pilot ends in March", expires }],
      },
    });
    await pack.configure(waiver("2999-03-31"));
    const live = await pack.analyze(bad);
    expect(names(mandatory(live))).toEqual(["premium-endpoint-requires-cost-ceiling"]);
    const line = live.find((x) => x.policyName === "premium-endpoint-requires-outcome")!;
    expect(line.enforcementLevel).toBe("advisory");
    expect(line.message).toContain("waived until 2999-03-31");
    expect(line.message).toContain("pilot ends in March");

    await pack.configure(waiver("2000-03-31"));
    const expired = (await pack.analyze(bad)).filter(
      (x) => x.policyName === "premium-endpoint-requires-outcome",
    );
    expect(expired.map((x) => x.enforcementLevel).sort()).toEqual(["advisory", "mandatory"]);
    expect(expired.find((x) => x.enforcementLevel === "advisory")!.message).toContain(
      "expired on 2000-03-31",
    );
  });

  it("Configure: an invalid setting is reported, naming the field", async () => {
    await pack.configure({
      "outcome-review-date": { waivers: [{ resource: "x", reason: "r", expires: "tomorrow" }] },
    });
    const d = await pack.analyze(asResource(bedrockProfile(OPUS, GOOD_TAGS)));
    expect(d.map((x) => x.policyName)).toEqual(["outcome-review-date"]);
    expect(d[0]!.message).toContain("waivers[0].expires");
  });

  it("AnalyzeStack: an outcome without a budget alarm, and with one", async () => {
    await pack.configure({});
    // A hard stop, so the runaway-guard advisory stays out of what this test is about.
    const endpoint = asResource(
      bedrockProfile(OPUS, { ...GOOD_TAGS, "ai-hard-stop": "budget-action" }),
    );
    const missing = await pack.analyzeStack([endpoint]);
    expect(names(mandatory(missing))).toEqual(["cost-ceiling-has-budget-alarm"]);
    expect(missing[0]!.urn).toBe(endpoint.urn);

    const budget = asResource(awsBudget({ filter: `user:ai-outcome$${GOOD_TAGS["ai-outcome"]}` }));
    expect(await pack.analyzeStack([endpoint, budget])).toEqual([]);

    const teamBudget = asResource(
      awsBudget({ name: "team", filter: `user:ai-team$${GOOD_TAGS["ai-team"]}`, amount: "1000" }),
    );
    const over = await pack.analyzeStack([endpoint, budget, teamBudget]);
    expect(names(over)).toEqual(["team-ceilings-within-team-budget"]);
    expect(over[0]!.urn).toBe(teamBudget.urn);

    const previewed = await pack.analyzeStack([
      endpoint,
      { ...budget, properties: { ...budget.properties, notifications: UNKNOWN } },
    ]);
    expect(mandatory(previewed)).toEqual([]);
    expect(previewed[0]!.message).toContain("undecided at preview");
  });
});

describe("every registry type over the Analyzer protocol", () => {
  const exercised = new Set<string>();
  const malformedTags = (form: string) =>
    form === "list" ? { tags: [{ foo: 1 }] } : form === "labels" ? { labels: 42 } : { tags: "x" };

  it("endpoints: pass, fail, malformed and unknown, at any API version", async () => {
    await pack.configure({});
    for (const spec of REGISTRY) {
      if (spec.role !== "endpoint") continue;
      const f = ENDPOINT_FIXTURES[spec.token]!;
      for (const type of spec.provider === "azure-native"
        ? [spec.token, versionedToken(spec.token)]
        : [spec.token]) {
        const model = spec.tags === "none" ? f.economy : f.premium;
        const pass = asResource(endpointOf(spec.token, model, goodTagsFor(spec.token), { type }));
        expect(mandatory(await pack.analyze(pass)), `${type} pass`).toEqual([]);

        const fail = asResource(endpointOf(spec.token, f.premium, {}, { type }));
        expect(names(mandatory(await pack.analyze(fail))), `${type} fail`).toEqual(
          expect.arrayContaining([
            "premium-endpoint-requires-cost-ceiling",
            "premium-endpoint-requires-outcome",
          ]),
        );

        const bad = endpointOf(spec.token, 42, {}, { type });
        const malformed = await pack.analyze(
          asResource({ ...bad, props: { ...bad.props, ...malformedTags(spec.tags) } }),
        );
        expect(names(mandatory(malformed)), `${type} malformed`).toContain(
          "premium-endpoint-requires-outcome",
        );

        const previewed = endpointOf(spec.token, UNKNOWN, unknownOf("object"), { type });
        const unknown = await pack.analyze(
          asResource(
            spec.tags === "labels"
              ? { ...previewed, props: { ...previewed.props, labels: unknownOf("object") } }
              : previewed,
          ),
        );
        expect(mandatory(unknown), `${type} unknown`).toEqual([]);
        expect(
          unknown.some((x) => x.message.includes("undecided at preview")),
          type,
        ).toBe(true);
      }
      exercised.add(spec.token);
    }
  });

  it("accounts, budgets, IAM grants and AI API switches: flagged, and deferred when unknown", async () => {
    await pack.configure({});
    for (const spec of REGISTRY) {
      if (spec.role === "endpoint") continue;
      const f = OTHER_FIXTURES[spec.token]!;
      for (const type of spec.provider === "azure-native"
        ? [spec.token, versionedToken(spec.token)]
        : [spec.token]) {
        const of = (props: Record<string, unknown>) => asResource({ type, name: "subject", props });
        const fail = await pack.analyze(of(f.fail));
        expect(
          fail.filter((x) => x.enforcementLevel === f.failLevel).map((x) => x.policyName),
          `${type} fail`,
        ).toContain(f.failPolicy);
        if (f.pass) {
          const pass = await pack.analyze(of(f.pass));
          expect(
            pass.filter((x) => x.policyName === f.failPolicy),
            `${type} pass`,
          ).toEqual([]);
        }
        await pack.analyze(of(f.malformed));
        const unknown = await pack.analyze(of(f.unknown(UNKNOWN)));
        expect(
          mandatory(unknown).filter((x) => x.policyName === f.failPolicy),
          type,
        ).toEqual([]);
      }
      exercised.add(spec.token);
    }
  });

  it("exercised every registry type", () => {
    expect([...exercised].sort()).toEqual(REGISTRY.map((s) => s.token).sort());
  });
});
