import { describe, expect, it } from "vitest";
import {
  describeEndpoint,
  isBudgetedEndpointType,
  readTags,
  isEndpointType,
  parentTypeOf,
  parseUrn,
  withProviderDefaultTags,
} from "../../domain/endpoints";
import { RESOURCE_TYPES } from "../../domain/registry/tokens";
import { cloudOfType } from "../../domain/registry";
import { Unknown } from "../../domain/unknown";

describe("AI resources by type token", () => {
  it("knows the model endpoints and each type's cloud", () => {
    expect(isEndpointType(RESOURCE_TYPES.bedrockInferenceProfile)).toBe(true);
    expect(isEndpointType(RESOURCE_TYPES.azureAccount)).toBe(false);
    expect(cloudOfType("aws:iam/role:Role")).toBe("aws");
    expect(cloudOfType("azure-native:consumption:Budget")).toBe("azure");
    expect(cloudOfType("outcomeguard:aws:GatedEndpoint")).toBeUndefined();
  });

  it("parses URNs and finds the parent's type", () => {
    const urn =
      "urn:pulumi:dev::proj::outcomeguard:aws:Team$outcomeguard:aws:GatedEndpoint$aws:bedrock/inferenceProfile:InferenceProfile::a::b";
    expect(parseUrn(urn)).toMatchObject({ stack: "dev", project: "proj", name: "a::b" });
    expect(parentTypeOf(urn)).toBe("outcomeguard:aws:GatedEndpoint");
    expect(parentTypeOf("urn:pulumi:dev::proj::aws:s3/bucket:Bucket::x")).toBeUndefined();
    expect(parentTypeOf("garbage", "urn:pulumi:dev::proj::acme:x:Y::p")).toBe("acme:x:Y");
    expect(parseUrn("garbage")).toBeUndefined();
  });
});

describe("describeEndpoint", () => {
  it("reads the model and capacity each kind of endpoint declares", () => {
    expect(
      describeEndpoint(RESOURCE_TYPES.bedrockInferenceProfile, {
        modelSource: { copyFrom: "m" },
        tags: { a: "b" },
      }),
    ).toEqual({
      kind: "bedrock-application-profile",
      cloud: "aws",
      type: RESOURCE_TYPES.bedrockInferenceProfile,
      models: ["m"],
      tags: { a: "b" },
      capacity: [],
    });
    expect(
      describeEndpoint(RESOURCE_TYPES.bedrockProvisionedThroughput, {
        modelArn: "m",
        modelUnits: "2",
        commitmentDuration: "OneMonth",
      })?.capacity,
    ).toEqual([{ kind: "bedrock-provisioned", modelUnits: 2, commitment: "OneMonth" }]);
    const azure = describeEndpoint(RESOURCE_TYPES.azureDeployment, {
      properties: { model: { name: "gpt-5" } },
      sku: { name: "DataZoneProvisionedManaged", capacity: 15 },
    });
    expect(azure?.models).toEqual(["gpt-5"]);
    expect(azure?.capacity).toEqual([
      { kind: "azure-provisioned", sku: "DataZoneProvisionedManaged", ptu: 15 },
    ]);
    const sm = describeEndpoint(RESOURCE_TYPES.sagemakerEndpointConfiguration, {
      productionVariants: [
        { modelName: "a", instanceType: "ml.g5.xlarge", initialInstanceCount: 2 },
        { modelName: "b", serverlessConfig: { maxConcurrency: 5 } },
      ],
    });
    expect(sm?.models).toEqual(["a", "b"]);
    expect(sm?.capacity).toEqual([
      { kind: "sagemaker", instanceType: "ml.g5.xlarge", instanceCount: 2 },
    ]);
  });

  it("never throws on malformed properties: a missing model, an unpriced capacity", () => {
    for (const props of [
      undefined,
      null,
      5,
      "x",
      [],
      { modelSource: [] },
      { properties: { model: 3 } },
    ]) {
      for (const type of [
        RESOURCE_TYPES.bedrockInferenceProfile,
        RESOURCE_TYPES.azureDeployment,
        RESOURCE_TYPES.sagemakerEndpointConfiguration,
      ]) {
        const e = describeEndpoint(type, props);
        expect(e?.models.every((m) => m === undefined)).toBe(true);
      }
    }
    expect(
      describeEndpoint(RESOURCE_TYPES.azureDeployment, { sku: { name: 5, capacity: 2 } })?.capacity,
    ).toEqual([{ unpriced: "sku.name is 5, not a SKU name" }]);
    expect(
      describeEndpoint(RESOURCE_TYPES.bedrockProvisionedThroughput, { modelUnits: -1 })?.capacity,
    ).toEqual([{ unpriced: "modelUnits is -1, not a positive number" }]);
    expect(describeEndpoint("aws:s3/bucket:Bucket", {})).toBeUndefined();
  });

  it("keeps unknown values as unknown", () => {
    const u = new Unknown("sku.capacity");
    expect(
      describeEndpoint(RESOURCE_TYPES.azureDeployment, { sku: { name: "Standard", capacity: u } })
        ?.capacity,
    ).toEqual([u]);
    const m = new Unknown("modelSource");
    expect(
      describeEndpoint(RESOURCE_TYPES.bedrockInferenceProfile, { modelSource: m })?.models,
    ).toEqual([m]);
  });
});

