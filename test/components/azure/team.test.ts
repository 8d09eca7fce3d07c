import { beforeEach, describe, expect, it } from "vitest";
import { installMocks } from "../../support/component-mocks";
import { azureTeam } from "../../support/component-fixtures";

const captured = installMocks();

import { AzureAiTeam, InvalidArgumentsError, planAzureTeam } from "../../../components";
import { classifyModel, parseLlmTokenLimits, tokenBudget } from "../../../domain";

const DEPLOYMENT = "azure-native:cognitiveservices:Deployment";

beforeEach(() => captured.reset());

const tagsOf = (r: { inputs: Record<string, unknown> }) => r.inputs.tags as Record<string, string>;

/** The team's argument problems (fails the test if the arguments are accepted). */
function problemsOf(args: unknown): { path: string; message: string }[] {
  try {
    planAzureTeam("sales", args);
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidArgumentsError);
    return [...(e as InvalidArgumentsError).problems];
  }
  throw new Error("expected the arguments to be rejected");
}

/** The fixture team with a second GPT-5 endpoint for the research outcome (ceiling 1,000 USD). */
function twoGpt5(second: Record<string, unknown> = {}) {
  const args = azureTeam();
  args.endpoints.push({
    ...args.endpoints[0]!,
    name: "outreach",
    monthlyCeilingUsd: 1000,
    capacity: { sku: "GlobalStandard", units: 10 },
    ...second,
  });
  return args;
}

