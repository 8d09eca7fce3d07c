/** The OutcomeGuard CrossGuard policy pack. Policies live in ./rules; this file only serves them. */
import { PolicyPack } from "@pulumi/policy";
import { ALL_POLICIES } from "./rules";
import { memoizeDeserializeProperties } from "./sdk-fast-path";

// One deserialization of a request's properties for all the pack's policies instead of one per
// policy (see ./sdk-fast-path.ts for why this is safe here and what it trades). A no-op if
// @pulumi/policy's internal module has another shape.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the module object itself (an ES import would be a copy under esbuild's interop)
memoizeDeserializeProperties(require("@pulumi/policy/deserialize"));

new PolicyPack("outcomeguard", {
  description:
    "OutcomeGuard: AI usage x a defined outcome = a strategy. Premium model endpoints need a measurable outcome, a cost ceiling and a budget alarm.",
  policies: [...ALL_POLICIES],
});
