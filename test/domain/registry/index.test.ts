import { describe, expect, it } from "vitest";
import {
  accountSpecOf,
  cloudOfType,
  endpointSpecOf,
  iamSpecOf,
  REGISTRY,
  specOf,
  usageSpecOf,
} from "../../../domain/registry";
import { RESOURCE_TYPES as T } from "../../../domain/registry/tokens";

describe("the registry of AI resource types", () => {
  it("lists each token once, and every token it knows", () => {
    const tokens = REGISTRY.map((s) => s.token);
    expect(new Set(tokens).size).toBe(tokens.length);
    expect([...tokens].sort()).toEqual(Object.values(T).sort());
  });

  it("finds a type at any azure-native API version, by role", () => {
    expect(endpointSpecOf("azure-native:cognitiveservices/v20250601:Deployment")?.token).toBe(
      T.azureDeployment,
    );
    expect(accountSpecOf(T.classicAccount)?.localAuth?.offWhen).toBe(false);
    expect(iamSpecOf(T.nativeIamRole)?.grants.kind).toBe("identity");
    expect(usageSpecOf(T.gcpProjectService)?.opens("aiplatform.googleapis.com")).toMatch(
      /Vertex AI/,
    );
    expect(endpointSpecOf(T.azureAccount)).toBeUndefined();
    expect(specOf("aws:s3/bucket:Bucket")).toBeUndefined();
  });

  it("says how each endpoint type carries its tags", () => {
    expect(specOf(T.nativeApplicationInferenceProfile)?.tags).toBe("list");
    expect(specOf(T.vertexEndpoint)?.tags).toBe("labels");
    expect(specOf(T.classicDeployment)?.tags).toBe("none");
    expect(specOf(T.bedrockAgent)?.tags).toBe("map");
  });

  it("gives each type's cloud, and the package's cloud for other types", () => {
    expect(cloudOfType(T.vertexEndpoint)).toBe("gcp");
    expect(cloudOfType("aws-native:s3:Bucket")).toBe("aws");
    expect(cloudOfType("azure:storage/account:Account")).toBe("azure");
    expect(cloudOfType("gcp:storage/bucket:Bucket")).toBe("gcp");
    expect(cloudOfType("outcomeguard:aws:GatedEndpoint")).toBeUndefined();
  });

  it("reads each endpoint type's models from where its provider puts them", () => {
    const models = (token: string, props: Record<string, unknown>) =>
      endpointSpecOf(token)!.models(props);
    expect(models(T.bedrockAgent, { foundationModel: "global.anthropic.claude-opus-4-5" })).toEqual(
      ["global.anthropic.claude-opus-4-5"],
    );
    expect(
      models(T.bedrockFlow, {
        definition: {
          nodes: [
            { configuration: { prompt: { sourceConfiguration: { inline: { modelId: "a" } } } } },
            { configuration: { knowledgeBase: { modelId: "b" } } },
          ],
        },
      }),
    ).toEqual(["a", "b"]);
    expect(
      models(T.agentcoreHarness, { model: { openaiModelConfig: { modelId: "gpt-5" } } }),
    ).toEqual(["gpt-5"]);
    expect(
      models(T.azureServerlessEndpoint, {
        properties: { modelSettings: { modelId: "azureml://x" } },
      }),
    ).toEqual(["azureml://x"]);
    expect(models(T.vertexModelGardenEndpoint, { huggingFaceModelId: "Qwen/Qwen3-0.6B" })).toEqual([
      "Qwen/Qwen3-0.6B",
    ]);
    expect(models(T.vertexEndpoint, {})).toEqual([undefined]);
  });

  it("reads the classic provider's v5 scale and v6 sku as capacity", () => {
    const capacity = (props: Record<string, unknown>) =>
      endpointSpecOf(T.classicDeployment)!.capacity!(props);
    expect(capacity({ scale: { type: "Standard", capacity: 20 } })).toEqual([
      { kind: "azure-standard", sku: "Standard", capacity: 20 },
    ]);
    expect(capacity({ sku: { name: "GlobalStandard", capacity: 5 } })).toEqual([
      { kind: "azure-standard", sku: "GlobalStandard", capacity: 5 },
    ]);
  });
});
