import { describe, expect, it } from "vitest";
import { BEDROCK_API_KEY_AGE_DAYS } from "../../../domain/api-keys";
import { AWS_TEAM_KEY_COMPONENT } from "../../../domain/endpoints";
import { GUARD_TYPES } from "../../../domain/registry/tokens";
import { BEDROCK_API_KEY_SERVICE } from "../../../domain/iam";
import packRule from "../../../policies/rules/bedrock-invoke-least-privilege";
import { at, runResourcePolicy, UNKNOWN } from "../../support/policy-harness";

const { policy } = packRule;

const PROFILE = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123def456";
const MODEL = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-opus-4-1-20250805-v1:0";
const INVOKE = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"];

const doc = (...Statement: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const policyResource = (policy: unknown, type = "aws:iam/policy:Policy") => ({
  type,
  name: "team-invoke",
  props: { policy },
});

describe("bedrock-invoke-least-privilege", () => {
  it("passes a grant on application inference profiles, and a foundation model only through them", async () => {
    const good = doc(
      { Effect: "Allow", Action: INVOKE, Resource: [PROFILE] },
      {
        Effect: "Allow",
        Action: INVOKE,
        Resource: [MODEL],
        Condition: { StringEquals: { "bedrock:InferenceProfileArn": [PROFILE] } },
      },
      { Effect: "Allow", Action: "s3:GetObject", Resource: "*" },
    );
    expect(await runResourcePolicy(policy, policyResource(good))).toEqual([]);
    expect(
      await runResourcePolicy(
        policy,
        policyResource(JSON.parse(good), "aws:iam/rolePolicy:RolePolicy"),
      ),
    ).toEqual([]);
  });

  it.each([
    ["Resource *", { Effect: "Allow", Action: "bedrock:InvokeModel", Resource: "*" }, "any model"],
    ["bedrock:* on *", { Effect: "Allow", Action: "bedrock:*", Resource: "*" }, "any model"],
    [
      "a foundation model directly",
      { Effect: "Allow", Action: INVOKE, Resource: MODEL },
      "directly, around the gate",
    ],
    [
      "a wildcard ARN",
      {
        Effect: "Allow",
        Action: "bedrock:Invoke*",
        Resource: "arn:aws:bedrock:*::foundation-model/*",
      },
      "wildcard",
    ],
    [
      "NotResource",
      { Effect: "Allow", Action: "bedrock:InvokeModel", NotResource: PROFILE },
      "NotAction/NotResource",
    ],
  ])("flags %s", async (_what, statement, message) => {
    const d = await runResourcePolicy(policy, policyResource(doc(statement)));
    expect(d).toHaveLength(1);
    expect(d[0]!.enforcementLevel).toBe("mandatory");
    expect(d[0]!.message).toContain(message);
  });

  it("checks a role's inline policies and managed policy attachments", async () => {
    const role = {
      type: "aws:iam/role:Role",
      name: "team-role",
      props: {
        inlinePolicies: [
          {
            name: "invoke",
            policy: doc({ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: "*" }),
          },
        ],
        managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonBedrockFullAccess"],
      },
    };
    const d = await runResourcePolicy(policy, role);
    expect(d[0]!.message).toContain('inline policy "invoke"');
    expect(d[0]!.message).toContain("AmazonBedrockFullAccess");
    const attachment = {
      type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
      props: { role: "r", policyArn: "arn:aws:iam::aws:policy/AmazonBedrockFullAccess" },
    };
    expect(await runResourcePolicy(policy, attachment)).toHaveLength(1);
  });

  it("never throws on malformed documents", async () => {
    expect((await runResourcePolicy(policy, policyResource("{not json")))[0]!.message).toContain(
      "not valid JSON",
    );
    for (const bad of [
      null,
      5,
      [],
      { Statement: "x" },
      { Statement: [null, 3, { Effect: "Allow" }] },
    ]) {
      expect(await runResourcePolicy(policy, policyResource(bad))).toEqual([]);
    }
    expect(
      await runResourcePolicy(policy, {
        type: "aws:iam/role:Role",
        props: { inlinePolicies: "x", managedPolicyArns: 3 },
      }),
    ).toEqual([]);
  });

  it("defers a document computed at update (the usual case: it names ARNs created in the same update)", async () => {
    const d = await runResourcePolicy(policy, policyResource(UNKNOWN));
    expect(at("mandatory", d)).toEqual([]);
    expect(d[0]!.message).toContain("the policy document is not known until the update");
    const partly = await runResourcePolicy(
      policy,
      policyResource({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: INVOKE, Resource: [MODEL], Condition: UNKNOWN }],
      }),
    );
    expect(at("mandatory", partly)).toEqual([]);
  });
});

describe("bedrock-invoke-least-privilege: Bedrock API keys", () => {
  const bearer = doc({ Effect: "Allow", Action: "bedrock:CallWithBearerToken", Resource: "*" });

  it("allows bedrock:CallWithBearerToken in a team key's policy", async () => {
    const inKey = { ...policyResource(bearer), parentType: AWS_TEAM_KEY_COMPONENT };
    expect(await runResourcePolicy(policy, inKey)).toEqual([]);
  });

  it("flags bedrock:CallWithBearerToken granted anywhere else, wildcards included", async () => {
    const d = await runResourcePolicy(policy, policyResource(bearer));
    expect(at("mandatory", d)).toHaveLength(1);
    expect(d[0]!.message).toContain("bedrock:CallWithBearerToken outside an OutcomeGuard team key");
    const wildcard = doc({ Effect: "Allow", Action: "bedrock:Call*", Resource: "*" });
    expect(await runResourcePolicy(policy, policyResource(wildcard))).toHaveLength(1);
  });

  const credential = (props: Record<string, unknown>) => ({
    type: GUARD_TYPES.iamServiceSpecificCredential,
    name: "team-api-key",
    props: { serviceName: BEDROCK_API_KEY_SERVICE, userName: "team", ...props },
  });

  it("passes a Bedrock API key that expires within the cap", async () => {
    const days = BEDROCK_API_KEY_AGE_DAYS.default;
    expect(await runResourcePolicy(policy, credential({ credentialAgeDays: days }))).toEqual([]);
  });

  it("flags a Bedrock API key with no age cap, or one above it", async () => {
    const none = await runResourcePolicy(policy, credential({}));
    expect(none[0]!.message).toContain(
      "credentialAgeDays is not set, so the Bedrock API key never expires",
    );
    const long = await runResourcePolicy(
      policy,
      credential({ credentialAgeDays: BEDROCK_API_KEY_AGE_DAYS.max + 1 }),
    );
    expect(at("mandatory", long)).toHaveLength(1);
  });

  it("leaves credentials for other services alone, and an unknown age undecided", async () => {
    const codecommit = credential({ serviceName: "codecommit.amazonaws.com" });
    expect(await runResourcePolicy(policy, codecommit)).toEqual([]);
    const d = await runResourcePolicy(policy, credential({ credentialAgeDays: UNKNOWN }));
    expect(at("mandatory", d)).toEqual([]);
    expect(d[0]!.message).toContain("undecided at preview");
  });
});
