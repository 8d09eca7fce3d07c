import { COMPONENT_TYPE_PREFIX } from "../../domain/endpoints";
import { rule } from "../../domain/rules/shadow-ai-endpoint";
import { resourcePolicy } from "../adapter";

export default resourcePolicy(
  {
    name: "shadow-ai-endpoint",
    description: "Model endpoints should be created through the OutcomeGuard components.",
    enforcementLevel: "advisory",
    remediation: `Create model endpoints through the OutcomeGuard components (${COMPONENT_TYPE_PREFIX}aws:GatedEndpoint, ${COMPONENT_TYPE_PREFIX}azure:GatedEndpoint), which tag them, set their ceiling and budget alarm and issue team keys. If this endpoint is governed some other way, waive it with a reason and an expiry date.`,
    checks: `Flags a model endpoint (Bedrock application inference profile or provisioned throughput, SageMaker endpoint configuration, Azure OpenAI deployment) whose parent is not an OutcomeGuard component (a type starting with ${COMPONENT_TYPE_PREFIX}), i.e. "shadow AI" spend with no gate, ceiling or alarm. Advisory by default; make it mandatory once every team uses the components.`,
    settings: ["waivers"],
  },
  rule,
);
