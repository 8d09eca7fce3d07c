/**
 * shadow-ai-endpoint (advisory): a model endpoint is created by an OutcomeGuard component (its
 * parent's type starts with `outcomeguard:`).
 */
import { isComponentType, isEndpointType, parentTypeOf } from "../endpoints";
import { finding, PASS, type Finding, type ResourceRule } from "../finding";

/** Rule: a model endpoint is created by an OutcomeGuard component (its parent's type is `outcomeguard:`). */
function shadowEndpointRule(type: string, urn: string, parentUrn?: string): Finding {
  if (!isEndpointType(type)) return PASS;
  const parentType = parentTypeOf(urn, parentUrn);
  if (isComponentType(parentType)) return PASS;
  const where = parentType ? `its parent is a ${parentType}` : "it has no parent component";
  return finding([
    `a model endpoint created outside the OutcomeGuard components (${where}): its spend has no gate, no ceiling and no budget alarm, and nobody owns it on the bill`,
  ]);
}

/** The policy's rule: every model endpoint, judged by its parent. */
export const rule: ResourceRule = {
  appliesTo: isEndpointType,
  evaluate: (r) => shadowEndpointRule(r.type, r.urn, r.parent),
};
