/**
 * bedrock-invoke-least-privilege: IAM grants must not let a holder invoke Bedrock models around
 * the gate (`*`, wildcards, foundation models or system profiles without an inference-profile
 * condition, or the AmazonBedrockFullAccess managed policy).
 */
import { RESOURCE_TYPES } from "../endpoints";
import { asList, finding, mergeFindings, PASS, type Finding, type ResourceRule } from "../finding";
import {
  bedrockGrantProblems,
  BROAD_BEDROCK_MANAGED_POLICY,
  IAM_ATTACHMENT_TYPES,
  IAM_DOCUMENT_TYPES,
  LEAST_PRIVILEGE_TYPES,
} from "../iam";
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
function leastPrivilegeRule(type: string, props: unknown): Finding {
  const bag = (props ?? {}) as Record<string, unknown>;
  if (IAM_DOCUMENT_TYPES.includes(type)) return documentFinding(bag.policy, "the policy document");
  if (IAM_ATTACHMENT_TYPES.includes(type)) return managedPolicyFinding(bag.policyArn, "policyArn");
  if (type !== RESOURCE_TYPES.iamRole) return PASS;
  const parts: Finding[] = [];
  const inline = bag.inlinePolicies;
  if (isUnknown(inline)) parts.push(documentFinding(inline, "inlinePolicies"));
  else {
    for (const [i, p] of asList(inline).entries()) {
      const entry = (p ?? {}) as Record<string, unknown>;
      const name =
        typeof entry.name === "string" ? `inline policy "${entry.name}"` : `inline policy ${i}`;
      parts.push(isUnknown(p) ? documentFinding(p, name) : documentFinding(entry.policy, name));
    }
  }
  const managed = bag.managedPolicyArns;
  if (isUnknown(managed)) parts.push(managedPolicyFinding(managed, "managedPolicyArns"));
  else
    for (const arn of asList(managed)) parts.push(managedPolicyFinding(arn, "managedPolicyArns"));
  return mergeFindings(parts);
}

/** The policy's rule: IAM policy documents, roles and attachments. */
export const rule: ResourceRule = {
  appliesTo: (type) => LEAST_PRIVILEGE_TYPES.includes(type),
  evaluate: (r) => leastPrivilegeRule(r.type, r.props()),
};
