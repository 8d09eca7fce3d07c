import { COMPONENT_TYPE_PREFIX } from "../../domain/endpoints";
import { rule } from "../../domain/rules/shadow-ai-endpoint";
import { REGISTRY } from "../../domain/registry";
import { AI_API_SERVICES } from "../../domain/registry/gcp";
import { resourcePolicy } from "../adapter";
import { either } from "../text";

const labels = (role: string) => [
  ...new Set(REGISTRY.flatMap((s) => (s.role === role && "label" in s ? [s.label] : []))),
];
const ENDPOINT_LABELS = labels("endpoint");
const USAGE_LABELS = labels("usage").map((l) => `a ${l}`);

export default resourcePolicy(
  {
    name: "shadow-ai-endpoint",
    description: "Model endpoints should be created through the OutcomeGuard components.",
    enforcementLevel: "advisory",
    remediation: `Create model endpoints through the OutcomeGuard components (${COMPONENT_TYPE_PREFIX}aws:GatedEndpoint, ${COMPONENT_TYPE_PREFIX}azure:GatedEndpoint), which tag them, set their ceiling and budget alarm and issue team keys. If this endpoint is governed some other way, waive it with a reason and an expiry date.`,
    checks: `Flags a model endpoint (any endpoint type of the registry, see [resource types](#resource-types): ${either(ENDPOINT_LABELS)}) whose parent is not an OutcomeGuard component (a type starting with ${COMPONENT_TYPE_PREFIX}), i.e. "shadow AI" spend with no gate, ceiling or alarm. Also flags model usage with nothing to gate: ${either(USAGE_LABELS)} (${Object.keys(AI_API_SERVICES).join(", ")}). Advisory by default; make it mandatory once every team uses the components.`,
    settings: ["waivers"],
  },
  rule,
);