describe("describeEndpoint on frozen properties (the pack's shared snapshots)", () => {
  it("describes the same frozen object once per type, and an unfrozen one afresh", () => {
    const props = Object.freeze({ modelSource: Object.freeze({ copyFrom: "m" }) });
    const once = describeEndpoint(RESOURCE_TYPES.bedrockInferenceProfile, props);
    expect(describeEndpoint(RESOURCE_TYPES.bedrockInferenceProfile, props)).toBe(once);
    expect(Object.isFrozen(once)).toBe(true);
    const open = { modelSource: { copyFrom: "m" } };
    const a = describeEndpoint(RESOURCE_TYPES.bedrockInferenceProfile, open);
    open.modelSource.copyFrom = "n";
    expect(describeEndpoint(RESOURCE_TYPES.bedrockInferenceProfile, open)?.models).toEqual(["n"]);
    expect(a?.models).toEqual(["m"]);
  });
});

describe("withProviderDefaultTags", () => {
  it("puts the resource's own tags over the provider's defaults", () => {
    expect(withProviderDefaultTags({ a: "own" }, { tags: { a: "default", b: "x" } })).toEqual({
      a: "own",
      b: "x",
    });
    expect(withProviderDefaultTags(undefined, '{"tags":{"b":"x"}}')).toEqual({ b: "x" });
    expect(withProviderDefaultTags({ a: "1" }, undefined)).toEqual({ a: "1" });
    expect(withProviderDefaultTags("malformed", { tags: { b: "x" } })).toBe("malformed");
    expect(withProviderDefaultTags({ a: "1" }, "{not json")).toEqual({ a: "1" });
  });

  it("makes the tags unknown when the defaults are", () => {
    expect(withProviderDefaultTags({ a: "1" }, new Unknown("defaultTags"))).toBeInstanceOf(Unknown);
    expect(
      withProviderDefaultTags({ a: "1" }, { tags: new Unknown("defaultTags.tags") }),
    ).toBeInstanceOf(Unknown);
  });
});

describe("readTags", () => {
  const read = (props: Record<string, unknown>) => (k: string) => props[k];
  it("reads each type's tags in the form it writes them, as one map", () => {
    expect(readTags(RESOURCE_TYPES.bedrockAgent, read({ tags: { a: "b" } }))).toEqual({ a: "b" });
    expect(
      readTags(
        RESOURCE_TYPES.nativeApplicationInferenceProfile,
        read({ tags: [{ key: "a", value: "b" }] }),
      ),
    ).toEqual({ a: "b" });
    expect(
      readTags(RESOURCE_TYPES.vertexEndpoint, read({ labels: { a: "b" }, tags: { x: "y" } })),
    ).toEqual({
      a: "b",
    });
    expect(readTags(RESOURCE_TYPES.classicDeployment, read({ tags: { a: "b" } }))).toBeUndefined();
    expect(readTags("gcp:storage/bucket:Bucket", read({ labels: { a: "b" } }))).toEqual({ a: "b" });
  });

  it("leaves GCP endpoints out of the budget-alarm rules (no GCP budget type yet)", () => {
    expect(isBudgetedEndpointType(RESOURCE_TYPES.bedrockAgent)).toBe(true);
    expect(isBudgetedEndpointType("azure-native:cognitiveservices/v20250601:Deployment")).toBe(
      true,
    );
    expect(isBudgetedEndpointType(RESOURCE_TYPES.vertexEndpoint)).toBe(false);
  });
});
