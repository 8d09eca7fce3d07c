import { isEndpointType } from "../../domain/endpoints";
import { shadowEndpointRule } from "../../domain/resource-rules";
import { resourcePolicy, type PolicyMeta } from "../adapter";

export const remediation =
  "Create model endpoints through the OutcomeGuard components (outcomeguard:aws:GatedEndpoint, outcomeguard:azure:GatedEndpoint), which tag them, set their ceiling and budget alarm and issue team keys. If this endpoint is governed some other way, waive it with a reason and an expiry date.";

export const meta: PolicyMeta = {
  name: "shadow-ai-endpoint",
  description: "Model endpoints should be created through the OutcomeGuard components.",
  enforcementLevel: "advisory",
  remediation,
  checks:
    'Flags a model endpoint (Bedrock application inference profile or provisioned throughput, SageMaker endpoint configuration, Azure OpenAI deployment) whose parent is not an OutcomeGuard component (a type starting with outcomeguard:), i.e. "shadow AI" spend with no gate, ceiling or alarm. Advisory by default; make it mandatory once every team uses the components.',
};

export const shadowAiEndpoint = resourcePolicy(meta, {
  appliesTo: isEndpointType,
  evaluate: (ctx) => shadowEndpointRule(ctx.type, ctx.urn, ctx.parent),
});
