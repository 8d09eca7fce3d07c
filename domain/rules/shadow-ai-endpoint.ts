/**
 * shadow-ai-endpoint (advisory): a model endpoint is created by an OutcomeGuard component (its
 * parent's type starts with `outcomeguard:`), and no program opens model usage that has nothing to
 * gate (an AI API enabled on a GCP project, a Model Garden model enabled).
 */
import { isComponentType, isEndpointType, parentTypeOf } from "../endpoints";
import { finding, PASS, type Finding, type ResourceRule } from "../finding";
import { usageSpecOf } from "../registry";
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
function shadowUsageRule(type: string, props: () => unknown): Finding {
  const spec = usageSpecOf(type);
  if (!spec) return PASS;
  const bag = props();
  if (isUnknown(bag)) {
    return finding([], [`the ${spec.label} is not known until the update; checked then`]);
  }
  const opens = spec.opens((bag ?? {}) as Readonly<Record<string, unknown>>);
  if (opens === undefined) return PASS;
  if (isUnknown(opens)) {
    return finding(
      [],
      [
        `${spec.usageAt} is not known until the update (${opens.path}); checked then whether it opens model usage`,
      ],
    );
  }
  return finding([
    `this ${spec.label} enables ${opens}: anyone with project access can call models billed to the project, with no endpoint to gate, no outcome, no ceiling and no budget alarm`,
  ]);
}

/** The policy's rule: every model endpoint, judged by its parent, and every AI usage switch. */
export const rule: ResourceRule = {
  appliesTo: (type) => isEndpointType(type) || usageSpecOf(type) !== undefined,
  evaluate: (r) =>
    usageSpecOf(r.type)
      ? shadowUsageRule(r.type, () => r.props())
      : shadowEndpointRule(r.type, r.urn, r.parent),
};
