import { beforeEach, describe, expect, it } from "vitest";
import { installMocks } from "../mocks";
import { azureTeam } from "../fixtures";

const captured = installMocks();

import { AzureAiTeam } from "../../../components";
import { classifyModel, parseLlmTokenLimits, tokenBudget } from "../../../domain";

const DEPLOYMENT = "azure-native:cognitiveservices:Deployment";

beforeEach(() => captured.reset());

const tagsOf = (r: { inputs: Record<string, unknown> }) => r.inputs.tags as Record<string, string>;

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
});
