/**
 * model-in-catalog (advisory): every model an endpoint names is in the catalog. An unrecognised
 * model is treated as premium (gated, priced at the dearest list price), so a misspelled or new id
 * never slips past the gate, but it should not pass silently either: the advisory names it and says
 * how to add it.
 */
import { describeEndpoint, isEndpointType } from "../endpoints";
import { finding, PASS, type Finding, type ResourceRule } from "../finding";
import type { GovernanceSettings } from "../governance";
import { APPLICATION_PROFILE_ARN, PROVISIONED_MODEL_ARN } from "../iam";
import { classifyModel } from "../catalog";
import { isUnknown } from "../unknown";

/** The catalogOverrides entry that would add a model, as the pack config writes it. */
export function overrideExample(model: string, normalized: string): string {
  return JSON.stringify({ id: normalized || model, tier: "standard", ids: [model] });
}

/** Rule: each model an endpoint names is recognised by the catalog (with its overrides). */
function modelInCatalogRule(models: readonly unknown[], s: GovernanceSettings): Finding {
  const violations: string[] = [];
  for (const model of models) {
    if (typeof model !== "string" || isUnknown(model)) continue;
    // An application inference profile or provisioned model is an endpoint, judged where declared.
    if (APPLICATION_PROFILE_ARN.test(model) || PROVISIONED_MODEL_ARN.test(model)) continue;
    const c = classifyModel(model, s.catalog);
    if (c.recognised) continue;
    violations.push(
      `model "${model}" is not in the catalog, so it is treated as premium (gated, and priced at the dearest list price). If the id is right, add it with a catalogOverrides entry in the pack config, e.g. ${overrideExample(model, c.normalized)} with its real tier; if it is misspelled, correct it`,
    );
  }
  return finding(violations);
}

/** The policy's rule: every model endpoint, by the models it names. */
export const rule: ResourceRule = {
  appliesTo: isEndpointType,
  evaluate: (r, { settings }) => {
    const endpoint = describeEndpoint(r.type, r.props());
    return endpoint ? modelInCatalogRule(endpoint.models, settings) : PASS;
  },
};
