import { describe, expect, it } from "vitest";
import {
  cloudSettingsFromConfig,
  computedKeys,
  createResource,
  DEFAULT_CLOUD,
  FAKE_KEY_PREFIX,
  invoke,
  splitTypeToken,
} from "../../../cli/program/fake-cloud";

const s = DEFAULT_CLOUD;
const acct = s.awsAccountId;

describe("the fake cloud's settings", () => {
  it("takes the AWS region from aws:region", () => {
    expect(cloudSettingsFromConfig({ "aws:region": "eu-west-1" }).awsRegion).toBe("eu-west-1");
  });

  it("takes the AWS region from aws-native:region when aws:region is absent", () => {
    expect(cloudSettingsFromConfig({ "aws-native:region": "ap-south-1" }).awsRegion).toBe(
      "ap-south-1",
    );
  });

  it("takes the Azure location from classic azure:location", () => {
    expect(cloudSettingsFromConfig({ "azure:location": "westeurope" }).azureLocation).toBe(
      "westeurope",
    );
  });

  it("takes the GCP project from gcp:project", () => {
    expect(cloudSettingsFromConfig({ "gcp:project": "acme" }).gcpProject).toBe("acme");
  });

  it("keeps the defaults when config names no cloud setting", () => {
    expect(cloudSettingsFromConfig({ "app:x": "1" })).toEqual(DEFAULT_CLOUD);
  });
});

describe("splitTypeToken", () => {
  it("splits a token into package, module (no version path) and resource", () => {
    expect(splitTypeToken("aws:bedrock/inferenceProfile:InferenceProfile")).toEqual({
      pkg: "aws",
      module: "bedrock",
      resource: "InferenceProfile",
    });
  });
});

describe("AWS resources", () => {
  it("names a Bedrock application inference profile by a 12-character id in an application-inference-profile ARN", () => {
    const r = createResource(s, "aws:bedrock/inferenceProfile:InferenceProfile", "p", {});
    expect(r.outputs.arn).toBe(
      `arn:aws:bedrock:us-east-1:${acct}:application-inference-profile/${r.id}`,
    );
  });

  it("puts the resource's own region input into its ARN", () => {
    const r = createResource(s, "aws:sns/topic:Topic", "alerts", {
      name: "alerts",
      region: "eu-west-1",
    });
    expect(r.id).toBe(`arn:aws:sns:eu-west-1:${acct}:alerts`);
  });

  it("gives budgets a region-less ARN and an account:name id", () => {
    const r = createResource(s, "aws:budgets/budget:Budget", "b", { name: "team-a" });
    expect([r.id, r.outputs.arn]).toEqual([
      `${acct}:team-a`,
      `arn:aws:budgets::${acct}:budget/team-a`,
    ]);
  });

  it("gives an IAM role a global ARN under its path, and its name as id", () => {
    const r = createResource(s, "aws:iam/role:Role", "r", { name: "invoker", path: "/ai/" });
    expect([r.id, r.outputs.arn]).toEqual(["invoker", `arn:aws:iam::${acct}:role/ai/invoker`]);
  });

  it("uses the ARN as the id of an IAM policy", () => {
    const r = createResource(s, "aws:iam/policy:Policy", "p", { name: "invoke" });
    expect(r.id).toBe(`arn:aws:iam::${acct}:policy/invoke`);
  });

  it("names an unnamed resource after its logical name plus a suffix", () => {
    const r = createResource(s, "aws:sns/topic:Topic", "alerts", {});
    expect(r.outputs.name).toMatch(/^alerts-[0-9a-z]{7}$/);
  });

  it("mints the same id for the same resource twice (deterministic plans)", () => {
    const a = createResource(s, "aws:bedrock/inferenceProfile:InferenceProfile", "p", {});
    const b = createResource(s, "aws:bedrock/inferenceProfile:InferenceProfile", "p", {});
    expect(a.id).toBe(b.id);
  });

  it("mints different ids for different seeds", () => {
    const t = "aws:bedrock/inferenceProfile:InferenceProfile";
    expect(createResource(s, t, "p", {}, "urn:a").id).not.toBe(
      createResource(s, t, "p", {}, "urn:b").id,
    );
  });

  it("hands out a Bedrock API key that starts with ABSK and holds the fake-key prefix", () => {
    const r = createResource(
      s,
      "aws:iam/serviceSpecificCredential:ServiceSpecificCredential",
      "k",
      { userName: "team-a", serviceName: "bedrock.amazonaws.com" },
    );
    expect(r.outputs.serviceCredentialSecret).toMatch(new RegExp(`^ABSK${FAKE_KEY_PREFIX}`));
  });

  it("keeps inputs in the outputs, over computed values of the same name", () => {
    const r = createResource(s, "aws:sns/topic:Topic", "t", { name: "t", tagsAll: { a: "1" } });
    expect(r.outputs.tagsAll).toEqual({ a: "1" });
  });
});

describe("aws-native resources", () => {
  it("names outputs after the resource and gives an application profile a Bedrock ARN", () => {
    const r = createResource(s, "aws-native:bedrock:ApplicationInferenceProfile", "p", {});
    expect(r.outputs.applicationInferenceProfileArn).toMatch(
      new RegExp(`^arn:aws:bedrock:us-east-1:${acct}:application-inference-profile/[0-9a-f]{12}$`),
    );
  });

  it("uses the ARN as the id", () => {
    const r = createResource(s, "aws-native:sns:Topic", "t", { topicName: "alerts" });
    expect(r.id).toBe(`arn:aws:sns:us-east-1:${acct}:topic/alerts`);
  });
});

