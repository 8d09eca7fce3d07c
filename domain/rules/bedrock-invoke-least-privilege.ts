/**
 * bedrock-invoke-least-privilege: IAM grants must not let a holder invoke Bedrock models around
 * the gate (`*`, wildcards, foundation models or system profiles without an inference-profile
 * condition, or the AmazonBedrockFullAccess managed policy).
 */
import { asList, finding, mergeFindings, PASS, type Finding, type ResourceRule } from "../finding";
import { bedrockGrantProblems, BROAD_BEDROCK_MANAGED_POLICY } from "../iam";
import { iamSpecOf } from "../registry";
import type { IamSpec } from "../registry/spec";
import { describeUnknowns, isUnknown, unknownsIn } from "../unknown";

function documentFinding(doc: unknown, label: string): Finding {
  if (doc === undefined || doc === null) return PASS;
  const unknown = unknownsIn(doc);
  if (unknown.length > 0) {
    return finding(
      [],
      [
        `${label} is not known until the update (${describeUnknowns(unknown)}); its Bedrock grants are checked then`,
      ],
    );
  }
  const prefix = label === "the policy document" ? "" : `${label}: `;
  return finding(bedrockGrantProblems(doc).map((p) => `${prefix}${p}`));
}

function managedPolicyFinding(arn: unknown, label: string): Finding {
  if (isUnknown(arn)) {
    return finding([], [`${label} is not known until the update (${arn.path})`]);
  }
  if (typeof arn === "string" && BROAD_BEDROCK_MANAGED_POLICY.test(arn)) {
    return finding([
      `${label} attaches ${arn}, which allows invoking every Bedrock model directly, around the gate; grant the team's application inference profiles instead`,
    ]);
  }
  return PASS;
}

/**
 * Rule: IAM grants must not let a holder invoke Bedrock models around the gate (`*`, wildcards,
 * foundation models or system profiles without an inference-profile condition, or the
 * AmazonBedrockFullAccess managed policy).
 */
function leastPrivilegeRule(spec: IamSpec, props: unknown): Finding {
  const bag = (props ?? {}) as Record<string, unknown>;
  const g = spec.grants;
  if (g.kind === "document") return documentFinding(bag[g.document], "the policy document");
  if (g.kind === "attachment") return managedPolicyFinding(bag[g.arn], g.arn);
  const parts: Finding[] = [];
  const inline = bag[g.inline];
  if (isUnknown(inline)) parts.push(documentFinding(inline, g.inline));
  else {
    for (const [i, p] of asList(inline).entries()) {
      const entry = (p ?? {}) as Record<string, unknown>;
      const name = entry[g.inlineName];
      const label = typeof name === "string" ? `inline policy "${name}"` : `inline policy ${i}`;
      parts.push(
        isUnknown(p) ? documentFinding(p, label) : documentFinding(entry[g.inlineDocument], label),
      );
    }
  }
  const managed = bag[g.managed];
  if (isUnknown(managed)) parts.push(managedPolicyFinding(managed, g.managed));
  else for (const arn of asList(managed)) parts.push(managedPolicyFinding(arn, g.managed));
  return mergeFindings(parts);
}

/** The policy's rule: every IAM type in the registry (pulumi-aws and aws-native). */
export const rule: ResourceRule = {
  appliesTo: (type) => iamSpecOf(type) !== undefined,
  evaluate: (r) => {
    const spec = iamSpecOf(r.type);
    return spec ? leastPrivilegeRule(spec, r.props()) : PASS;
  },
};
