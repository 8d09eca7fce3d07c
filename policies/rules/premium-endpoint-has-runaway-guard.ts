import { HARD_STOP_VALUES } from "../../domain/governance";
import { rule } from "../../domain/rules/premium-endpoint-has-runaway-guard";
import { AWS_RUNAWAY_EVALUATION, DEFAULT_RUNAWAY_DAYS } from "../../domain/runaway";
import { stackPolicy } from "../adapter";
import { either, K } from "../text";

export default stackPolicy(
  {
    name: "premium-endpoint-has-runaway-guard",
    description:
      "A premium on-demand endpoint needs a hard stop or a runaway alarm that acts in minutes, not the hours a budget takes.",
    enforcementLevel: "advisory",
    remediation: `Declare a hard stop (${K.hardStop}: ${either(HARD_STOP_VALUES)}), or add a runaway alarm on the endpoint's own usage: on AWS a CloudWatch alarm on the application inference profile's Bedrock token counts (dimension ModelId = the profile's id), on Azure an Azure Monitor metric alert on the token metric API Management emits for the endpoint's outcome. The OutcomeGuard team components create both, at the spend rate that would use the monthly ceiling in ${DEFAULT_RUNAWAY_DAYS} days (configurable).`,
    checks: `A stack policy. Every on-demand endpoint (a Bedrock application inference profile, an Azure Standard-family deployment) whose model is in a gated tier carries ${K.hardStop}, or is watched by a runaway alarm: a CloudWatch alarm on its AWS/Bedrock token counts (${AWS_RUNAWAY_EVALUATION.periodSeconds / 60}-minute periods), or an Azure metric alert on OutcomeGuard's token metric for its outcome. Provisioned capacity bounds its own spend and is not checked. Advisory by default; set it to mandatory once every team uses runaway alarms.`,
    settings: ["tagPrefix", "gatedTiers", "catalogOverrides", "waivers"],
  },
  rule,
);