describe("Azure resources", () => {
  const sub = `/subscriptions/${s.azureSubscriptionId}`;

  it("gives a resource group a subscription-scoped id", () => {
    const r = createResource(s, "azure-native:resources:ResourceGroup", "rg", {
      resourceGroupName: "ai",
    });
    expect(r.id).toBe(`${sub}/resourceGroups/ai`);
  });

  it("nests a deployment under its account, for a versioned token too", () => {
    const r = createResource(s, "azure-native:cognitiveservices/v20250601:Deployment", "d", {
      resourceGroupName: "ai",
      accountName: "oai",
      deploymentName: "gpt",
    });
    expect(r.id).toBe(
      `${sub}/resourceGroups/ai/providers/Microsoft.CognitiveServices/accounts/oai/deployments/gpt`,
    );
  });

  it("computes an OpenAI account's endpoint from its custom subdomain", () => {
    const r = createResource(s, "azure-native:cognitiveservices:Account", "a", {
      accountName: "oai",
      properties: { customSubDomainName: "acme-oai" },
    });
    expect((r.outputs.properties as Record<string, unknown>).endpoint).toBe(
      "https://acme-oai.openai.azure.com/",
    );
  });

  it("mints classic azure resources under the namespace of their module", () => {
    const r = createResource(s, "azure:cognitive/account:Account", "a", {
      name: "oai",
      resourceGroupName: "ai",
    });
    expect(r.id).toBe(
      `${sub}/resourceGroups/ai/providers/Microsoft.CognitiveServices/accounts/oai`,
    );
  });

  it("scopes a resource to its scope input", () => {
    const r = createResource(s, "azure-native:consumption:Budget", "b", {
      budgetName: "team-a",
      scope: `${sub}/`,
    });
    expect(r.id).toBe(`${sub}/providers/Microsoft.Consumption/budgets/team-a`);
  });

  it("returns no keys when reading an API Management subscription", () => {
    const r = createResource(s, "azure-native:apimanagement:Subscription", "sub", {
      serviceName: "apim",
      resourceGroupName: "ai",
      sid: "team-a",
    });
    expect(r.outputs.primaryKey).toBeUndefined();
  });
});

describe("GCP resources", () => {
  it("gives a Vertex endpoint a numeric id under projects/<p>/locations/<r>", () => {
    const r = createResource(s, "gcp:vertex/aiEndpoint:AiEndpoint", "e", {});
    expect(r.id).toMatch(
      /^projects\/outcomeguard-preview\/locations\/us-central1\/endpoints\/\d+$/,
    );
  });

  it("gives an enabled service a <project>/<service> id", () => {
    const r = createResource(s, "gcp:projects/service:Service", "svc", {
      service: "aiplatform.googleapis.com",
    });
    expect(r.id).toBe("outcomeguard-preview/aiplatform.googleapis.com");
  });
});

describe("other providers", () => {
  it("get their inputs back with a generated id", () => {
    const r = createResource(s, "random:index/randomPet:RandomPet", "pet", { length: 2 });
    expect(r.outputs).toEqual({ length: 2, id: r.id });
  });

  it("computedKeys lists only the id for them", () => {
    expect(computedKeys(s, "random:index/randomPet:RandomPet", "pet")).toEqual(["id"]);
  });
});

describe("computed keys", () => {
  it("leave out an input the cloud only adds to (an account's properties), so a read keeps it", () => {
    const keys = computedKeys(s, "azure-native:cognitiveservices:Account", "acct");
    expect(keys).toContain("name");
    expect(keys).not.toContain("properties");
  });
});

describe("invokes", () => {
  it("answers getCallerIdentity with the fake account", () => {
    const a = invoke(s, "aws:index/getCallerIdentity:getCallerIdentity", {});
    expect(a.outputs.accountId).toBe(acct);
  });

  it("renders getPolicyDocument the way AWS writes it", () => {
    const a = invoke(s, "aws:iam/getPolicyDocument:getPolicyDocument", {
      statements: [{ actions: ["bedrock:InvokeModel"], resources: ["*"] }],
    });
    expect(JSON.parse(String(a.outputs.minifiedJson))).toEqual({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: "*" }],
    });
  });

  it("answers listSubscriptionSecrets with key material holding the fake-key prefix", () => {
    const a = invoke(s, "azure-native:apimanagement:listSubscriptionSecrets", { sid: "team-a" });
    expect(String(a.outputs.primaryKey).startsWith(FAKE_KEY_PREFIX)).toBe(true);
  });

  it("answers the same API Management keys for the same subscription", () => {
    const t = "azure-native:apimanagement:listSubscriptionSecrets";
    expect(invoke(s, t, { sid: "x" }).outputs).toEqual(invoke(s, t, { sid: "x" }).outputs);
  });

  it("answers GCP getClientConfig with the configured project", () => {
    const gs = cloudSettingsFromConfig({ "gcp:project": "acme" });
    expect(
      invoke(gs, "gcp:organizations/getClientConfig:getClientConfig", {}).outputs.project,
    ).toBe("acme");
  });

  it("flags an unknown invoke unanswered, hands back its arguments and names it in the hint", () => {
    const a = invoke(s, "aws:ec2/getVpc:getVpc", { default: true });
    expect(a).toEqual({
      answered: false,
      outputs: { default: true },
      hint: expect.stringContaining("aws:ec2/getVpc:getVpc"),
    });
  });
});
