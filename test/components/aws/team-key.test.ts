import * as pulumi from "@pulumi/pulumi";
import { beforeEach, describe, expect, it } from "vitest";
import { installMocks, valueOf } from "../../support/component-mocks";
import { HAIKU, premiumBedrock, TICKET_DEFLECTION } from "../../support/component-fixtures";

const captured = installMocks();

import { AwsTeamKey, BedrockGatedEndpoint } from "../../../components";
import { bedrockGrantProblems } from "../../../domain";

const PROFILE = "aws:bedrock/inferenceProfile:InferenceProfile";

beforeEach(() => captured.reset());

function statementResources(
  doc: { Statement: { Sid: string; Resource: string | string[] }[] },
  sid: string,
) {
  const s = doc.Statement.find((x) => x.Sid === sid);
  return s ? [s.Resource].flat() : [];
}

describe("AwsTeamKey", () => {
  it("lets the team's user invoke only the team's endpoints, and keeps its API key in Secrets Manager", async () => {
    const review = new BedrockGatedEndpoint("review", premiumBedrock());
    const triage = new BedrockGatedEndpoint(
      "triage",
      premiumBedrock({
        model: HAIKU,
        outcome: TICKET_DEFLECTION,
        taskClass: "classification",
        monthlyCeilingUsd: 800,
      }),
    );
    const key = new AwsTeamKey("platform-key", {
      team: "platform",
      costCenter: "CC-4410",
      grants: pulumi.all([review.grants, triage.grants]).apply(([a, b]) => [...a, ...b]),
      apiKey: { maxAgeDays: 30 },
    });
    await captured.settle();

    const profileArns = captured
      .ofType(PROFILE)
      .map((p) => String(p.state.arn))
      .sort();
    const policy = captured.one("aws:iam/policy:Policy");
    const doc = JSON.parse(String(policy.inputs.policy));
    expect(statementResources(doc, "InvokeGatedEndpoints")).toEqual(profileArns);
    expect(statementResources(doc, "FoundationModelsOnlyThroughGatedEndpoints")).toEqual([
      `arn:aws:bedrock:*::foundation-model/anthropic.claude-opus-4-1-20250805-v1:0`,
      `arn:aws:bedrock:us-east-1::foundation-model/${HAIKU}`,
    ]);
    const routed = doc.Statement.find(
      (s: { Sid: string }) => s.Sid === "FoundationModelsOnlyThroughGatedEndpoints",
    );
    expect(routed.Condition.StringEquals["bedrock:InferenceProfileArn"]).toEqual(profileArns);
    expect(
      JSON.stringify(doc.Statement.filter((s: { Sid: string }) => s.Sid !== "UseTeamApiKey")),
    ).not.toContain('"*"');
    expect(bedrockGrantProblems(doc)).toEqual([]);
    expect(await valueOf(key.policyDocument)).toBe(policy.inputs.policy);

    const user = captured.one("aws:iam/user:User");
    expect(user.parentType).toBe("outcomeguard:aws:TeamKey");
    expect(user.inputs.tags).toEqual({ "ai-team": "platform", "ai-cost-center": "CC-4410" });
    expect(captured.one("aws:iam/userPolicyAttachment:UserPolicyAttachment").inputs).toEqual({
      user: user.state.name,
      policyArn: policy.state.arn,
    });

    const credential = captured.one("aws:iam/serviceSpecificCredential:ServiceSpecificCredential");
    expect(credential.inputs).toEqual({
      serviceName: "bedrock.amazonaws.com",
      userName: user.state.name,
      credentialAgeDays: 30,
    });
    const secret = captured.one("aws:secretsmanager/secret:Secret");
    expect(secret.inputs.tags).toEqual(user.inputs.tags);
    const version = captured.one("aws:secretsmanager/secretVersion:SecretVersion");
    expect(version.inputs.secretId).toBe(secret.id);
    expect(version.inputs.secretString).toBe(credential.state.serviceCredentialSecret);
    expect(version.secretInputs).toEqual(["secretString"]);
    expect(await valueOf(key.principalArns)).toEqual([user.state.arn]);
  });

  it("gives a workload role the same policy, and no API key when asked for none", async () => {
    const review = new BedrockGatedEndpoint("review", premiumBedrock());
    const key = new AwsTeamKey("platform-key", {
      team: "platform",
      grants: review.grants,
      apiKey: false,
      role: { trustedPrincipalArns: ["arn:aws:iam::123456789012:role/ci-runner"] },
    });
    await captured.settle();
    expect(
      captured.ofType("aws:iam/serviceSpecificCredential:ServiceSpecificCredential"),
    ).toHaveLength(0);
    expect(captured.ofType("aws:secretsmanager/secret:Secret")).toHaveLength(0);
    expect(key.apiKey).toBeUndefined();
    const doc = JSON.parse(String(captured.one("aws:iam/policy:Policy").inputs.policy));
    expect(JSON.stringify(doc)).not.toContain("CallWithBearerToken");
    const role = captured.one("aws:iam/role:Role");
    expect(JSON.parse(String(role.inputs.assumeRolePolicy)).Statement[0].Principal).toEqual({
      AWS: ["arn:aws:iam::123456789012:role/ci-runner"],
    });
    expect(captured.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment").inputs.policyArn).toBe(
      captured.one("aws:iam/policy:Policy").state.arn,
    );
    expect(await valueOf(key.principalArns)).toEqual([
      captured.one("aws:iam/user:User").state.arn,
      role.state.arn,
    ]);
  });
});

describe("AwsTeamKey API key age", () => {
  it("expires a Bedrock API key after 90 days by default", async () => {
    new AwsTeamKey("k", {
      team: "platform",
      grants: [
        {
          arn: "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123def456",
        },
      ],
    });
    await captured.settle();
    expect(
      captured.one("aws:iam/serviceSpecificCredential:ServiceSpecificCredential").inputs
        .credentialAgeDays,
    ).toBe(90);
  });

  it("refuses a key that lives longer than 365 days, naming the argument and the range", () => {
    expect(
      () =>
        new AwsTeamKey("k", {
          team: "platform",
          grants: [
            {
              arn: "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123def456",
            },
          ],
          apiKey: { maxAgeDays: 366 },
        }),
    ).toThrow(/apiKey\.maxAgeDays: must be a whole number of days from 1 to 365/);
  });
});
