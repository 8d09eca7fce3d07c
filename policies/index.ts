/** The OutcomeGuard CrossGuard policy pack. Policies live in ./rules; this file only serves them. */
import { PolicyPack } from "@pulumi/policy";
import { ALL_POLICIES } from "./rules";

new PolicyPack("outcomeguard", {
  description:
    "OutcomeGuard: AI usage x a defined outcome = a strategy. Premium model endpoints need a measurable outcome, a cost ceiling and a budget alarm.",
  policies: [...ALL_POLICIES],
});
