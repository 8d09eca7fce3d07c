import { describeEndpoint, isEndpointType } from "../../domain/endpoints";
import { outcomeRule, PASS } from "../../domain/resource-rules";
import { resourcePolicy, type PolicyMeta } from "../adapter";

export const remediation =
  'Tag the endpoint with ai-team (the team that pays), ai-outcome (the outcome id, a slug such as support-ticket-deflection) and ai-outcome-statement: the outcome in one clear, measurable sentence, e.g. "Reduce the time to resolve a support ticket from 8 hours to 2 hours" (an ai-kpi, if given, must be a KPI from the catalog). The OutcomeGuard GatedEndpoint components write these tags from the outcome you declare. Fix an ai-model-tier tag that disagrees with the catalog. If the task does not need a premium model, use one the catalog places in a tier that is not gated.';

export const meta: PolicyMeta = {
  name: "premium-endpoint-requires-outcome",
  description:
    "A premium-model endpoint must name its team and outcome, and state the outcome in one measurable sentence.",
  enforcementLevel: "mandatory",
  remediation,
  checks:
    "Bedrock application inference profiles and provisioned throughput, SageMaker endpoint configurations and Azure OpenAI deployments whose model is in a gated tier (premium by default). The tier comes from the model catalog, never from the ai-model-tier tag, and an unrecognised model is premium. The endpoint must carry ai-team, ai-outcome (a slug) and an ai-outcome-statement that passes the outcome check: one sentence, a quantity and a direction, a result rather than an activity. A tier label that disagrees with the catalog is reported too.",
};

export const premiumEndpointRequiresOutcome = resourcePolicy(meta, {
  appliesTo: isEndpointType,
  evaluate: (ctx) => {
    const endpoint = describeEndpoint(ctx.type, ctx.props());
    return endpoint ? outcomeRule(endpoint, ctx.settings) : PASS;
  },
});
