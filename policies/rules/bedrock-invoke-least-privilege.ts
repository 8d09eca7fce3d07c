import { LEAST_PRIVILEGE_TYPES, leastPrivilegeRule } from "../../domain/resource-rules";
import { resourcePolicy, type PolicyMeta } from "../adapter";

export const remediation =
  'Grant bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream only on the team\'s application inference profile ARNs (arn:aws:bedrock:<region>:<account>:application-inference-profile/<id>); grant a foundation model only in a statement with a condition on bedrock:InferenceProfileArn naming those profiles. Never Resource "*", a wildcard, NotAction/NotResource with Bedrock, or the AmazonBedrockFullAccess managed policy. The OutcomeGuard TeamKey component writes such a policy.';

export const meta: PolicyMeta = {
  name: "bedrock-invoke-least-privilege",
  description:
    "IAM grants must not let anyone invoke Bedrock models around the gated application inference profiles.",
  enforcementLevel: "mandatory",
  remediation,
  checks:
    'IAM policies (aws:iam Policy, RolePolicy, UserPolicy, GroupPolicy, a Role\'s inline policies; the document as JSON text or object) that allow a Bedrock invoke action (bedrock:InvokeModel*, bedrock:Converse*, bedrock:*, *) on "*", a wildcard, or a foundation model or system inference profile without a bedrock:InferenceProfileArn condition; NotAction/NotResource statements granting Bedrock; and attachments of AmazonBedrockFullAccess. Each bypasses the per-outcome gate, ceiling and hard stop.',
};

export const bedrockInvokeLeastPrivilege = resourcePolicy(meta, {
  appliesTo: (type) => LEAST_PRIVILEGE_TYPES.includes(type),
  evaluate: (ctx) => leastPrivilegeRule(ctx.type, ctx.props()),
});
