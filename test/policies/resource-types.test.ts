/**
 * Every type of the registry (domain/registry) through every resource policy, as the SDK runs
 * them: a pass, a fail, a malformed and an unknown-value case each, list-form tags and GCP labels
 * in their own shape, and azure-native tokens at a version-specific module. A counter per case
 * proves each registry type was exercised.
 */
import { afterAll, describe, expect, it } from "vitest";
import { REGISTRY } from "../../domain/registry";
import {
  endpointOf,
  ENDPOINT_FIXTURES,
  goodTagsFor,
  OTHER_FIXTURES,
  runEveryResourcePolicy,
  tagsInForm,
  versionedToken,
} from "../support/registry-fixtures";
import {
  at,
  UNKNOWN,
  unknownOf,
  type TestResource,
  type Violation,
} from "../support/policy-harness";
import { tagsWith } from "../support/policy-fixtures";

async function diagnose(r: TestResource): Promise<Violation[]> {
  const out = await runEveryResourcePolicy(r);
  for (const d of out) expect(d.message).not.toMatch(/internal error|can't run policy/);
  return out;
}
const names = (d: readonly Violation[]) => [...new Set(d.map((x) => x.policyName))].sort();

const exercised = {
  pass: new Set<string>(),
  fail: new Set<string>(),
  malformed: new Set<string>(),
  unknown: new Set<string>(),
};
const TOKENS = REGISTRY.map((s) => s.token);

afterAll(() => {
  // Every case ran over every registry type (no vacuous pass).
  for (const [what, seen] of Object.entries(exercised)) {
    expect([...seen].sort(), what).toEqual(
      [...TOKENS]
        .filter((t) => what !== "pass" || t in ENDPOINT_FIXTURES || OTHER_FIXTURES[t]?.pass)
        .sort(),
    );
  }
});

describe("every registry type has a fixture", () => {
  it("an endpoint fixture for each endpoint type, another for each other type", () => {
    for (const s of REGISTRY) {
      expect(
        s.role === "endpoint" ? ENDPOINT_FIXTURES[s.token] : OTHER_FIXTURES[s.token],
        s.token,
      ).toBeDefined();
    }
  });
});

const endpointTokens = REGISTRY.filter((s) => s.role === "endpoint").map(
  (s) => [s.token, s.tags] as const,
);

describe.each(endpointTokens)("endpoint %s (tags: %s)", (token, form) => {
  const f = ENDPOINT_FIXTURES[token]!;
  const types = token.startsWith("azure-native:") ? [token, versionedToken(token)] : [token];

  it.each(types)("passes a governed endpoint as %s", async (type) => {
    // A type that takes no tags can only pass below the gated tier.
    const model = form === "none" ? f.economy : f.premium;
    const d = await diagnose(endpointOf(token, model, goodTagsFor(token), { type }));
    expect(at("mandatory", d)).toEqual([]);
    exercised.pass.add(token);
  });

  it.each(types)("blocks a premium model with no outcome and no ceiling as %s", async (type) => {
    const d = await diagnose(endpointOf(token, f.premium, {}, { type }));
    expect(names(at("mandatory", d))).toEqual(
      expect.arrayContaining([
        "premium-endpoint-requires-cost-ceiling",
        "premium-endpoint-requires-outcome",
      ]),
    );
    if (form === "none") expect(d.map((x) => x.message).join("\n")).toContain("takes no tags");
    exercised.fail.add(token);
  });

  it("reports malformed properties as violations, never an error", async () => {
    const malformed = form === "list" ? [{ foo: 1 }] : form === "labels" ? 42 : "ai-team=x";
    const r = endpointOf(token, 42, {});
    const d = await diagnose({
      ...r,
      props: {
        ...r.props,
        ...tagsInForm(token, {}),
        ...(form === "list"
          ? { tags: malformed }
          : form === "labels"
            ? { labels: malformed }
            : form === "map"
              ? { tags: malformed }
              : {}),
      },
    });
    expect(names(at("mandatory", d))).toContain("premium-endpoint-requires-outcome");
    if (form !== "none") {
      expect(d.find((x) => x.policyName === "premium-endpoint-requires-outcome")!.message).toMatch(
        /tags is /,
      );
    }
    exercised.malformed.add(token);
  });

  it("defers unknown values to the update, with no mandatory violation", async () => {
    const r =
      form === "none" ? endpointOf(token, UNKNOWN, {}) : endpointOf(token, f.premium, {}, {});
    const previewed: TestResource =
      form === "none"
        ? r
        : {
            ...r,
            props: { ...r.props, [form === "labels" ? "labels" : "tags"]: unknownOf("object") },
          };
    const d = await diagnose(previewed);
    expect(at("mandatory", d)).toEqual([]);
    expect(d.some((x) => x.message.includes("undecided at preview"))).toBe(true);
    exercised.unknown.add(token);
  });
});

describe("list-form tags (AWS Cloud Control)", () => {
  const token = "aws-native:bedrock:ApplicationInferenceProfile";
  it("reads a governed {key, value} list, and one unknown value as unknown", async () => {
    const good = endpointOf(token, ENDPOINT_FIXTURES[token]!.premium, goodTagsFor(token));
    expect(Array.isArray(good.props?.tags)).toBe(true);
    expect(at("mandatory", await diagnose(good))).toEqual([]);
    const partly = endpointOf(
      token,
      ENDPOINT_FIXTURES[token]!.premium,
      tagsWith({ "ai-cost-ceiling-usd": UNKNOWN }),
    );
    const d = await diagnose(partly);
    expect(at("mandatory", d)).toEqual([]);
    expect(d.map((x) => x.message).join("\n")).toContain(
      "ai-cost-ceiling-usd is not known until the update",
    );
  });
});

const otherTokens = REGISTRY.filter((s) => s.role !== "endpoint").map(
  (s) => [s.token, s.role] as const,
);

describe.each(otherTokens)("%s (%s)", (token) => {
  const f = OTHER_FIXTURES[token]!;
  const types = token.startsWith("azure-native:") ? [token, versionedToken(token)] : [token];
  const of = (type: string, props: Record<string, unknown>): TestResource => ({
    type,
    name: "subject",
    props,
  });

  if (f.pass) {
    const pass = f.pass;
    it.each(types)("passes as %s", async (type) => {
      const d = await diagnose(of(type, pass));
      expect(d.filter((x) => x.policyName === f.failPolicy)).toEqual([]);
      exercised.pass.add(token);
    });
  }

  it.each(types)(`is flagged by ${f.failPolicy} as %s`, async (type) => {
    const d = await diagnose(of(type, f.fail));
    expect(at(f.failLevel, d).map((x) => x.policyName)).toContain(f.failPolicy);
    exercised.fail.add(token);
  });

  it("never throws on malformed properties", async () => {
    await diagnose(of(token, f.malformed));
    exercised.malformed.add(token);
  });

  it("defers unknown values, with no mandatory violation", async () => {
    const d = await diagnose(of(token, f.unknown(UNKNOWN)));
    expect(at("mandatory", d).filter((x) => x.policyName === f.failPolicy)).toEqual([]);
    exercised.unknown.add(token);
  });
});
