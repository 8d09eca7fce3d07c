import { describeEndpoint, isEndpointType } from "../../domain/endpoints";
import { PASS, projectedSpendRule } from "../../domain/resource-rules";
import { resourcePolicy, type PolicyMeta } from "../adapter";

export const remediation =
  "Lower the declared capacity (Azure sku.capacity or PTUs, Bedrock model units, SageMaker instances), raise ai-cost-ceiling-usd within the tier maximum, or declare a hard stop that caps spend at the ceiling: ai-hard-stop = budget-action (an AWS budget action that denies invoking at 100%) or token-quota (an API Management token quota). For a model with no model-unit price in the catalog, add a catalog override with modelUnitHourlyUsd.";

export const meta: PolicyMeta = {
  name: "projected-spend-within-ceiling",
  description:
    "Where capacity is declared, the most a premium endpoint can spend in a month must fit its ceiling unless a hard stop caps it.",
  enforcementLevel: "mandatory",
  remediation,
  checks:
    "For gated endpoints that declare capacity (Azure Standard-family sku.capacity in thousands of tokens per minute, Azure provisioned PTUs, Bedrock provisioned model units, SageMaker instances), the maximum monthly spend running flat out (every token at the output price, regional uplift, hourly list prices) must not exceed ai-cost-ceiling-usd, unless ai-hard-stop declares budget-action or token-quota. The message states the projected figure and every assumption behind it.",
};

export const projectedSpendWithinCeiling = resourcePolicy(meta, {
  appliesTo: isEndpointType,
  evaluate: (ctx) => {
    const endpoint = describeEndpoint(ctx.type, ctx.props());
    return endpoint ? projectedSpendRule(endpoint, ctx.settings) : PASS;
  },
});
