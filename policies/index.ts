/** The OutcomeGuard CrossGuard policy pack. Policies live in ./rules; this file only serves them. */
import { PolicyPack } from "@pulumi/policy";
import { ALL_POLICIES } from "./registry";
import { installDeserializeMemo } from "./sdk-compat";

// One deserialization of a request's properties for all the pack's policies instead of one per
// policy (see ./sdk-compat.ts for why this is safe here and what it trades). A no-op where
// @pulumi/policy's internal module is not there or has another shape.
installDeserializeMemo();

new PolicyPack("outcomeguard", {
  description:
    "OutcomeGuard: AI usage x a defined outcome = a strategy. Premium model endpoints need a measurable outcome, a cost ceiling and a budget alarm.",
  policies: [...ALL_POLICIES],
});
