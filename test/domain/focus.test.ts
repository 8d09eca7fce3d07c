import { describe, expect, it } from "vitest";
import { billingTag, chargeMonth, parseFocusDateTime, recogniseAiSpend } from "../../domain/focus";

describe("AI spend is recognised by service and resource", () => {
  it.each([
    ["Amazon Bedrock", "amazon-bedrock", "aws"],
    ["Amazon Bedrock AgentCore", "amazon-bedrock", "aws"],
    ["Amazon SageMaker", "amazon-sagemaker", "aws"],
    ["Azure OpenAI", "azure-openai", "azure"],
    ["Azure OpenAI Service", "azure-openai", "azure"],
    ["Cognitive Services", "azure-ai-services", "azure"],
    ["Azure AI services", "azure-ai-services", "azure"],
    ["Azure AI Foundry Models", "azure-ai-foundry", "azure"],
    ["Foundry Models", "azure-ai-foundry", "azure"],
    ["Azure Machine Learning", "azure-machine-learning", "azure"],
  ])("%s is AI spend (%s)", (serviceName, service, cloud) => {
    expect(recogniseAiSpend({ serviceName })).toMatchObject({ service, cloud });
  });

  it("Marketplace model lines sold through Bedrock are AI spend and name their model", () => {
    const r = recogniseAiSpend({ serviceName: "Claude 3.5 Sonnet (Amazon Bedrock Edition)" });
    expect(r).toMatchObject({
      service: "bedrock-marketplace",
      cloud: "aws",
      model: "Claude 3.5 Sonnet",
    });
    expect(
      recogniseAiSpend({ serviceName: "Cohere Command R+ (Amazon Bedrock Edition) " })?.model,
    ).toBe("Cohere Command R+");
  });

  it.each([
    "Amazon Elastic Compute Cloud",
    "Amazon Simple Storage Service",
    "Amazon OpenSearch Service",
    "AWS Lambda",
    "Virtual Machines",
    "Storage",
    "Bandwidth",
    "",
  ])("%j is other cloud spend", (serviceName) => {
    expect(recogniseAiSpend({ serviceName })).toBeUndefined();
  });

  it("an AI resource id makes a line AI spend whatever the service name says", () => {
    expect(
      recogniseAiSpend({
        serviceName: "",
        resourceId: "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc",
      }),
    ).toMatchObject({ service: "amazon-bedrock", cloud: "aws" });
    expect(
      recogniseAiSpend({
        serviceName: "Microsoft Defender",
        resourceId:
          "/subscriptions/1/resourcegroups/rg/providers/microsoft.cognitiveservices/accounts/x",
      }),
    ).toMatchObject({ service: "azure-ai-services", cloud: "azure" });
    expect(
      recogniseAiSpend({
        serviceName: "Amazon Elastic Compute Cloud",
        resourceId: "arn:aws:ec2:us-east-1:123456789012:instance/i-1",
      }),
    ).toBeUndefined();
  });

  it("the AWS service code counts when the name does not", () => {
    expect(recogniseAiSpend({ serviceName: "Other", serviceCode: "AmazonBedrock" })?.service).toBe(
      "amazon-bedrock",
    );
  });
});

describe("billing tags", () => {
  it("reads a tag as AWS writes user-defined cost-allocation tags, or as-is", () => {
    expect(billingTag({ "user:ai-outcome": "a" }, "ai-outcome")).toBe("a");
    expect(billingTag({ "resourceTags/user:ai-outcome": "b" }, "ai-outcome")).toBe("b");
    expect(billingTag({ "ai-outcome": "c" }, "ai-outcome")).toBe("c");
  });

  it("ignores case (Azure tag names are case-insensitive) and empty values", () => {
    expect(billingTag({ "AI-Outcome": "d" }, "ai-outcome")).toBe("d");
    expect(billingTag({ "ai-outcome": "  " }, "ai-outcome")).toBeUndefined();
  });

  it("account tags and cost categories are not the resource's outcome", () => {
    expect(billingTag({ "accountTag/ai-outcome": "x" }, "ai-outcome")).toBeUndefined();
    expect(billingTag({ "costCategory/ai-outcome": "x" }, "ai-outcome")).toBeUndefined();
  });
});

describe("charge periods", () => {
  it("parses FOCUS date-times, with or without a zone (UTC)", () => {
    expect(parseFocusDateTime("2026-11-01T00:00:00Z")).toBe(Date.UTC(2026, 10, 1));
    expect(parseFocusDateTime("2026-11-01")).toBe(Date.UTC(2026, 10, 1));
    expect(parseFocusDateTime("2026-11-01 06:30:00")).toBe(Date.UTC(2026, 10, 1, 6, 30));
    expect(parseFocusDateTime("2026-11-01T01:00:00+02:00")).toBe(Date.UTC(2026, 9, 31, 23));
    expect(parseFocusDateTime("01/11/2026")).toBeUndefined();
    expect(parseFocusDateTime("2026-13-01")).toBeUndefined();
  });

  it("bills a charge period in the UTC month it starts", () => {
    expect(chargeMonth(Date.UTC(2026, 10, 30, 23, 59))).toBe("2026-11");
    expect(chargeMonth(Date.UTC(2026, 11, 1))).toBe("2026-12");
  });
});
