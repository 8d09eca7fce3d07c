/**
 * Property test: no policy ever throws, whatever the property bag (malformed values, nested
 * garbage, unknowns anywhere) and whatever the type among the ones the pack reads; and a value
 * unknown at preview never produces a mandatory violation the known version would not.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RESOURCE_TYPES } from "../../domain/registry/tokens";
import { REGISTRY } from "../../domain/registry";
import { ALL_POLICIES } from "../../policies/registry";
import { GOOD_TAGS, OPUS } from "../support/policy-fixtures";
import {
  runResourcePolicy,
  runStackPolicy,
  UNKNOWN,
  unknownOf,
  type TestResource,
} from "../support/policy-harness";

const TYPES = [
  ...Object.values(RESOURCE_TYPES),
  // azure-native tokens at a version-specific module match as the default one.
  ...Object.values(RESOURCE_TYPES)
    .filter((t) => t.startsWith("azure-native:"))
    .map((t) => t.replace(/^(azure-native:[^:]+):/, "$1/v20250601:")),
  "aws:s3/bucket:Bucket",
  "gcp:storage/bucket:Bucket",
  "outcomeguard:aws:GatedEndpoint",
];
const KEYS = [
  "tags",
  "modelSource",
  "copyFrom",
  "modelArn",
  "modelUnits",
  "properties",
  "model",
  "name",
  "sku",
  "capacity",
  "productionVariants",
  "modelName",
  "instanceType",
  "initialInstanceCount",
  "policy",
  "inlinePolicies",
  "managedPolicyArns",
  "policyArn",
  "kind",
  "disableLocalAuth",
  "costFilters",
  "values",
  "limitAmount",
  "timeUnit",
  "notifications",
  "filter",
  "amount",
  "timeGrain",
  // The registry's other readers: models, {key, value} tag lists, labels, local auth, grants, APIs.
  "foundationModel",
  "knowledgeBaseConfiguration",
  "vectorKnowledgeBaseConfiguration",
  "embeddingModelArn",
  "baseModelIdentifier",
  "definition",
  "nodes",
  "configuration",
  "variants",
  "modelId",
  "bedrockModelConfig",
  "evaluatorConfig",
  "modelSettings",
  "scale",
  "type",
  "labels",
  "key",
  "value",
  "publisherModelName",
  "huggingFaceModelId",
  "service",
  "localAuthEnabled",
  "localAuthenticationEnabled",
  "policyDocument",
  "policies",
  "policyName",
  ...Object.keys(GOOD_TAGS),
];

const unknowns = fc.constantFrom(
  UNKNOWN,
  unknownOf("object"),
  unknownOf("number"),
  unknownOf("array"),
);
const leaf = fc.oneof(
  fc.string(),
  fc.constantFrom(
    ...Object.values(GOOD_TAGS),
    OPUS,
    "gpt-5",
    "GlobalStandard",
    "TagKeyValue",
    "*",
    "Allow",
    "aiplatform.googleapis.com",
    "publishers/anthropic/models/claude-opus-4-1@20250805",
    "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct",
    "global.anthropic.claude-opus-4-5-20251101-v1:0",
  ),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  unknowns,
);
const value = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(tie("v"), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string()), tie("v"), { maxKeys: 6 }),
  ),
})).v;
const bag = fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string()), value, { maxKeys: 8 });
const resource = fc.record({
  type: fc.constantFrom(...TYPES),
  props: bag,
  name: fc.string({ minLength: 1, maxLength: 12 }),
});

describe("no policy throws on arbitrary property bags", () => {
  it("resource policies, over every registry type (each counted)", async () => {
    const runs = new Map<string, number>();
    for (const type of TYPES) {
      await fc.assert(
        fc.asyncProperty(bag, async (props) => {
          runs.set(type, (runs.get(type) ?? 0) + 1);
          for (const policy of ALL_POLICIES) {
            if (!("validateResource" in policy)) continue;
            const d = await runResourcePolicy(policy, { type, name: "subject", props });
            for (const x of d) expect(x.message).not.toMatch(/internal error|can't run policy/);
          }
        }),
        { numRuns: Number(process.env.OG_TYPE_RUNS ?? 12) },
      );
    }
    for (const spec of REGISTRY) expect(runs.get(spec.token) ?? 0, spec.token).toBeGreaterThan(0);
  });

  it("resource policies", async () => {
    await fc.assert(
      fc.asyncProperty(resource, async (r) => {
        for (const policy of ALL_POLICIES) {
          if (!("validateResource" in policy)) continue;
          const d = await runResourcePolicy(policy, r as TestResource);
          for (const x of d) expect(x.message).not.toMatch(/internal error|can't run policy/);
        }
      }),
      { numRuns: Number(process.env.OG_RUNS ?? 300) },
    );
  });

  it("stack policies", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(resource, { maxLength: 6 }), async (rs) => {
        for (const policy of ALL_POLICIES) {
          if (!("validateStack" in policy)) continue;
          const d = await runStackPolicy(policy, rs as TestResource[]);
          for (const x of d) expect(x.message).not.toMatch(/internal error|can't run policy/);
        }
      }),
      { numRuns: Number(process.env.OG_RUNS ?? 150) },
    );
  });

  it("stack policies, with each registry type among the stack's resources (each counted)", async () => {
    const runs = new Map<string, number>();
    for (const type of TYPES) {
      await fc.assert(
        fc.asyncProperty(bag, fc.array(resource, { maxLength: 4 }), async (props, others) => {
          runs.set(type, (runs.get(type) ?? 0) + 1);
          const rs = [{ type, name: "own", props }, ...others] as TestResource[];
          for (const policy of ALL_POLICIES) {
            if (!("validateStack" in policy)) continue;
            const d = await runStackPolicy(policy, rs);
            for (const x of d) expect(x.message).not.toMatch(/internal error|can't run policy/);
          }
        }),
        { numRuns: Number(process.env.OG_TYPE_RUNS ?? 6) },
      );
    }
    for (const spec of REGISTRY) expect(runs.get(spec.token) ?? 0, spec.token).toBeGreaterThan(0);
  });
});
