import { AI_ACCOUNT_KINDS, RESOURCE_TYPES } from "../../domain/endpoints";
import { rule } from "../../domain/rules/azure-ai-local-auth-disabled";
import { resourcePolicy } from "../adapter";
import { either } from "../text";

export default resourcePolicy(
  {
    name: "azure-ai-local-auth-disabled",
    description:
      "Azure OpenAI and AI Services accounts must disable local (shared-key) auth, so every call goes through a per-team key.",
    enforcementLevel: "mandatory",
    remediation:
      "Set properties.disableLocalAuth: true on the Cognitive Services account, and give each team its own key through the gate (the OutcomeGuard TeamKey component issues an API Management subscription whose token quota enforces the ceiling).",
    checks: `${RESOURCE_TYPES.azureAccount} of kind ${either(AI_ACCOUNT_KINDS)} must set properties.disableLocalAuth to true (Azure's default is false). The account's shared keys call every deployment in it, bypassing per-team keys, token quotas and hard stops.`,
    settings: ["waivers"],
  },
  rule,
);
