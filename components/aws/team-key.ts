/**
 * A team's key to its gated Bedrock endpoints: an IAM user (tagged, the key's owner) whose only
 * model access is invoking the team's application inference profiles (foundation models only
 * through them), an optional role with the same policy for workloads, and a Bedrock API key (a
 * service-specific credential with an age limit) kept in Secrets Manager. Key material is a Pulumi
 * secret and never appears in tags or plain outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  Policy,
  Role,
  RolePolicyAttachment,
  ServiceSpecificCredential,
  User,
  UserPolicyAttachment,
} from "@pulumi/aws/iam";
import { Secret, SecretVersion } from "@pulumi/aws/secretsmanager";
import { z } from "zod";
import {
  assumeRolePolicy,
  AWS_TEAM_KEY_COMPONENT,
  BEDROCK_API_KEY_AGE_DAYS,
  endpointArnProblem,
  FOUNDATION_MODEL_ARN,
  teamInvokePolicy,
  type EndpointGrant,
} from "../../domain";
import {
  CostCenterSchema,
  GovernanceOptionsShape,
  isPending,
  parseTaggedArgs,
  pulumiInputList,
  TeamSchema,
} from "../args";
import { ApiKeyMaxAgeDaysSchema } from "../schemas";

export const AWS_TEAM_KEY_TYPE = AWS_TEAM_KEY_COMPONENT;

const GrantSchema = z
  .object({
    arn: z.string().superRefine((arn, ctx) => {
      const problem = endpointArnProblem(arn);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
    foundationModelArns: z
      .array(z.string().regex(FOUNDATION_MODEL_ARN, { message: "must be a foundation-model ARN" }))
      .optional(),
  })
  .strict();

/** A grant whose ARN may not be known yet. */
export type TeamKeyGrantInput = pulumi.Input<{
  readonly arn: pulumi.Input<string>;
  readonly foundationModelArns?: readonly string[];
}>;

export const AwsTeamKeyArgsSchema = z
  .object({
    team: TeamSchema,
    costCenter: CostCenterSchema.optional(),
    /**
     * What the key may invoke: the team's gated endpoints. Pass `endpoint.grants` of each
     * BedrockGatedEndpoint, or `{arn, foundationModelArns}` objects.
     */
    grants: z
      .custom<pulumi.Input<TeamKeyGrantInput[]>>(() => true)
      .superRefine((value, ctx) => {
        if (isPending(value)) return;
        if (!Array.isArray(value) || value.length === 0) {
          ctx.addIssue({
            code: "custom",
            message:
              "must list at least one gated endpoint (an application inference profile ARN); a key to nothing is no key",
          });
          return;
        }
        value.forEach((g: unknown, i) => {
          if (isPending(g)) return;
          if (g !== null && typeof g === "object" && isPending((g as { arn?: unknown }).arn))
            return;
          const r = GrantSchema.safeParse(g);
          if (!r.success)
            for (const issue of r.error.issues)
              ctx.addIssue({ code: "custom", message: issue.message, path: [i, ...issue.path] });
        });
      }),
    /** The Bedrock API key: its age limit in days (default 90, at most 365); `false` for no API key. */
    apiKey: z
      .union([
        z.literal(false),
        z
          .object({
            maxAgeDays: ApiKeyMaxAgeDaysSchema,
          })
          .strict(),
      ])
      .optional(),
    /** A role with the same access for workloads, assumable by these principals. */
    role: z
      .object({
        trustedPrincipalArns: pulumiInputList(
          z.string().regex(/^arn:aws[\w-]*:(?:iam|sts)::\d{12}:[\w+=,.@/-]+$/, {
            message: "must be an IAM principal ARN",
          }),
        ),
      })
      .strict()
      .optional(),
    /** Days Secrets Manager keeps a deleted key recoverable (0 or 7-30; default 7). */
    secretRecoveryWindowDays: z
      .number()
      .int()
      .refine((n) => n === 0 || (n >= 7 && n <= 30), { message: "must be 0 or 7-30" })
      .optional(),
    tagPrefix: GovernanceOptionsShape.tagPrefix,
  })
  .strict();

export type AwsTeamKeyArgs = z.input<typeof AwsTeamKeyArgsSchema>;

export const DEFAULT_API_KEY_MAX_AGE_DAYS = BEDROCK_API_KEY_AGE_DAYS.default;

/** Validate an AWS team key's arguments (throws {@link InvalidArgumentsError}); no side effects. */
export function validateAwsTeamKey(
  name: string,
  args: unknown,
): { args: z.output<typeof AwsTeamKeyArgsSchema>; tags: Record<string, string> } {
  return parseTaggedArgs("aws", AWS_TEAM_KEY_TYPE, name, AwsTeamKeyArgsSchema, args);
}

