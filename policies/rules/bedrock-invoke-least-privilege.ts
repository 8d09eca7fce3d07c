import { BEDROCK_API_KEY_AGE_DAYS } from "../../domain/api-keys";
import { AWS_TEAM_KEY_COMPONENT } from "../../domain/endpoints";
import {
  BEDROCK_API_KEY_SERVICE,
  BEDROCK_BEARER_TOKEN_ACTION,
  BEDROCK_INVOKE_ACTIONS,
} from "../../domain/iam";
import { rule } from "../../domain/rules/bedrock-invoke-least-privilege";
import { resourcePolicy } from "../adapter";
import { either } from "../text";

export default resourcePolicy(
  {
    name: "bedrock-invoke-least-privilege",
    description:
      "IAM grants must not let anyone invoke Bedrock models around the gated application inference profiles.",
    enforcementLevel: "mandatory",
    remediation: `Grant ${either(BEDROCK_INVOKE_ACTIONS, "and")} only on the team's application inference profile ARNs (arn:aws:bedrock:<region>:<account>:application-inference-profile/<id>); grant a foundation model only in a statement with a condition on bedrock:InferenceProfileArn naming those profiles. Never Resource "*", a wildcard, NotAction/NotResource with Bedrock, or the AmazonBedrockFullAccess managed policy. Grant ${BEDROCK_BEARER_TOKEN_ACTION} only in a team key's policy (${AWS_TEAM_KEY_COMPONENT}), and give every long-term Bedrock API key (an IAM service-specific credential for ${BEDROCK_API_KEY_SERVICE}) a credentialAgeDays of at most ${BEDROCK_API_KEY_AGE_DAYS.max} (the team key's default is ${BEDROCK_API_KEY_AGE_DAYS.default}). The OutcomeGuard TeamKey component writes such a policy and key.`,
    checks: `IAM policies (aws:iam Policy, RolePolicy, UserPolicy, GroupPolicy, a Role's inline policies; the document as JSON text or object) that allow a Bedrock invoke action (bedrock:InvokeModel*, bedrock:Converse*, bedrock:*, *) on "*", a wildcard, or a foundation model or system inference profile without a bedrock:InferenceProfileArn condition; NotAction/NotResource statements granting Bedrock; and attachments of AmazonBedrockFullAccess. Each bypasses the per-outcome gate, ceiling and hard stop. Also: a policy outside a team key that allows ${BEDROCK_BEARER_TOKEN_ACTION} (using Bedrock API keys), and a Bedrock API key (service-specific credential) with no credentialAgeDays or one above ${BEDROCK_API_KEY_AGE_DAYS.max}.`,
    settings: ["waivers"],
  },
  rule,
);
