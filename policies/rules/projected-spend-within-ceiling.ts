import { HARD_STOP_VALUES } from "../../domain/governance";
import { rule } from "../../domain/rules/projected-spend-within-ceiling";
import { resourcePolicy } from "../adapter";
import { either, K } from "../text";

const [BUDGET_ACTION, TOKEN_QUOTA] = HARD_STOP_VALUES;

export default resourcePolicy(
  {
    name: "projected-spend-within-ceiling",
    description:
      "Where capacity is declared, the most a premium endpoint can spend in a month must fit its ceiling unless a hard stop caps it.",
    enforcementLevel: "mandatory",
    remediation: `Lower the declared capacity (Azure sku.capacity or PTUs, Bedrock model units, SageMaker instances), raise ${K.costCeilingUsd} within the tier maximum, or declare a hard stop that caps spend at the ceiling: ${K.hardStop} = ${BUDGET_ACTION} (an AWS budget action that denies invoking at 100%) or ${TOKEN_QUOTA} (an API Management token quota). For a model with no model-unit price in the catalog, add a catalog override with modelUnitHourlyUsd.`,
    checks: `For gated endpoints that declare capacity (Azure Standard-family sku.capacity in thousands of tokens per minute, Azure provisioned PTUs, Bedrock provisioned model units, SageMaker instances), the maximum monthly spend running flat out (every token at the output price, regional uplift, hourly list prices) must not exceed ${K.costCeilingUsd}, unless ${K.hardStop} declares ${either(HARD_STOP_VALUES)}. The message states the projected figure and every assumption behind it.`,
    settings: ["tagPrefix", "gatedTiers", "catalogOverrides", "waivers"],
  },
  rule,
);
