/**
 * Property test: a value unknown at preview never produces a mandatory violation that the
 * concrete resources would not. Concrete resources are drawn from realistic pieces (good and bad
 * models, tags, capacities, budgets, IAM documents); the preview version replaces some of their
 * values (leaves or whole objects) with the engine's unknowns. Whenever a policy reports a
 * mandatory violation at preview, it must report one on the concrete resources too.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { REGISTRY } from "../../domain/registry";
import { ALL_POLICIES } from "../../policies/registry";
import {
  endpointOf,
  ENDPOINT_FIXTURES,
  GOOD_LABELS,
  OTHER_FIXTURES,
} from "../support/registry-fixtures";
import {
  awsBudget,
  azureAccount,
  azureBudget,
  azureDeployment,
  bedrockProfile,
  GOOD_TAGS,
  HAIKU,
  NOTIFY,
  OPUS,
  provisionedThroughput,
  sagemakerEndpoint,
  SONNET_PROFILE,
} from "../support/policy-fixtures";
import {
  at,
  runResourcePolicy,
  runStackPolicy,
  UNKNOWN,
  unknownOf,
  type TestResource,
} from "../support/policy-harness";

const models = fc.constantFrom(
  OPUS,
  HAIKU,
  SONNET_PROFILE,
  "gpt-5",
  "gpt-4o-mini",
  "llama-3-70b",
  undefined,
);
const tagValues: Record<string, string[]> = {
  "ai-team": ["support-platform", "growth", ""],
  "ai-outcome": ["support-ticket-resolution", "lead-scoring", "Bad Outcome"],
  "ai-outcome-statement": [
    GOOD_TAGS["ai-outcome-statement"]!,
    "Use AI to make better content",
    "Cut time by 40%, from 10 to 6 minutes",
  ],
  "ai-cost-ceiling-usd": ["5000", "20000", "30000", "$5,000", "100"],
  "ai-model-tier": ["premium", "economy", "gold"],
  "ai-task-class": ["reasoning", "extraction", "chat"],
  "ai-hard-stop": ["budget-action", "none"],
  "ai-review-by": ["2999-12-31", "2001-01-01", "soon"],
  "ai-kpi": ["support.time-to-resolution", "vanity.metric"],
};
const tags = fc
  .record(
    Object.fromEntries(
      Object.entries(tagValues).map(([k, vs]) => [
        k,
        fc.option(fc.constantFrom(...vs), { nil: undefined }),
      ]),
    ),
  )
  .map((t) => Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined)));
const sku = fc.record({
  name: fc.constantFrom("GlobalStandard", "Standard", "GlobalProvisionedManaged", "Mystery"),
  capacity: fc.constantFrom(1, 10, 20, 100),
});
const doc = fc.constantFrom(
  JSON.stringify({
    Statement: [{ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: "*" }],
  }),
  JSON.stringify({
    Statement: [
      {
        Effect: "Allow",
        Action: "bedrock:InvokeModel",
        Resource: OPUS,
        Condition: { StringEquals: { "bedrock:InferenceProfileArn": "x" } },
      },
    ],
  }),
  JSON.stringify({ Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] }),
);
const resource: fc.Arbitrary<TestResource> = fc.oneof(
  fc.tuple(models, tags, fc.boolean()).map(([m, t, top]) =>
    bedrockProfile(m, t, {
      name: `p-${String(t["ai-team"])}`,
      ...(top ? { parentType: null } : {}),
    }),
  ),
  fc.tuple(models, sku, tags).map(([m, s, t]) => azureDeployment(m ?? "gpt-5", s, t)),
  fc.tuple(models, fc.constantFrom(1, 2), tags).map(([m, u, t]) => provisionedThroughput(m, u, t)),
  fc.tuple(tags).map(([t]) => sagemakerEndpoint(undefined, t)),
  fc
    .constantFrom(true, false)
    .map((d) => azureAccount({ kind: "OpenAI", properties: { disableLocalAuth: d } })),
  doc.map((policy) => ({ type: "aws:iam/policy:Policy", name: "p", props: { policy } })),
  fc
    .tuple(
      fc.constantFrom("support-ticket-resolution", "lead-scoring"),
      fc.constantFrom("4000", "5000", "9000"),
      fc.boolean(),
    )
    .map(([o, amount, both]) =>
      awsBudget({
        name: `b-${o}`,
        filter: `user:ai-outcome$${o}`,
        amount,
        notifications: both ? [NOTIFY.actual, NOTIFY.forecast] : [NOTIFY.actual],
      }),
    ),
  fc
    .constantFrom("4000", "20000")
    .map((amount) => awsBudget({ name: "team", filter: "user:ai-team$support-platform", amount })),
  fc
    .constantFrom(3000, 9000)
    .map((amount) =>
      azureBudget({ tag: "ai-outcome", value: "support-ticket-resolution", amount }),
    ),
);

/** Replace values with unknowns where the mask says so, depth-first. */
function withUnknowns(
  value: unknown,
  mask: readonly boolean[],
  cursor: { i: number },
  depth = 0,
): unknown {
  const hit = mask.length > 0 && mask[cursor.i++ % mask.length] === true;
  if (value === null || typeof value !== "object") {
    return hit && depth > 0 ? (typeof value === "number" ? unknownOf("number") : UNKNOWN) : value;
  }
  if (hit && depth > 0) return Array.isArray(value) ? unknownOf("array") : unknownOf("object");
  if (Array.isArray(value)) return value.map((v) => withUnknowns(v, mask, cursor, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, withUnknowns(v, mask, cursor, depth + 1)]),
  );
}

