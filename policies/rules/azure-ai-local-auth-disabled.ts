import { REGISTRY } from "../../domain/registry";
import { rule } from "../../domain/rules/azure-ai-local-auth-disabled";
import { resourcePolicy } from "../adapter";
import { either } from "../text";

/** Each AI account type with local auth, its kinds and the setting that turns it off. */
const accounts = REGISTRY.flatMap((s) =>
  s.role === "account" && s.localAuth
    ? [
        `${s.token}${s.kinds ? ` of kind ${either(s.kinds)}` : ""} must set ${s.localAuth.path.join(".")} to ${s.localAuth.offWhen} (left unset it is ${s.localAuth.unsetNote.replace(/^not set \((.*)\)$/, "$1")})`,
      ]
    : [],
);

export default resourcePolicy(
  {
    name: "azure-ai-local-auth-disabled",
    description:
      "Azure OpenAI and AI Services accounts must disable local (shared-key) auth, so every call goes through a per-team key.",
    enforcementLevel: "mandatory",
    remediation:
      "Turn local auth off on the account (azure-native: properties.disableLocalAuth: true; classic provider: localAuthEnabled or localAuthenticationEnabled: false), and give each team its own key through the gate (the OutcomeGuard TeamKey component issues an API Management subscription whose token quota enforces the ceiling).",
    checks: `${accounts.join("; ")}. Any API version of an azure-native token counts. The account's shared keys call every deployment in it, bypassing per-team keys, token quotas and hard stops.`,
    settings: ["waivers"],
  },
  rule,
);
