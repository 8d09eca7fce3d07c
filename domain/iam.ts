/**
 * Least privilege for Bedrock: the IAM policy documents OutcomeGuard writes for a team, and the
 * check that tells a grant through the gate from one around it. A team may invoke its own
 * application inference profiles (and provisioned throughput); a foundation model only through one
 * of those profiles (an `bedrock:InferenceProfileArn` condition), never directly and never `*`.
 */
import { fromJsonText, NOT_JSON } from "./finding";

/** An IAM service-specific credential: a long-term Bedrock API key when its service is Bedrock. */
export const BEDROCK_API_KEY_SERVICE = "bedrock.amazonaws.com";

/** AWS managed policies that allow invoking every Bedrock model directly. */
export const BROAD_BEDROCK_MANAGED_POLICY =
  /^arn:aws[\w-]*:iam::aws:policy\/AmazonBedrockFullAccess$/;

export const BEDROCK_INVOKE_ACTIONS = [
  "bedrock:InvokeModel",
  "bedrock:InvokeModelWithResponseStream",
] as const;

/** Using a Bedrock API key (bearer token); the action has no resource type, so its resource is `*`. */
export const BEDROCK_BEARER_TOKEN_ACTION = "bedrock:CallWithBearerToken";

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action: string | readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: Readonly<
    Record<string, Readonly<Record<string, string | readonly string[]>>>
  >;
}

/** The IAM policy language version every document here is written in. */
const IAM_POLICY_VERSION = "2012-10-17";

export interface PolicyDocument {
  readonly Version: typeof IAM_POLICY_VERSION;
  readonly Statement: readonly PolicyStatement[];
}

const policyDocument = (...statements: PolicyStatement[]): PolicyDocument => ({
  Version: IAM_POLICY_VERSION,
  Statement: statements,
});

const PARTITION = "aws(?:-[a-z]+)*";
const REGION = "[a-z]{2}(?:-[a-z]+)+-\\d";
const ACCOUNT = "\\d{12}";

export const APPLICATION_PROFILE_ARN = new RegExp(
  `^arn:${PARTITION}:bedrock:${REGION}:${ACCOUNT}:application-inference-profile/[a-z0-9]+$`,
);
export const PROVISIONED_MODEL_ARN = new RegExp(
  `^arn:${PARTITION}:bedrock:${REGION}:${ACCOUNT}:provisioned-model/[a-z0-9]+$`,
);
export const FOUNDATION_MODEL_ARN = new RegExp(
  `^arn:${PARTITION}:bedrock:(?:${REGION}|\\*)::foundation-model/[\\w.:-]+$`,
);
export const SYSTEM_PROFILE_ARN = new RegExp(
  `^arn:${PARTITION}:bedrock:${REGION}:${ACCOUNT}:inference-profile/[\\w.:-]+$`,
);

/** What a team may invoke: one gated endpoint, and the foundation models it routes to. */
export interface EndpointGrant {
  /** Application inference profile or provisioned-model ARN. */
  readonly arn: string;
  /**
   * Foundation-model ARNs the profile routes to. Bedrock checks them too, so they are granted,
   * but only with a condition that the call comes through `arn`.
   */
  readonly foundationModelArns?: readonly string[];
}

export class LeastPrivilegeError extends Error {
  override readonly name = "LeastPrivilegeError";
}

/** Why an ARN cannot be granted as a team's gated endpoint, or undefined when it can. */
export function endpointArnProblem(arn: string): string | undefined {
  if (APPLICATION_PROFILE_ARN.test(arn) || PROVISIONED_MODEL_ARN.test(arn)) return undefined;
  if (arn.includes("*")) return `"${arn}" is a wildcard; grant each gated endpoint's ARN`;
  if (FOUNDATION_MODEL_ARN.test(arn) || SYSTEM_PROFILE_ARN.test(arn)) {
    return `"${arn}" is a model or system inference profile, which bypasses the gate; grant the application inference profile that copies it`;
  }
  return `"${arn}" is not an application inference profile or provisioned-model ARN`;
}

