import { RESOURCE_TYPES } from "../../domain/endpoints";
import { localAuthRule } from "../../domain/resource-rules";
import { resourcePolicy, type PolicyMeta } from "../adapter";

export const remediation =
  "Set properties.disableLocalAuth: true on the Cognitive Services account, and give each team its own key through the gate (the OutcomeGuard TeamKey component issues an API Management subscription whose token quota enforces the ceiling).";

export const meta: PolicyMeta = {
  name: "azure-ai-local-auth-disabled",
  description:
    "Azure OpenAI and AI Services accounts must disable local (shared-key) auth, so every call goes through a per-team key.",
  enforcementLevel: "mandatory",
  remediation,
  checks:
    "azure-native:cognitiveservices:Account of kind OpenAI or AIServices must set properties.disableLocalAuth to true (Azure's default is false). The account's shared keys call every deployment in it, bypassing per-team keys, token quotas and hard stops.",
};

export const azureAiLocalAuthDisabled = resourcePolicy(meta, {
  type: RESOURCE_TYPES.azureAccount,
  evaluate: (ctx) => localAuthRule(ctx.props()),
});