describe("AzureAiTeam", () => {
  it("builds endpoints, budgets and a key whose quotas are the endpoints' declared hard stop", async () => {
    const team = new AzureAiTeam("sales", azureTeam());
    await captured.settle();
    const teamUrn = captured.one("outcomeguard:azure:Team").urn;
    const children = captured.resources
      .filter((r) => r.parentUrn === teamUrn)
      .map((r) => `${r.type} ${r.name}`);
    expect(children.sort()).toEqual(
      [
        "outcomeguard:azure:GatedEndpoint sales-research",
        "outcomeguard:azure:GatedEndpoint sales-drafts",
        "outcomeguard:azure:TeamKey sales-key",
        "outcomeguard:azure:BudgetAlarm sales-sales-research-time-budget",
        "outcomeguard:azure:BudgetAlarm sales-blog-post-time-budget",
        "outcomeguard:azure:BudgetAlarm sales-team-budget",
      ].sort(),
    );
    const deployments = captured.ofType(DEPLOYMENT);
    for (const d of deployments) expect(tagsOf(d)["ai-hard-stop"]).toBe("token-quota");
    // GPT-5 at 50,000 TPM could cost 21,900 USD a month; the quota holds it to the 5,000 ceiling.
    expect(team.endpoints.research?.projection.maximum?.usd).toBe(21900);
    const limits = parseLlmTokenLimits(
      captured.one("azure-native:apimanagement:ProductPolicy").inputs.value,
    );
    expect(limits.find((l) => l.deploymentName === "sales-research-time-gpt-5")?.tokenQuota).toBe(
      tokenBudget(classifyModel("gpt-5"), 5000).monthlyTokens,
    );
    expect(limits.map((l) => l.deploymentName).sort()).toEqual(
      deployments.map((d) => String(d.inputs.deploymentName)).sort(),
    );

    const budgets = captured.ofType("azure-native:consumption:Budget").map((b) => ({
      tag: (b.inputs.filter as { tags: { name: string; values: string[] } }).tags,
      amount: b.inputs.amount,
    }));
    expect(budgets).toEqual(
      expect.arrayContaining([
        {
          tag: { name: "ai-outcome", operator: "In", values: ["sales-research-time"] },
          amount: 5000,
        },
        { tag: { name: "ai-outcome", operator: "In", values: ["blog-post-time"] }, amount: 800 },
        { tag: { name: "ai-team", operator: "In", values: ["sales"] }, amount: 9000 },
      ]),
    );
    expect(budgets).toHaveLength(3);
    for (const account of captured.ofType("azure-native:cognitiveservices:Account")) {
      expect((account.inputs.properties as { disableLocalAuth: boolean }).disableLocalAuth).toBe(
        true,
      );
    }
  });

  it("without a key, declares no hard stop and creates no API Management resources", async () => {
    const args = azureTeam({ key: false });
    args.endpoints[0] = { ...args.endpoints[0]!, capacity: { sku: "GlobalStandard", units: 10 } };
    new AzureAiTeam("sales", args);
    await captured.settle();
    for (const d of captured.ofType(DEPLOYMENT)) expect(tagsOf(d)["ai-hard-stop"]).toBeUndefined();
    expect(
      captured.resources.filter((r) => r.type.startsWith("azure-native:apimanagement:")),
    ).toHaveLength(0);
  });

  it("gives two endpoints of one outcome on one model their own deployment, each with its own quota", async () => {
    const team = new AzureAiTeam("sales", twoGpt5());
    await captured.settle();
    // The first keeps the default <outcome>-<model>; the second is told apart by its endpoint name.
    expect(team.endpoints.research?.deploymentName).toBe("sales-research-time-gpt-5");
    expect(team.endpoints.outreach?.deploymentName).toBe("sales-research-time-gpt-5-outreach");
    const deployments = captured.ofType(DEPLOYMENT).map((d) => String(d.inputs.deploymentName));
    expect(deployments.sort()).toEqual(
      [
        "blog-post-time-gpt-4o-mini",
        "sales-research-time-gpt-5",
        "sales-research-time-gpt-5-outreach",
      ].sort(),
    );
    // The token-limit policy targets each deployment by the name it was created with.
    const limits = parseLlmTokenLimits(
      captured.one("azure-native:apimanagement:ProductPolicy").inputs.value,
    );
    expect(limits.map((l) => l.deploymentName).sort()).toEqual(deployments.sort());
    expect(
      limits.find((l) => l.deploymentName === "sales-research-time-gpt-5-outreach")?.tokenQuota,
    ).toBe(tokenBudget(classifyModel("gpt-5"), 1000).monthlyTokens);
    expect(limits.find((l) => l.deploymentName === "sales-research-time-gpt-5")?.tokenQuota).toBe(
      tokenBudget(classifyModel("gpt-5"), 5000).monthlyTokens,
    );
  });

  it("keeps a given deployment name; a default it takes is told apart by the endpoint's name", () => {
    const plan = planAzureTeam("sales", twoGpt5({ deploymentName: "sales-research-time-gpt-5" }));
    expect(plan.endpoints.map((e) => [e.name, e.args.deploymentName])).toEqual([
      ["research", "sales-research-time-gpt-5-research"],
      ["drafts", undefined],
      ["outreach", "sales-research-time-gpt-5"],
    ]);
    expect(plan.key?.endpoints.map((e) => e.deploymentName)).toEqual([
      "sales-research-time-gpt-5-research",
      "blog-post-time-gpt-4o-mini",
      "sales-research-time-gpt-5",
    ]);
  });

  it("reports a duplicate given deployment name once, by its own path, naming the other endpoint", () => {
    const args = twoGpt5({ deploymentName: "gpt5" });
    args.endpoints[0] = { ...args.endpoints[0]!, deploymentName: "gpt5" };
    expect(problemsOf(args)).toEqual([
      {
        path: "endpoints[2].deploymentName",
        message:
          '"gpt5" is already the deployment name of endpoint "research" (endpoints[0].deploymentName); the team key gives each deployment its own token quota, so names must differ (leave deploymentName out for a unique default)',
      },
    ]);
  });

  it("without a key, allows the same given deployment name in two accounts", () => {
    // Without the quota as a hard stop, each capacity must fit its ceiling.
    const args = twoGpt5({ deploymentName: "gpt5", capacity: { sku: "GlobalStandard", units: 2 } });
    args.endpoints[0] = {
      ...args.endpoints[0]!,
      deploymentName: "gpt5",
      capacity: { sku: "GlobalStandard", units: 10 },
    };
    const plan = planAzureTeam("sales", { ...args, key: false });
    expect(plan.endpoints.map((e) => e.args.deploymentName)).toEqual(["gpt5", undefined, "gpt5"]);
  });
});

