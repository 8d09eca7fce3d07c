import { rule } from "../../domain/rules/premium-endpoint-requires-cost-ceiling";
import { resourcePolicy } from "../adapter";
import { DEFAULT_MAXIMA, K } from "../text";

export default resourcePolicy(
  {
    name: "premium-endpoint-requires-cost-ceiling",
    description:
      "A premium-model endpoint must declare a monthly cost ceiling in USD, within its tier's maximum.",
    enforcementLevel: "mandatory",
    remediation: `Tag the endpoint with ${K.costCeilingUsd}: the most it may cost per month, in US dollars, as digits (e.g. 4000 or 1250.50; no currency sign, commas or words), no higher than the configured maximum for its tier (maxCeilingUsd: ${DEFAULT_MAXIMA} by default).`,
    checks: `Endpoints in a gated tier carry ${K.costCeilingUsd}, a positive number written in digits, no higher than the configured maximum for the tier. The ceiling is what budgets, token quotas and the projected-spend check are measured against.`,
    settings: ["tagPrefix", "gatedTiers", "catalogOverrides", "maxCeilingUsd", "waivers"],
  },
  rule,
);
