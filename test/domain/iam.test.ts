import { describe, expect, it } from "vitest";
import {
  bedrockGrantProblems,
  budgetActionExecutionPolicy,
  denyInvokePolicy,
  endpointArnProblem,
  LeastPrivilegeError,
  teamInvokePolicy,
} from "../../domain";

const PROFILE_A =
  "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123def456";
const PROFILE_B =
  "arn:aws:bedrock:us-west-2:123456789012:application-inference-profile/0f0f0f0f0f0f";
const PT = "arn:aws:bedrock:us-east-1:123456789012:provisioned-model/9a8b7c6d5e4f";
const FM = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0";
const FM_ANY_REGION = "arn:aws:bedrock:*::foundation-model/anthropic.claude-opus-4-1-20250805-v1:0";

function resources(doc: { Statement: readonly { Resource: string | readonly string[] }[] }) {
  return doc.Statement.flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]));
}

describe("teamInvokePolicy", () => {
  it("allows invoking exactly the granted endpoints and nothing else", () => {
    const doc = teamInvokePolicy([{ arn: PROFILE_A }, { arn: PT }]);
    expect(doc.Statement).toHaveLength(1);
    expect(resources(doc).sort()).toEqual([PROFILE_A, PT].sort());
    expect(bedrockGrantProblems(doc)).toEqual([]);
  });

  it("grants foundation models only through the team's profiles", () => {
    const doc = teamInvokePolicy([
      { arn: PROFILE_A, foundationModelArns: [FM] },
      { arn: PROFILE_B, foundationModelArns: [FM_ANY_REGION] },
    ]);
    const routed = doc.Statement.find((s) => s.Sid === "FoundationModelsOnlyThroughGatedEndpoints");
    expect(routed?.Condition).toEqual({
      StringEquals: { "bedrock:InferenceProfileArn": [PROFILE_A, PROFILE_B].sort() },
    });
    expect(bedrockGrantProblems(doc)).toEqual([]);
  });

  it("adds bearer-token use only when the identity holds an API key", () => {
    const without = teamInvokePolicy([{ arn: PROFILE_A }]);
    const withKey = teamInvokePolicy([{ arn: PROFILE_A }], { allowApiKey: true });
    const actions = (d: typeof without) => d.Statement.flatMap((s) => [s.Action].flat());
    expect(actions(without)).not.toContain("bedrock:CallWithBearerToken");
    expect(actions(withKey)).toContain("bedrock:CallWithBearerToken");
    expect(bedrockGrantProblems(withKey)).toEqual([]);
  });

  it.each([
    ["*", /wildcard/],
    ["arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/*", /wildcard/],
    [FM, /bypasses the gate/],
    [
      "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-opus-4-1-20250805-v1:0",
      /bypasses the gate/,
    ],
    ["arn:aws:s3:::bucket", /not an application inference profile/],
  ])("refuses to grant %s", (arn, message) => {
    expect(endpointArnProblem(arn)).toMatch(message);
    expect(() => teamInvokePolicy([{ arn }])).toThrow(LeastPrivilegeError);
  });

  it("refuses an empty grant list", () => {
    expect(() => teamInvokePolicy([])).toThrow(/at least one gated endpoint/);
  });
});

describe("hard-stop documents", () => {
  it("deny the endpoints and let Budgets attach only that policy to only those principals", () => {
    const deny = denyInvokePolicy([PROFILE_A]);
    expect(deny.Statement[0]?.Effect).toBe("Deny");
    expect(resources(deny)).toEqual([PROFILE_A]);
    const user = "arn:aws:iam::123456789012:user/outcomeguard/platform";
    const exec = budgetActionExecutionPolicy("arn:aws:iam::123456789012:policy/deny", [user]);
    expect(resources(exec)).toEqual([user]);
    expect(exec.Statement[0]?.Condition).toEqual({
      ArnEquals: { "iam:PolicyARN": "arn:aws:iam::123456789012:policy/deny" },
    });
  });
});

describe("bedrockGrantProblems", () => {
  const allow = (Action: unknown, Resource: unknown, extra: Record<string, unknown> = {}) => ({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action, Resource, ...extra }],
  });

  it.each([
    ["bedrock:InvokeModel on *", allow("bedrock:InvokeModel", "*")],
    ["bedrock:* on *", allow("bedrock:*", "*")],
    ["* on *", allow("*", "*")],
    [
      "InvokeModel* on every profile",
      allow(
        "bedrock:InvokeModel*",
        "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/*",
      ),
    ],
    ["a foundation model directly", allow(["bedrock:InvokeModel"], [FM])],
    ["Converse on a foundation model", allow("bedrock:Converse", FM)],
    [
      "NotResource with invoke",
      { Statement: { Effect: "Allow", Action: "bedrock:InvokeModel", NotResource: PROFILE_A } },
    ],
  ])("flags %s", (_label, doc) => {
    expect(bedrockGrantProblems(doc).length).toBeGreaterThan(0);
    expect(bedrockGrantProblems(JSON.stringify(doc)).length).toBeGreaterThan(0);
  });

  it.each([
    ["a profile", allow("bedrock:InvokeModel", PROFILE_A)],
    ["a denial on *", { Statement: [{ Effect: "Deny", Action: "bedrock:*", Resource: "*" }] }],
    ["another service on *", allow("s3:GetObject", "*")],
    [
      "a conditioned foundation model",
      allow("bedrock:InvokeModel", FM, {
        Condition: { StringEquals: { "bedrock:InferenceProfileArn": PROFILE_A } },
      }),
    ],
    ["non-JSON-object garbage", 42],
    ["a statement that is null", { Statement: [null] }],
  ])("passes %s", (_label, doc) => {
    expect(bedrockGrantProblems(doc)).toEqual([]);
  });

  it("reports text that is not JSON", () => {
    expect(bedrockGrantProblems("{not json")).toEqual(["the policy document is not valid JSON"]);
  });
});
