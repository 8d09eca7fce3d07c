/** The OutcomeGuard CrossGuard policy pack. Policies live in ./rules; this file only serves them. */
import { PolicyPack } from "@pulumi/policy";
import { ALL_POLICIES } from "./registry";
import { RULES } from "./rules";
import { installDeserializeMemo, installLeanAnalyzer } from "./sdk-compat";

// The pack's own Analyze and AnalyzeStack (the SDK's answers, without its set-up per policy and
// running per resource type only the policies whose rule can apply), Remediate answered without
// reading the resource while no policy remediates, GetAnalyzerInfo answered with the bytes built
// beside the bundle while they match what the SDK would build, requests decoded only where a policy
// reads them (./lazy-request.ts), and, where those cannot be installed, one
// deserialization of a request's properties for all policies (see ./sdk-compat.ts for why these
// are safe here and what they trade). Each is a no-op where @pulumi/policy's internals are not
// there or have another shape.
if (!installLeanAnalyzer(new Map(RULES.map((r) => [r.policy, r.appliesTo])))) {
  installDeserializeMemo();
}

new PolicyPack("outcomeguard", {
  description:
    "OutcomeGuard: AI usage x a defined outcome = a strategy. Premium model endpoints need a measurable outcome, a cost ceiling and a budget alarm.",
  policies: [...ALL_POLICIES],
});
