import { DEFAULT_GATED_TIERS } from "../../domain/governance";
import { rule } from "../../domain/rules/premium-endpoint-requires-outcome";
import { resourcePolicy } from "../adapter";
import { K } from "../text";

export default resourcePolicy(
  {
    name: "premium-endpoint-requires-outcome",
    description:
      "A premium-model endpoint must name its team and outcome, and state the outcome in one measurable sentence.",
    enforcementLevel: "mandatory",
    remediation: `Tag the endpoint with ${K.team} (the team that pays), ${K.outcome} (the outcome id, a slug such as support-ticket-deflection) and ${K.outcomeStatement}: the outcome in one clear, measurable sentence, e.g. "Reduce the time to resolve a support ticket from 8 hours to 2 hours" (an ${K.kpi}, if given, must be a KPI from the catalog). The OutcomeGuard GatedEndpoint components write these tags from the outcome you declare. Fix an ${K.modelTier} tag that disagrees with the catalog. If the task does not need a premium model, use one the catalog places in a tier that is not gated.`,
    checks: `Bedrock application inference profiles and provisioned throughput, SageMaker endpoint configurations and Azure OpenAI deployments whose model is in a gated tier (${DEFAULT_GATED_TIERS.join(", ")} by default). The tier comes from the model catalog, never from the ${K.modelTier} tag, and an unrecognised model is premium. The endpoint must carry ${K.team}, ${K.outcome} (a slug) and an ${K.outcomeStatement} that passes the outcome check: one sentence, a quantity and a direction, a result rather than an activity. A tier label that disagrees with the catalog is reported too.`,
    settings: ["tagPrefix", "gatedTiers", "catalogOverrides", "waivers"],
  },
  rule,
);
