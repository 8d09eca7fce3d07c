import { beforeEach, describe, expect, it } from "vitest";
import { installMocks } from "../support/component-mocks";
import {
  awsTeam,
  azureTeam,
  CODE_REVIEW,
  OPUS_PROFILE,
  premiumAzure,
  premiumBedrock,
  VAGUE,
} from "../support/component-fixtures";

const captured = installMocks();

import {
  AwsAiTeam,
  AwsBudgetAlarm,
  AwsTeamKey,
  AzureAiTeam,
  AzureBudgetAlarm,
  AzureOpenAiGatedEndpoint,
  AzureTeamKey,
  BedrockGatedEndpoint,
  InvalidArgumentsError,
  type BedrockGatedEndpointArgs,
} from "../../components";

beforeEach(() => captured.reset());

interface Case {
  readonly name: string;
  readonly create: () => unknown;
  /** Every problem path the error must name. */
  readonly paths: readonly string[];
  /** What the message must say (what is wrong or what is allowed). */
  readonly says: RegExp;
}

const unchecked = <T>(v: unknown) => v as T;

const CASES: readonly Case[] = [
  {
    name: "a vague outcome for a premium model",
    create: () => new BedrockGatedEndpoint("e", premiumBedrock({ outcome: VAGUE })),
    paths: ["outcome.statement"],
    says: /not measurable.*premium model needs one clear, measurable sentence/s,
  },
  {
    name: "a ceiling of 0",
    create: () => new BedrockGatedEndpoint("e", premiumBedrock({ monthlyCeilingUsd: 0 })),
    paths: ["monthlyCeilingUsd"],
    says: /more than 0 US dollars/,
  },
  {
    name: "a ceiling in words",
    create: () =>
      new AzureOpenAiGatedEndpoint(
        "e",
        premiumAzure({ monthlyCeilingUsd: unchecked<number>("five thousand") }),
      ),
    paths: ["monthlyCeilingUsd"],
    says: /number of US dollars per month, in digits/,
  },
  {
    name: "a ceiling above the premium maximum",
    create: () => new BedrockGatedEndpoint("e", premiumBedrock({ monthlyCeilingUsd: 30000 })),
    paths: ["monthlyCeilingUsd"],
    says: /above the \$25,000 maximum for a premium endpoint/,
  },
  {
    name: "an OpenAI model on Bedrock",
    create: () => new BedrockGatedEndpoint("e", premiumBedrock({ model: "gpt-4o" })),
    paths: ["model"],
    says: /Bedrock cannot serve "gpt-4o"/,
  },
  {
    name: "a Claude model on Azure OpenAI",
    create: () =>
      new AzureOpenAiGatedEndpoint(
        "e",
        premiumAzure({ model: "anthropic.claude-opus-4-1-20250805-v1:0" }),
      ),
    paths: ["model"],
    says: /Azure OpenAI cannot serve/,
  },
  {
    name: "a reservation on a pay-per-token SKU",
    create: () =>
      new AzureOpenAiGatedEndpoint(
        "e",
        premiumAzure({ capacity: { sku: "GlobalStandard", units: 10, reserved: true } }),
      ),
    paths: ["capacity.reserved"],
    says: /pay-per-token; a reservation applies only to provisioned SKUs/,
  },
  {
    name: "provisioned throughput on a cross-region (pay-per-token) profile",
    create: () =>
      new BedrockGatedEndpoint("e", premiumBedrock({ capacity: { provisionedModelUnits: 1 } })),
    paths: ["capacity"],
    says: /pay-per-token only; provisioned throughput needs a foundation model/,
  },
  {
    name: "fewer PTU than the minimum",
    create: () =>
      new AzureOpenAiGatedEndpoint(
        "e",
        premiumAzure({ capacity: { sku: "ProvisionedManaged", units: 5 } }),
      ),
    paths: ["capacity.units"],
    says: /below the 15 PTU minimum/,
  },
  {
    name: "capacity that can cost more than the ceiling, with no hard stop",
    create: () =>
      new AzureOpenAiGatedEndpoint(
        "e",
        premiumAzure({ capacity: { sku: "GlobalStandard", units: 200 } }),
      ),
    paths: ["capacity.units"],
    says: /projected maximum \$87,600 per month exceeds the \$5,000 ceiling/,
  },
  {
    name: "a cost center a tag cannot hold",
    create: () => new BedrockGatedEndpoint("e", premiumBedrock({ costCenter: "CC,4410%" })),
    paths: ["costCenter"],
    says: /may contain only letters, digits, spaces and/,
  },
  {
    name: "an outcome statement a tag cannot hold",
    create: () =>
      new BedrockGatedEndpoint(
        "e",
        premiumBedrock({ outcome: { ...CODE_REVIEW, statement: `${CODE_REVIEW.statement} 🚀` } }),
      ),
    paths: ["outcome.statement"],
    says: /cannot encode "🚀".*write it out in words/,
  },
  {
    name: "a team that is not a slug",
    create: () => new BedrockGatedEndpoint("e", premiumBedrock({ team: "Platform Team" })),
    paths: ["team"],
    says: /must be a slug/,
  },
  {
    name: "a KPI outside the catalog and a review date that is not a date",
    create: () =>
      new BedrockGatedEndpoint(
        "e",
        premiumBedrock({
          outcome: { ...CODE_REVIEW, kpi: "engineering.vibes", reviewBy: "next year" },
        }),
      ),
    paths: ["outcome.kpi", "outcome.reviewBy"],
    says: /must be a KPI from the catalog: sales\.productivity-per-rep.*real date written YYYY-MM-DD/s,
  },
  {
    name: "an unknown task class",
    create: () =>
      new AzureOpenAiGatedEndpoint("e", premiumAzure({ taskClass: unchecked<"code">("chatting") })),
    paths: ["taskClass"],
    says: /must be one of: extraction, classification/,
  },
  {
    name: "Azure's hard stop on AWS",
    create: () => new BedrockGatedEndpoint("e", premiumBedrock({ hardStop: "token-quota" })),
    paths: ["hardStop"],
    says: /not a hard stop on AWS; allowed: budget-action/,
  },
  {
    name: "a reserved tag prefix",
    create: () => new BedrockGatedEndpoint("e", premiumBedrock({ tagPrefix: "aws:" })),
    paths: ["tagPrefix"],
    says: /reserved "aws:" prefix/,
  },
  {
    name: "declaring the tier instead of letting the catalog decide",
    create: () =>
      new BedrockGatedEndpoint(
        "e",
        unchecked<BedrockGatedEndpointArgs>({ ...premiumBedrock(), tier: "economy" }),
      ),
    paths: ["tier"],
    says: /not an argument here; allowed: team, outcome, model/,
  },
  {
    name: "several problems at once, malformed and ill-judged together",
    create: () =>
      new BedrockGatedEndpoint(
        "e",
        unchecked<BedrockGatedEndpointArgs>({
          ...premiumBedrock({
            outcome: VAGUE,
            monthlyCeilingUsd: 0,
            model: "anthropic.claude-opus-4-1",
          }),
          tier: "economy",
        }),
      ),
    paths: ["monthlyCeilingUsd", "tier", "outcome.statement"],
    says: /\(3 problems\)/,
  },
  {
    name: "a model id with no region to place it",
    create: () => new BedrockGatedEndpoint("e", premiumBedrock({ region: undefined })),
    paths: ["region"],
    says: /a region \(e\.g\. us-east-1\) is needed/,
  },
  {
    name: "a budget nobody hears",
    create: () =>
      new AwsBudgetAlarm("b", {
        team: "platform",
        outcome: CODE_REVIEW,
        monthlyLimitUsd: 100,
        subscribers: {},
      }),
    paths: ["subscribers"],
    says: /give at least one email, or an existing SNS topic/,
  },
  {
    name: "a budget email that is not one and a scope that is not a subscription",
    create: () =>
      new AzureBudgetAlarm("b", {
        team: "sales",
        monthlyLimitUsd: 100,
        scope: "sub-1",
        resourceGroupName: "rg",
        emails: ["finops"],
      }),
    paths: ["scope", "emails[0]"],
    says: /\/subscriptions\/<subscription id>.*email address/s,
  },
  {
    name: "a hard stop on a foundation model",
    create: () =>
      new AwsBudgetAlarm("b", {
        team: "platform",
        outcome: CODE_REVIEW,
        monthlyLimitUsd: 100,
        subscribers: { emails: ["finops@example.com"] },
        hardStop: {
          endpointArns: ["arn:aws:bedrock:us-east-1:123456789012:foundation-model/x"],
          principalArns: ["arn:aws:iam::123456789012:user/team"],
        },
      }),
    paths: ["hardStop.endpointArns[0]"],
    says: /must be an application inference profile or provisioned-model ARN/,
  },
  {
    name: "a hard stop that stops no one",
    create: () =>
      new AwsBudgetAlarm("b", {
        team: "platform",
        outcome: CODE_REVIEW,
        monthlyLimitUsd: 100,
        subscribers: { emails: ["finops@example.com"] },
        hardStop: {
          endpointArns: [
            "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123",
          ],
          principalArns: [],
        },
      }),
    paths: ["hardStop.principalArns"],
    says: /must name the team's IAM users or roles/,
  },
  {
    name: "a team key to every model",
    create: () => new AwsTeamKey("k", { team: "platform", grants: [{ arn: "*" }] }),
    paths: ["grants[0].arn"],
    says: /wildcard; grant each gated endpoint's ARN/,
  },
  {
    name: "a team key listing one deployment twice",
    create: () =>
      new AzureTeamKey("k", {
        team: "sales",
        apiManagement: { serviceName: "apim", resourceGroupName: "rg" },
        endpoints: [
          { deploymentName: "d", model: "gpt-5", monthlyCeilingUsd: 10 },
          { deploymentName: "d", model: "gpt-5", monthlyCeilingUsd: 10 },
        ],
      }),
    paths: ["endpoints[1].deploymentName"],
    says: /each deployment gets its own quota/,
  },
  {
    name: "a team whose ceilings exceed its budget and whose endpoint names no known outcome",
    create: () =>
      new AwsAiTeam(
        "t",
        awsTeam({
          monthlyBudgetUsd: 1000,
          endpoints: [
            ...awsTeam().endpoints,
            {
              name: "extra",
              outcome: "no-such-outcome",
              model: OPUS_PROFILE,
              monthlyCeilingUsd: 10,
              taskClass: "code",
            },
          ],
        }),
      ),
    paths: ["monthlyBudgetUsd", "endpoints[2].outcome"],
    says: /^(?=[\s\S]*ceilings add up to 6510 USD per month, more than its 1000 USD budget)(?=[\s\S]*not one of the team's outcomes; allowed: code-review-lead-time, triage-deflection)/,
  },
  {
    name: "a team problem reported by the team's own argument paths",
    create: () =>
      new AzureAiTeam(
        "t",
        azureTeam({
          key: false,
          outcomes: [
            { ...azureTeam().outcomes[0]!, statement: "Use AI for sales" },
            azureTeam().outcomes[1]!,
          ],
          budgetSubscribers: { emails: [] },
        }),
      ),
    paths: ["outcomes[0].statement", "endpoints[0].capacity.units", "budgetSubscribers.emails"],
    says: /not measurable.*exceeds the \$5,000 ceiling.*give at least one email/s,
  },
];

describe("malformed arguments", () => {
  it("has at least 15 cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(15);
  });

  it.each(CASES)("$name: one error naming every problem, and nothing registered", async (c) => {
    let error: unknown;
    try {
      c.create();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidArgumentsError);
    const e = error as InvalidArgumentsError;
    expect(e.problems.map((p) => p.path)).toEqual(expect.arrayContaining([...c.paths]));
    for (const path of c.paths) expect(e.message).toContain(`  - ${path}: `);
    expect(e.message).toMatch(c.says);
    expect(e.message).toMatch(
      /^invalid arguments for outcomeguard:(aws|azure):\w+ "\w+" \(\d+ problems?\):/,
    );
    await captured.settle();
    expect(captured.resources).toEqual([]);
  });

  it("valid arguments do register (the table above is not vacuous)", async () => {
    new BedrockGatedEndpoint("e", premiumBedrock());
    await captured.settle();
    expect(captured.resources.length).toBeGreaterThan(0);
  });
});
