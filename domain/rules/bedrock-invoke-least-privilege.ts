/**
 * bedrock-invoke-least-privilege: IAM grants must not let a holder invoke Bedrock models around
 * the gate (`*`, wildcards, foundation models or system profiles without an inference-profile
 * condition, or the AmazonBedrockFullAccess managed policy); `bedrock:CallWithBearerToken` is
 * granted only by a team key; a long-term Bedrock API key expires within the cap.
 */
import { apiKeyAgeProblem } from "../api-keys";
import { AWS_TEAM_KEY_COMPONENT, parentTypeOf } from "../endpoints";
import { asList, finding, mergeFindings, PASS, type Finding, type ResourceRule } from "../finding";
import {
  BEDROCK_API_KEY_SERVICE,
  BEDROCK_BEARER_TOKEN_ACTION,
  bearerTokenGrants,
  bedrockGrantProblems,
  BROAD_BEDROCK_MANAGED_POLICY,
} from "../iam";
import { iamSpecOf } from "../registry";
import type { IamSpec } from "../registry/spec";
import { GUARD_TYPES, normalizeType } from "../registry/tokens";
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
function leastPrivilegeRule(spec: IamSpec, props: unknown, teamKey: boolean): Finding {
  const bag = (props ?? {}) as Record<string, unknown>;
  const g = spec.grants;
  if (g.kind === "document") {
    return documentFinding(bag[g.document], "the policy document", teamKey);
  }
  if (g.kind === "attachment") return managedPolicyFinding(bag[g.arn], g.arn);
  const parts: Finding[] = [];
  const inline = bag[g.inline];
  if (isUnknown(inline)) parts.push(documentFinding(inline, g.inline, teamKey));
  else {
    for (const [i, p] of asList(inline).entries()) {
      const entry = (p ?? {}) as Record<string, unknown>;
      const name = entry[g.inlineName];
      const label = typeof name === "string" ? `inline policy "${name}"` : `inline policy ${i}`;
      parts.push(documentFinding(isUnknown(p) ? p : entry[g.inlineDocument], label, teamKey));
    }
  }
  const managed = bag[g.managed];
  if (isUnknown(managed)) parts.push(managedPolicyFinding(managed, g.managed));
  else for (const arn of asList(managed)) parts.push(managedPolicyFinding(arn, g.managed));
  return mergeFindings(parts);
}

/** Whether a resource is a Bedrock API key's credential (not an IAM grant of the registry). */
const isCredential = (type: string) =>
  normalizeType(type) === GUARD_TYPES.iamServiceSpecificCredential;

/** The policy's rule: every IAM type in the registry (pulumi-aws and aws-native), and API keys. */
export const rule: ResourceRule = {
  appliesTo: (type) => iamSpecOf(type) !== undefined || isCredential(type),
  evaluate: (r) => {
    if (isCredential(r.type)) return apiKeyFinding((r.props() ?? {}) as Record<string, unknown>);
    const spec = iamSpecOf(r.type);
    const teamKey = parentTypeOf(r.urn, r.parent) === AWS_TEAM_KEY_COMPONENT;
    return spec ? leastPrivilegeRule(spec, r.props(), teamKey) : PASS;
  },
};
