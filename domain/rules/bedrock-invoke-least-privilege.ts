/**
 * bedrock-invoke-least-privilege: IAM grants must not let a holder invoke Bedrock models around
 * the gate (`*`, wildcards, foundation models or system profiles without an inference-profile
 * condition, or the AmazonBedrockFullAccess managed policy); `bedrock:CallWithBearerToken` is
 * granted only by a team key; a long-term Bedrock API key expires within the cap.
 */
import { apiKeyAgeProblem } from "../api-keys";
import { AWS_TEAM_KEY_COMPONENT, parentTypeOf, RESOURCE_TYPES } from "../endpoints";
import { asList, finding, mergeFindings, PASS, type Finding, type ResourceRule } from "../finding";
import {
  BEDROCK_API_KEY_SERVICE,
  BEDROCK_BEARER_TOKEN_ACTION,
  bearerTokenGrants,
  bedrockGrantProblems,
  BROAD_BEDROCK_MANAGED_POLICY,
  IAM_ATTACHMENT_TYPES,
  IAM_DOCUMENT_TYPES,
  LEAST_PRIVILEGE_TYPES,
} from "../iam";
import { describeUnknowns, isUnknown, unknownsIn } from "../unknown";

function documentFinding(doc: unknown, label: string, teamKey: boolean): Finding {
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
  const bearer = teamKey
    ? []
    : bearerTokenGrants(doc).map(
        (statement) =>
          `${statement} allows ${BEDROCK_BEARER_TOKEN_ACTION} outside an OutcomeGuard team key (${AWS_TEAM_KEY_COMPONENT}): anyone holding a Bedrock API key could call models with it, around the team's capped key`,
      );
  return finding([...bedrockGrantProblems(doc), ...bearer].map((p) => `${prefix}${p}`));
}

/** A Bedrock API key (a service-specific credential for Bedrock) must expire within the cap. */
function apiKeyFinding(bag: Readonly<Record<string, unknown>>): Finding {
  const service = bag.serviceName;
  if (isUnknown(service)) {
    return finding([], [`serviceName is not known until the update (${service.path})`]);
  }
  if (service !== BEDROCK_API_KEY_SERVICE) return PASS;
  const age = bag.credentialAgeDays;
  if (isUnknown(age)) {
    return finding([], [`credentialAgeDays is not known until the update (${age.path})`]);
  }
  const problem =
    age === undefined
      ? `is not set, so the Bedrock API key never expires`
      : apiKeyAgeProblem(age)
        ? `is ${JSON.stringify(age)}: ${apiKeyAgeProblem(age)}`
        : undefined;
  return problem
    ? finding([`a long-term Bedrock API key without an age cap: credentialAgeDays ${problem}`])
    : PASS;
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
function leastPrivilegeRule(type: string, props: unknown, teamKey: boolean): Finding {
  const bag = (props ?? {}) as Record<string, unknown>;
  if (IAM_DOCUMENT_TYPES.includes(type)) {
    return documentFinding(bag.policy, "the policy document", teamKey);
  }
  if (type === RESOURCE_TYPES.iamServiceSpecificCredential) return apiKeyFinding(bag);
  if (IAM_ATTACHMENT_TYPES.includes(type)) return managedPolicyFinding(bag.policyArn, "policyArn");
  if (type !== RESOURCE_TYPES.iamRole) return PASS;
  const parts: Finding[] = [];
  const inline = bag.inlinePolicies;
  if (isUnknown(inline)) parts.push(documentFinding(inline, "inlinePolicies", teamKey));
  else {
    for (const [i, p] of asList(inline).entries()) {
      const entry = (p ?? {}) as Record<string, unknown>;
      const name =
        typeof entry.name === "string" ? `inline policy "${entry.name}"` : `inline policy ${i}`;
      parts.push(documentFinding(isUnknown(p) ? p : entry.policy, name, teamKey));
    }
  }
  const managed = bag.managedPolicyArns;
  if (isUnknown(managed)) parts.push(managedPolicyFinding(managed, "managedPolicyArns"));
  else
    for (const arn of asList(managed)) parts.push(managedPolicyFinding(arn, "managedPolicyArns"));
  return mergeFindings(parts);
}

/** The policy's rule: IAM policy documents, roles, attachments and Bedrock API keys. */
export const rule: ResourceRule = {
  appliesTo: (type) => LEAST_PRIVILEGE_TYPES.includes(type),
  evaluate: (r) =>
    leastPrivilegeRule(r.type, r.props(), parentTypeOf(r.urn, r.parent) === AWS_TEAM_KEY_COMPONENT),
};
