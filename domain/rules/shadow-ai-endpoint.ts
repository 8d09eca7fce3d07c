/**
 * shadow-ai-endpoint (advisory): a model endpoint is created by an OutcomeGuard component (its
 * parent's type starts with `outcomeguard:`), and no program opens model usage that has nothing to
 * gate (an AI API enabled on a GCP project, a Model Garden model enabled).
 */
import { isComponentType, isEndpointType, parentTypeOf } from "../endpoints";
import { finding, PASS, type Finding, type ResourceRule } from "../finding";
import { usageSpecOf } from "../registry";
import type { UsageSpec } from "../registry/spec";
import { isUnknown } from "../unknown";

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

/** Rule: a resource that opens model usage with no endpoint to gate is flagged. */
function shadowUsageRule(spec: UsageSpec, value: unknown): Finding {
  if (isUnknown(value)) {
    return finding(
      [],
      [
        `${spec.usageAt} is not known until the update (${value.path}); checked then whether it opens model usage`,
      ],
    );
  }
  const opens = spec.opens(value);
  if (opens === undefined) return PASS;
  return finding([
    `this ${spec.label} enables ${opens}: anyone with project access can call models billed to the project, with no endpoint to gate, no outcome, no ceiling and no budget alarm`,
  ]);
}

/** The policy's rule: every model endpoint, judged by its parent, and every AI usage switch. */
export const rule: ResourceRule = {
  appliesTo: (type) => isEndpointType(type) || usageSpecOf(type) !== undefined,
  evaluate: (r) => {
    const usage = usageSpecOf(r.type);
    return usage
      ? shadowUsageRule(usage, r.field(usage.usageAt))
      : shadowEndpointRule(r.type, r.urn, r.parent);
  },
};
