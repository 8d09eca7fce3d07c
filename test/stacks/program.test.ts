/**
 * The stack program run offline (cli/program: Pulumi mocks in a fresh process): what a stack's
 * config declares becomes the components' resources, each captured as the engine would see it.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { runStackProgram, StackProgramError, type ResourceRecord } from "../../cli/program/run";
import { loadProject, PACKAGE_ROOT, readStackConfigFile } from "../../cli/program/project";
import * as path from "node:path";
import { runawayAlarmedEndpoints, tagKeys } from "../../domain";

let aws: ResourceRecord[] = [];
const byName = (name: string, type?: string) => {
  const r = aws.find((x) => x.name === name && (type === undefined || x.type === type));
  if (!r) throw new Error(`no resource ${name}${type ? ` (${type})` : ""}`);
  return r;
};
const tagsOf = (r: ResourceRecord) => r.props.tags as Record<string, string>;

beforeAll(async () => {
  aws = await runStackProgram("aws");
}, 180_000);

describe("the aws stack under mocks", () => {
  it("registers the root stack with the engine's URN, and parents everything under it", () => {
    const stack = aws.find((r) => r.type === "pulumi:pulumi:Stack");
    expect(stack?.urn).toBe("urn:pulumi:aws::outcomeguard::pulumi:pulumi:Stack::outcomeguard-aws");
    const urns = new Set(aws.map((r) => r.urn));
    for (const r of aws) {
      if (r.type === "pulumi:pulumi:Stack" || r.type.startsWith("pulumi:providers:")) continue;
      expect(r.parent, r.urn).toBeDefined();
      expect(urns.has(r.parent!), `${r.urn} -> ${r.parent}`).toBe(true);
    }
  });

  it("one team component per team; each endpoint's resources inside its team", () => {
    const teams = aws.filter((r) => r.type === "outcomeguard:aws:Team").map((r) => r.name);
    expect(teams.sort()).toEqual(["platform-engineering", "support"]);
    const profile = byName(
      "platform-engineering-code-review-profile",
      "aws:bedrock/inferenceProfile:InferenceProfile",
    );
    // Engine URNs chain the parents' types (the root stack's left out).
    expect(profile.urn).toBe(
      "urn:pulumi:aws::outcomeguard::outcomeguard:aws:Team$outcomeguard:aws:GatedEndpoint$aws:bedrock/inferenceProfile:InferenceProfile::platform-engineering-code-review-profile",
    );
    expect(byName(profile.parent!.split("::").pop()!).type).toBe("outcomeguard:aws:GatedEndpoint");
  });

  it("the premium endpoint carries the declared outcome, ceiling and hard stop as tags", () => {
    const tags = tagsOf(byName("platform-engineering-code-review-profile"));
    expect(tags).toMatchObject({
      "ai-team": "platform-engineering",
      "ai-outcome": "code-review-lead-time",
      "ai-outcome-statement":
        "Reduce lead time for changes from five days to two days by automating first-pass code review",
      "ai-kpi": "engineering.lead-time-for-changes",
      "ai-cost-ceiling-usd": "6000",
      "ai-model-tier": "premium",
      "ai-hard-stop": "budget-action",
      "ai-cost-center": "CC-2200",
    });
    // The cross-region profile id became an ARN with the configured account.
    expect(byName("platform-engineering-code-review-profile").props.modelSource).toEqual({
      copyFrom:
        "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-opus-4-1-20250805-v1:0",
    });
  });

  it("the hard stop is a budget action on the outcome's budget, only where declared", () => {
    const actions = aws.filter((r) => r.type === "aws:budgets/budgetAction:BudgetAction");
    expect(actions.map((a) => a.name)).toEqual([
      "platform-engineering-code-review-lead-time-budget-hard-stop",
    ]);
    expect(actions[0]?.props).toMatchObject({
      actionType: "APPLY_IAM_POLICY",
      actionThreshold: { actionThresholdType: "PERCENTAGE", actionThresholdValue: 100 },
    });
  });

  it("mock outputs flow into inputs: the team key may invoke exactly its own profile's ARN", () => {
    const profile = byName("support-support-triage-profile");
    const arn = profile.outputs?.arn;
    expect(arn).toMatch(
      /^arn:aws:bedrock:us-east-1:123456789012:application-inference-profile\/[a-z0-9]{12}$/,
    );
    const policy = JSON.parse(
      byName("support-key-invoke", "aws:iam/policy:Policy").props.policy as string,
    ) as { Statement: { Resource: string[] }[] };
    expect(policy.Statement[0]?.Resource).toEqual([arn]);
    expect(JSON.stringify(policy)).not.toContain("platform-engineering");
  });

  it("each custom resource names the default provider the engine would create, with the stack's region", () => {
    const provider = aws.find((r) => r.type === "pulumi:providers:aws");
    expect(provider?.name).toMatch(/^default_\d+_\d+_\d+$/);
    expect(provider?.props).toMatchObject({ region: "us-east-1" });
    for (const r of aws.filter((x) => x.custom && !x.type.startsWith("pulumi:providers:"))) {
      expect(r.provider).toBe(`${provider?.urn}::${provider?.id}`);
    }
  });

  it("the account, not a team, activates the cost-allocation tags, once", () => {
    const tags = aws.filter(
      (r) => r.type === "aws:costexplorer/costAllocationTag:CostAllocationTag",
    );
    expect(tags).toHaveLength(8);
    const account = aws.filter((r) => r.type === "outcomeguard:aws:Account");
    expect(account.map((a) => a.name)).toEqual(["aws-account"]);
    expect(tags.every((t) => t.parent === account[0]?.urn)).toBe(true);
  });

  it("a runaway alarm watches each on-demand endpoint, at the stack's 7 days", () => {
    const alarms = aws.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm");
    expect(alarms.map((a) => a.name).sort()).toEqual([
      "platform-engineering-code-review-runaway-alarm",
      "support-support-triage-runaway-alarm",
    ]);
    // Opus 4.1 at the 6,000 USD ceiling: 6000 / 2016 five-minute periods in 7 days.
    expect(byName("platform-engineering-code-review-runaway-alarm").props.threshold).toBe(2.97619);
    // The stack rule's view: both profiles are watched.
    expect([...runawayAlarmedEndpoints(aws, tagKeys())].sort()).toEqual(
      aws
        .filter((r) => r.type === "aws:bedrock/inferenceProfile:InferenceProfile")
        .map((r) => r.urn)
        .sort(),
    );
  });

  it("secrets reach the records unwrapped, as the engine sends them to a policy pack", () => {
    const version = byName("support-key-api-key", "aws:secretsmanager/secretVersion:SecretVersion");
    expect(typeof version.props.secretString).toBe("string");
    expect(version.props.secretString).not.toBe("");
  });
});

describe("config the components reject", () => {
  it("fails as a config error named by the stack config path", async () => {
    const project = loadProject(PACKAGE_ROOT);
    const flat = readStackConfigFile(
      path.join(project.stackConfigDir, "Pulumi.aws.yaml"),
      project.name,
    ).config;
    const outcomes = JSON.parse(flat["outcomeguard:outcomes"]!) as Record<
      string,
      { statement: string }
    >;
    outcomes["code-review-lead-time"]!.statement = "Use AI to make better code reviews";
    const error = await runStackProgram("aws", {
      config: { "outcomeguard:outcomes": JSON.stringify(outcomes) },
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StackProgramError);
    expect((error as StackProgramError).kind).toBe("config");
    expect((error as Error).message).toMatch(
      /outcomeguard:outcomes\.code-review-lead-time\.statement: not measurable/,
    );
  }, 120_000);
});

describe("runaway alarms off", () => {
  it("outcomeguard:runaway.enabled false builds no runaway alarm", async () => {
    const records = await runStackProgram("aws", {
      config: { "outcomeguard:runaway": JSON.stringify({ enabled: false }) },
    });
    expect(records.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm")).toEqual([]);
    expect(records.some((r) => r.type === "aws:budgets/budget:Budget")).toBe(true);
    expect(runawayAlarmedEndpoints(records, tagKeys()).size).toBe(0);
  }, 120_000);
});