function dedupe(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

/**
 * The policy a team's identity gets: invoke only its gated endpoints; foundation models only
 * through them; and, when it holds an API key, use of that key. Throws
 * {@link LeastPrivilegeError} on anything that would widen access.
 */
export function teamInvokePolicy(
  grants: readonly EndpointGrant[],
  options: { readonly allowApiKey?: boolean } = {},
): PolicyDocument {
  if (grants.length === 0)
    throw new LeastPrivilegeError("a team key needs at least one gated endpoint to grant");
  const problems = grants.flatMap((g) => {
    const own = endpointArnProblem(g.arn);
    const models = (g.foundationModelArns ?? [])
      .filter((m) => !FOUNDATION_MODEL_ARN.test(m))
      .map((m) => `"${m}" is not a foundation-model ARN`);
    return [...(own ? [own] : []), ...models];
  });
  if (problems.length > 0) throw new LeastPrivilegeError(problems.join("; "));

  const statements: PolicyStatement[] = [
    {
      Sid: "InvokeGatedEndpoints",
      Effect: "Allow",
      Action: [...BEDROCK_INVOKE_ACTIONS],
      Resource: dedupe(grants.map((g) => g.arn)),
    },
  ];
  const routed = grants.filter((g) => (g.foundationModelArns ?? []).length > 0);
  if (routed.length > 0) {
    statements.push({
      Sid: "FoundationModelsOnlyThroughGatedEndpoints",
      Effect: "Allow",
      Action: [...BEDROCK_INVOKE_ACTIONS],
      Resource: dedupe(routed.flatMap((g) => g.foundationModelArns ?? [])),
      Condition: {
        StringEquals: { "bedrock:InferenceProfileArn": dedupe(routed.map((g) => g.arn)) },
      },
    });
  }
  if (options.allowApiKey) {
    statements.push({
      Sid: "UseTeamApiKey",
      Effect: "Allow",
      Action: [BEDROCK_BEARER_TOKEN_ACTION],
      Resource: "*",
    });
  }
  return policyDocument(...statements);
}

/** The hard stop: deny invoking the given endpoints (a budget action attaches it at 100%). */
export function denyInvokePolicy(endpointArns: readonly string[]): PolicyDocument {
  if (endpointArns.length === 0)
    throw new LeastPrivilegeError("a hard stop needs at least one endpoint to deny");
  return policyDocument({
    Sid: "HardStopAtBudget",
    Effect: "Deny",
    Action: [...BEDROCK_INVOKE_ACTIONS],
    Resource: dedupe(endpointArns),
  });
}

/**
 * What AWS Budgets may do when a budget action fires: attach and detach exactly the deny policy,
 * on exactly the team's identities.
 */
export function budgetActionExecutionPolicy(
  denyPolicyArn: string,
  targetArns: readonly string[],
): PolicyDocument {
  if (targetArns.length === 0)
    throw new LeastPrivilegeError("a hard stop needs at least one user or role to apply it to");
  return policyDocument({
    Sid: "ApplyHardStopPolicy",
    Effect: "Allow",
    Action: [
      "iam:AttachUserPolicy",
      "iam:DetachUserPolicy",
      "iam:AttachRolePolicy",
      "iam:DetachRolePolicy",
    ],
    Resource: dedupe(targetArns),
    Condition: { ArnEquals: { "iam:PolicyARN": denyPolicyArn } },
  });
}

/** Trust policy letting an AWS service (or principals) assume a role. */
export function assumeRolePolicy(principal: {
  readonly service?: string;
  readonly aws?: readonly string[];
}): Record<string, unknown> {
  const p: Record<string, unknown> = {};
  if (principal.service) p.Service = principal.service;
  if (principal.aws && principal.aws.length > 0) p.AWS = dedupe(principal.aws);
  return {
    Version: IAM_POLICY_VERSION,
    Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: p }],
  };
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** An IAM action pattern (`bedrock:Invoke*`, `*`) as a case-insensitive regular expression. */
function actionPattern(action: string): RegExp {
  const body = action
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`, "i");
}

const INVOKE_ACTIONS = [
  "InvokeModel",
  "InvokeModelWithResponseStream",
  "Converse",
  "ConverseStream",
];

function grantsInvoke(action: unknown): boolean {
  if (typeof action !== "string") return false;
  const pattern = actionPattern(action);
  return INVOKE_ACTIONS.some((x) => pattern.test(`bedrock:${x}`));
}

function throughProfileCondition(condition: unknown): boolean {
  if (condition === null || typeof condition !== "object") return false;
  return Object.values(condition as Record<string, unknown>).some(
    (clause) =>
      clause !== null &&
      typeof clause === "object" &&
      Object.keys(clause as Record<string, unknown>).some(
        (k) => k.toLowerCase() === "bedrock:inferenceprofilearn",
      ),
  );
}

interface AllowStatement {
  readonly statement: Readonly<Record<string, unknown>>;
  /** How messages name the statement: by its Sid, or by its place in the document. */
  readonly label: string;
}

/**
 * A policy document's Allow statements, from JSON text or an object; none for a document that is
 * not an object, undefined for text that is not JSON.
 */
function allowStatements(document: unknown): AllowStatement[] | undefined {
  const doc = fromJsonText(document);
  if (doc === NOT_JSON) return undefined;
  if (doc === null || typeof doc !== "object") return [];
  const allows: AllowStatement[] = [];
  for (const [i, raw] of asList((doc as Record<string, unknown>).Statement).entries()) {
    if (raw === null || typeof raw !== "object") continue;
    const s = raw as Record<string, unknown>;
    if (s.Effect !== "Allow") continue;
    const label = typeof s.Sid === "string" && s.Sid ? `statement "${s.Sid}"` : `statement ${i}`;
    allows.push({ statement: s, label });
  }
  return allows;
}

/**
 * Every way an IAM policy document lets its holder invoke a model around the gate: an Allow of an
 * invoke action on `*` or a wildcard ARN, or on a foundation model or system inference profile
 * without a `bedrock:InferenceProfileArn` condition. Accepts the document as JSON text or object;
 * never throws. An empty list means the document grants model access only through gated endpoints.
 */
export function bedrockGrantProblems(document: unknown): string[] {
  const allows = allowStatements(document);
  if (allows === undefined) return ["the policy document is not valid JSON"];
  const problems: string[] = [];
  for (const { statement: s, label } of allows) {
    if (s.NotResource !== undefined || s.NotAction !== undefined) {
      if (asList(s.NotAction).length > 0 || asList(s.Action).some(grantsInvoke)) {
        problems.push(
          `${label} uses NotAction/NotResource with Bedrock access; list the gated endpoints instead`,
        );
      }
      continue;
    }
    if (!asList(s.Action).some(grantsInvoke)) continue;
    const conditioned = throughProfileCondition(s.Condition);
    for (const r of asList(s.Resource)) {
      if (typeof r !== "string") continue;
      if (r === "*" || /^arn:[^:]*:bedrock:[^:]*:[^:]*:\*$/.test(r)) {
        problems.push(`${label} allows invoking any model ("${r}"); list the gated endpoints`);
      } else if (r.includes("*") && !conditioned) {
        problems.push(`${label} allows invoking a wildcard ("${r}"); list the gated endpoints`);
      } else if ((FOUNDATION_MODEL_ARN.test(r) || SYSTEM_PROFILE_ARN.test(r)) && !conditioned) {
        problems.push(
          `${label} allows invoking "${r}" directly, around the gate; allow it only with a bedrock:InferenceProfileArn condition`,
        );
      }
    }
  }
  return problems;
}

/** Whether an IAM action pattern (`bedrock:CallWithBearerToken`, `bedrock:*`, `*`) covers using an API key. */
function grantsBearerToken(action: unknown): boolean {
  return typeof action === "string" && actionPattern(action).test(BEDROCK_BEARER_TOKEN_ACTION);
}

/**
 * The statements of a policy document that allow using a Bedrock API key
 * ({@link BEDROCK_BEARER_TOKEN_ACTION}, or a wildcard covering it), as labels for messages.
 */
export function bearerTokenGrants(document: unknown): string[] {
  return (allowStatements(document) ?? [])
    .filter(({ statement }) => asList(statement.Action).some(grantsBearerToken))
    .map(({ label }) => label);
}
