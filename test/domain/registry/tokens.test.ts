import { describe, expect, it } from "vitest";
import { normalizeType, RESOURCE_TYPES } from "../../../domain/registry/tokens";

describe("normalizeType", () => {
  it.each([
    ["azure-native:cognitiveservices/v20250601:Deployment", RESOURCE_TYPES.azureDeployment],
    ["azure-native:cognitiveservices/v20240401preview:Account", RESOURCE_TYPES.azureAccount],
    ["azure-native:consumption/v20230501:Budget", RESOURCE_TYPES.azureBudget],
    [
      "azure-native:machinelearningservices/v20240401-preview:ServerlessEndpoint",
      RESOURCE_TYPES.azureServerlessEndpoint,
    ],
  ])("strips the API version of %s", (versioned, token) => {
    expect(normalizeType(versioned)).toBe(token);
  });

  it("leaves every other token as it is", () => {
    for (const t of Object.values(RESOURCE_TYPES)) expect(normalizeType(t)).toBe(t);
    expect(normalizeType("aws:bedrock/v20250601:Thing")).toBe("aws:bedrock/v20250601:Thing");
  });
});