/**
 * `outcomeguard:aws:TeamKey`: the team's IAM identity, least-privilege invoke policy and Bedrock
 * API key.
 */
export class AwsTeamKey extends pulumi.ComponentResource {
  readonly user: User;
  readonly userName: pulumi.Output<string>;
  readonly userArn: pulumi.Output<string>;
  readonly role?: Role;
  readonly roleArn?: pulumi.Output<string>;
  /** User and role ARNs: what a budget hard stop applies its deny policy to. */
  readonly principalArns: pulumi.Output<string[]>;
  readonly policyArn: pulumi.Output<string>;
  /** The invoke policy as JSON. */
  readonly policyDocument: pulumi.Output<string>;
  /** Secrets Manager secret holding the API key. */
  readonly apiKeySecretArn?: pulumi.Output<string>;
  /** The Bedrock API key itself (secret). */
  readonly apiKey?: pulumi.Output<string>;
  readonly apiKeyId?: pulumi.Output<string>;
  readonly tags: Readonly<Record<string, string>>;
  readonly team: string;

  constructor(name: string, args: AwsTeamKeyArgs, opts?: pulumi.ComponentResourceOptions) {
    const { args: a, tags } = validateAwsTeamKey(name, args);
    super(AWS_TEAM_KEY_TYPE, name, {}, opts);
    this.tags = tags;
    this.team = a.team;
    const apiKey = a.apiKey;
    const withApiKey = apiKey !== false;

    this.user = new User(
      `${name}-user`,
      { path: "/outcomeguard/", tags: this.tags },
      { parent: this },
    );
    this.userName = this.user.name;
    this.userArn = this.user.arn;

    const grants = pulumi.output(a.grants).apply((gs) => gs as EndpointGrant[]);
    this.policyDocument = grants.apply((gs) =>
      JSON.stringify(teamInvokePolicy(gs, { allowApiKey: withApiKey })),
    );
    const policy = new Policy(
      `${name}-invoke`,
      {
        description: `OutcomeGuard: ${a.team} may invoke only its gated endpoints`,
        policy: this.policyDocument,
        tags: this.tags,
      },
      { parent: this },
    );
    this.policyArn = policy.arn;
    new UserPolicyAttachment(
      `${name}-invoke`,
      { user: this.user.name, policyArn: policy.arn },
      { parent: this },
    );

    if (a.role) {
      const trusted = pulumi.output(a.role.trustedPrincipalArns);
      this.role = new Role(
        `${name}-role`,
        {
          path: "/outcomeguard/",
          assumeRolePolicy: trusted.apply((aws) => JSON.stringify(assumeRolePolicy({ aws }))),
          tags: this.tags,
        },
        { parent: this },
      );
      new RolePolicyAttachment(
        `${name}-role-invoke`,
        { role: this.role.name, policyArn: policy.arn },
        { parent: this },
      );
      this.roleArn = this.role.arn;
      this.principalArns = pulumi.all([this.user.arn, this.role.arn]);
    } else {
      this.principalArns = this.user.arn.apply((arn) => [arn]);
    }

    if (apiKey !== false) {
      const maxAgeDays = apiKey?.maxAgeDays ?? DEFAULT_API_KEY_MAX_AGE_DAYS;
      const credential = new ServiceSpecificCredential(
        `${name}-api-key`,
        {
          serviceName: "bedrock.amazonaws.com",
          userName: this.user.name,
          credentialAgeDays: maxAgeDays,
        },
        {
          parent: this,
          additionalSecretOutputs: ["serviceCredentialSecret", "servicePassword"],
        },
      );
      const secret = new Secret(
        `${name}-api-key`,
        {
          description: `Bedrock API key of team ${a.team} (expires after ${maxAgeDays} days)`,
          recoveryWindowInDays: a.secretRecoveryWindowDays ?? 7,
          tags: this.tags,
        },
        { parent: this },
      );
      this.apiKey = pulumi.secret(credential.serviceCredentialSecret);
      new SecretVersion(
        `${name}-api-key`,
        { secretId: secret.id, secretString: this.apiKey },
        { parent: this },
      );
      this.apiKeySecretArn = secret.arn;
      this.apiKeyId = credential.serviceSpecificCredentialId;
    }

    this.registerOutputs({
      userName: this.userName,
      userArn: this.userArn,
      roleArn: this.roleArn,
      policyArn: this.policyArn,
      policyDocument: this.policyDocument,
      apiKeySecretArn: this.apiKeySecretArn,
      apiKey: this.apiKey,
      tags: this.tags,
    });
  }
}
