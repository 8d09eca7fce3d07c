import { describeEndpoint, isEndpointType } from "../../domain/endpoints";
import { ceilingRule, PASS } from "../../domain/resource-rules";
import { resourcePolicy, type PolicyMeta } from "../adapter";

export const remediation =
  "Tag the endpoint with ai-cost-ceiling-usd: the most it may cost per month, in US dollars, as digits (e.g. 5000 or 1250.50; no currency sign, commas or words), no higher than the configured maximum for its tier (maxCeilingUsd: 25000 premium, 10000 standard, 5000 economy by default).";

export const meta: PolicyMeta = {
  name: "premium-endpoint-requires-cost-ceiling",
  description:
    "A premium-model endpoint must declare a monthly cost ceiling in USD, within its tier's maximum.",
  enforcementLevel: "mandatory",
  remediation,
  checks:
    "Endpoints in a gated tier carry ai-cost-ceiling-usd, a positive number written in digits, no higher than the configured maximum for the tier. The ceiling is what budgets, token quotas and the projected-spend check are measured against.",
};

export const premiumEndpointRequiresCostCeiling = resourcePolicy(meta, {
  appliesTo: isEndpointType,
  evaluate: (ctx) => {
    const endpoint = describeEndpoint(ctx.type, ctx.props());
    return endpoint ? ceilingRule(endpoint, ctx.settings) : PASS;
  },
});