const preview = (r: TestResource, mask: readonly boolean[]): TestResource => ({
  ...r,
  props: withUnknowns(r.props, mask, { i: 0 }) as Record<string, unknown>,
});
const mask = fc
  .array(fc.boolean(), { minLength: 1, maxLength: 40 })
  .map((m) => m.map((b, i) => b && i % 3 === 0));

/** Whenever a resource policy reports a mandatory violation at preview, the known resource has one. */
async function expectNoFalseMandatory(r: TestResource, m: readonly boolean[], what = "") {
  const p = preview(r, m);
  for (const policy of ALL_POLICIES) {
    if (!("validateResource" in policy)) continue;
    if (at("mandatory", await runResourcePolicy(policy, p)).length === 0) continue;
    expect(
      at("mandatory", await runResourcePolicy(policy, r)),
      `${policy.name} on ${what}${what ? " " : ""}${JSON.stringify(p.props)}`,
    ).not.toEqual([]);
  }
}

/** Whenever a stack policy reports a mandatory violation at preview, the known stack has one. */
async function expectNoFalseStackMandatory(pairs: readonly (readonly [TestResource, boolean[]])[]) {
  const concrete = pairs.map(([r], i) => ({
    ...r,
    name: `${r.name}-${i}`,
    urn: undefined,
  }));
  const previewed = pairs.map(([, m], i) => preview(concrete[i]!, m));
  for (const policy of ALL_POLICIES) {
    if (!("validateStack" in policy)) continue;
    if (at("mandatory", await runStackPolicy(policy, previewed)).length === 0) continue;
    expect(at("mandatory", await runStackPolicy(policy, concrete)), policy.name).not.toEqual([]);
  }
}

/** A resource of one registry type, from its fixture: the models and tags it may declare. */
function ofType(token: string): fc.Arbitrary<TestResource> {
  const f = ENDPOINT_FIXTURES[token];
  if (f) {
    const labels = REGISTRY.find((s) => s.token === token)?.tags === "labels";
    return fc
      .tuple(
        fc.constantFrom(f.premium, f.economy, undefined, "gpt-5-minii"),
        labels ? fc.constant<Record<string, unknown>>(GOOD_LABELS) : tags,
        fc.boolean(),
      )
      .map(([m, t, top]) => endpointOf(token, m, t, top ? { parentType: null } : {}));
  }
  const o = OTHER_FIXTURES[token]!;
  return fc
    .constantFrom(...[o.pass, o.fail, o.malformed].filter((p) => p !== undefined))
    .map((props) => ({ type: token, name: "subject", props }));
}

describe("unknowns never produce a false mandatory violation", () => {
  it("resource policies, over every registry type (each counted)", async () => {
    const runs = new Map<string, number>();
    for (const spec of REGISTRY) {
      await fc.assert(
        fc.asyncProperty(ofType(spec.token), mask, async (r, m) => {
          runs.set(spec.token, (runs.get(spec.token) ?? 0) + 1);
          await expectNoFalseMandatory(r, m, spec.token);
        }),
        { numRuns: Number(process.env.OG_TYPE_RUNS ?? 16) },
      );
    }
    for (const spec of REGISTRY) expect(runs.get(spec.token) ?? 0, spec.token).toBeGreaterThan(0);
  });

  it("resource policies", async () => {
    await fc.assert(
      fc.asyncProperty(resource, mask, async (r, m) => {
        await expectNoFalseMandatory(r, m);
      }),
      { numRuns: Number(process.env.OG_RUNS ?? 400) },
    );
  });

  it("stack policies", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(resource, mask), { minLength: 1, maxLength: 6 }),
        async (pairs) => {
          await expectNoFalseStackMandatory(pairs);
        },
      ),
      { numRuns: Number(process.env.OG_RUNS ?? 300) },
    );
  });

  it("stack policies, with each registry type among the stack's resources (each counted)", async () => {
    const runs = new Map<string, number>();
    for (const spec of REGISTRY) {
      await fc.assert(
        fc.asyncProperty(
          fc.tuple(ofType(spec.token), mask),
          fc.array(fc.tuple(resource, mask), { maxLength: 4 }),
          async (own, others) => {
            runs.set(spec.token, (runs.get(spec.token) ?? 0) + 1);
            await expectNoFalseStackMandatory([own, ...others]);
          },
        ),
        { numRuns: Number(process.env.OG_TYPE_RUNS ?? 8) },
      );
    }
    for (const spec of REGISTRY) expect(runs.get(spec.token) ?? 0, spec.token).toBeGreaterThan(0);
  });
});
