/** Azure AI resource types (pulumi-azure-native at any API version, and the classic pulumi-azure). */
import { asBag } from "../finding";
import type { ResourceSpec } from "./spec";
import { azureSkuCapacity, modelsAt } from "./read";
import { RESOURCE_TYPES as T } from "./tokens";

/** Azure account kinds that deploy OpenAI and other foundation models. */
export const AI_ACCOUNT_KINDS = ["OpenAI", "AIServices"] as const;

const native = { cloud: "azure", provider: "azure-native", tags: "map" } as const;
const classic = { cloud: "azure", provider: "azure", tags: "map" } as const;

export const AZURE_SPECS: readonly ResourceSpec[] = [
  {
    ...native,
    token: T.azureDeployment,
    role: "endpoint",
    kind: "azure-deployment",
    label: "Azure AI Foundry / OpenAI deployment",
    modelAt: "properties.model.name",
    models: (p) => modelsAt(p, ["properties", "model", "name"]),
    capacityAt: "sku.name, sku.capacity",
    capacity: (p) => azureSkuCapacity(p),
  },
  {
    ...native,
    token: T.azureServerlessEndpoint,
    role: "endpoint",
    kind: "azure-serverless-endpoint",
    label: "Azure AI Foundry serverless endpoint",
    modelAt: "properties.modelSettings.modelId",
    models: (p) => modelsAt(p, ["properties", "modelSettings", "modelId"]),
  },
  {
    ...classic,
    tags: "none",
    token: T.classicDeployment,
    role: "endpoint",
    kind: "azure-deployment",
    label: "Azure OpenAI deployment (classic provider)",
    modelAt: "model.name",
    models: (p) => modelsAt(p, ["model", "name"]),
    capacityAt: "sku.name, sku.capacity (v6) or scale.type, scale.capacity (v5)",
    capacity: (p) =>
      asBag(p.sku) !== undefined || p.scale === undefined
        ? azureSkuCapacity(p)
        : azureSkuCapacity(p, "scale", "type"),
  },
  {
    ...native,
    token: T.azureAccount,
    role: "account",
    label: "Cognitive Services account",
    kinds: AI_ACCOUNT_KINDS,
    localAuth: {
      path: ["properties", "disableLocalAuth"],
      offWhen: true,
      unsetNote: "not set (Azure's default is false)",
    },
  },
  { ...native, token: T.azureProject, role: "account", label: "AI Foundry project" },
  {
    ...classic,
    token: T.classicAccount,
    role: "account",
    label: "Cognitive Services account (classic provider)",
    kinds: AI_ACCOUNT_KINDS,
    localAuth: {
      path: ["localAuthEnabled"],
      offWhen: false,
      unsetNote: "not set (the provider's default is true)",
    },
  },
  {
    ...classic,
    token: T.classicAiServices,
    role: "account",
    label: "AI Services account (classic provider)",
    localAuth: {
      path: ["localAuthenticationEnabled"],
      offWhen: false,
      unsetNote: "not set (the provider's default is true)",
    },
  },
  { ...native, token: T.azureBudget, role: "budget" },
];
