import { describeEndpoint, isEndpointType } from "../../domain/endpoints";
import { PASS, tierFitRule } from "../../domain/resource-rules";
import { resourcePolicy, type PolicyMeta } from "../adapter";

export const remediation =
  "Serve extraction and classification with an economy or standard model (Claude Haiku, Nova Lite or Micro, GPT-4o mini, GPT-4.1 nano), or correct ai-task-class if the task really needs reasoning.";

export const meta: PolicyMeta = {
  name: "model-tier-fits-task",
  description: "A premium model should not serve a task declared as extraction or classification.",
  enforcementLevel: "advisory",
  remediation,
  checks:
    "Flags an endpoint whose model the catalog places in the premium tier while its ai-task-class says extraction or classification, tasks an economy model handles at a fraction of the price.",
};

export const modelTierFitsTask = resourcePolicy(meta, {
  appliesTo: isEndpointType,
  evaluate: (ctx) => {
    const endpoint = describeEndpoint(ctx.type, ctx.props());
    return endpoint ? tierFitRule(endpoint, ctx.settings) : PASS;
  },
});