describe("AzureAiTeam metering", () => {
  const SCOPE =
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ai-platform/providers/Microsoft.Insights/components/appi-ai-gateway";
  const ALERT = "azure-native:monitor:MetricAlert";

  it("alerts per outcome at the tokens per 15 minutes that would spend its budget in 7 days", async () => {
    new AzureAiTeam("sales", azureTeam({ metering: { metricsScope: SCOPE } }));
    await captured.settle();
    const alerts = captured.ofType(ALERT);
    expect(alerts).toHaveLength(2);
    type Criterion = {
      metricName: string;
      metricNamespace: string;
      threshold: number;
      timeAggregation: string;
      dimensions: { name: string; operator: string; values: string[] }[];
    };
    const criterion = (outcome: string) =>
      (
        alerts.find((a) => tagsOf(a)["ai-outcome"] === outcome)?.inputs.criteria as {
          allOf: Criterion[];
        }
      ).allOf[0]!;
    // GPT-5, 5,000 USD at 10 USD per 1M output = 500M tokens; 7 days = 672 windows: 744,047.6.
    expect(criterion("sales-research-time").threshold).toBe(744047);
    // GPT-4o mini, 800 USD at 0.60 USD per 1M = 1,333,333,333 tokens / 672 = 1,984,126.98.
    expect(criterion("blog-post-time").threshold).toBe(1984126);
    expect(criterion("sales-research-time")).toMatchObject({
      metricNamespace: "outcomeguard",
      metricName: "Total Tokens",
      timeAggregation: "Total",
      dimensions: [{ name: "outcome", operator: "Include", values: ["sales-research-time"] }],
    });
    const research = alerts.find((a) => tagsOf(a)["ai-outcome"] === "sales-research-time")!;
    expect(research.inputs).toMatchObject({
      scopes: [SCOPE],
      windowSize: "PT15M",
      evaluationFrequency: "PT5M",
    });
    // To the outcome budget's contacts: its action group.
    const group = captured
      .ofType("azure-native:monitor:ActionGroup")
      .find((g) => g.name === "sales-sales-research-time-budget-actions");
    expect(research.inputs.actions).toEqual([{ actionGroupId: group?.id }]);
    expect(research.parentUrn).toBe(
      captured.resources.find((r) => r.name === "sales-sales-research-time-budget")?.urn,
    );
  });

  it("has the gateway emit token metrics with team, outcome, key and deployment as dimensions", async () => {
    new AzureAiTeam("sales", azureTeam({ metering: { metricsScope: SCOPE } }));
    await captured.settle();
    const xml = String(captured.one("azure-native:apimanagement:ProductPolicy").inputs.value);
    const emits = xml.match(/<llm-emit-token-metric[\s\S]*?<\/llm-emit-token-metric>/g) ?? [];
    expect(emits).toHaveLength(2);
    for (const dim of ["team", "outcome", "key", "deployment"]) {
      expect(emits[0]).toContain(`<dimension name="${dim}"`);
    }
    expect(xml).toContain('<dimension name="outcome" value="blog-post-time" />');
  });

  it("refuses metering without the team key, by path", () => {
    expect(problemsOf(azureTeam({ key: false, metering: { metricsScope: SCOPE } }))).toEqual(
      expect.arrayContaining([
        { path: "metering", message: expect.stringMatching(/needs the team key/) },
      ]),
    );
  });

  it("refuses a metrics scope that is not an Application Insights id, before anything is created", () => {
    expect(
      problemsOf(azureTeam({ metering: { metricsScope: "/subscriptions/x/resourceGroups/y" } })),
    ).toEqual([
      {
        path: "metering.metricsScope",
        message: expect.stringMatching(/Application Insights resource id/),
      },
    ]);
    expect(captured.resources).toHaveLength(0);
  });
});
