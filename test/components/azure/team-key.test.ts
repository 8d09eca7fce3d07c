import { DEFAULT_CLOUD, invoke } from "../../../cli/program/fake-cloud";
import { beforeEach, describe, expect, it } from "vitest";
import { installMocks, valueOf } from "../../support/component-mocks";

const captured = installMocks();

import { AzureTeamKey, InvalidArgumentsError } from "../../../components";
import { classifyModel, parseLlmTokenLimits, priceOf, tokenBudget } from "../../../domain";

beforeEach(() => captured.reset());

describe("AzureTeamKey", () => {
  it("caps each deployment with a monthly token quota its ceiling pays for, behind a subscription key", async () => {
    const key = new AzureTeamKey("sales-key", {
      team: "sales",
      apiManagement: { serviceName: "apim-ai", resourceGroupName: "rg-apim" },
      endpoints: [
        { deploymentName: "sales-research-time-gpt-5", model: "gpt-5", monthlyCeilingUsd: 5000 },
        {
          deploymentName: "blog-post-time-gpt-4o-mini",
          model: "gpt-4o-mini",
          monthlyCeilingUsd: 800,
        },
      ],
      apiIds: [
        "/subscriptions/0/resourceGroups/rg-apim/providers/Microsoft.ApiManagement/service/apim-ai/apis/openai",
      ],
    });
    await captured.settle();

    const component = captured.one("outcomeguard:azure:TeamKey");
    const product = captured.one("azure-native:apimanagement:Product");
    expect(product.parentUrn).toBe(component.urn);
    expect(product.inputs).toMatchObject({
      productId: "outcomeguard-sales",
      serviceName: "apim-ai",
      resourceGroupName: "rg-apim",
      subscriptionRequired: true,
      approvalRequired: false,
      state: "published",
    });
    const policy = captured.one("azure-native:apimanagement:ProductPolicy");
    expect(policy.inputs).toMatchObject({ productId: product.state.name, format: "xml" });
    const limits = parseLlmTokenLimits(policy.inputs.value);
    for (const [deployment, model, ceiling] of [
      ["sales-research-time-gpt-5", "gpt-5", 5000],
      ["blog-post-time-gpt-4o-mini", "gpt-4o-mini", 800],
    ] as const) {
      const expected = tokenBudget(classifyModel(model), ceiling);
      const limit = limits.find((l) => l.deploymentName === deployment);
      expect(limit).toEqual({
        deploymentName: deployment,
        tokensPerMinute: expected.tokensPerMinute,
        tokenQuota: expected.monthlyTokens,
        tokenQuotaPeriod: "Monthly",
      });
      // The quota, priced at the dearest (output) rate, never exceeds the ceiling.
      expect(
        ((limit?.tokenQuota ?? Infinity) * priceOf(classifyModel(model)).outputPer1M) / 1e6,
      ).toBeLessThanOrEqual(ceiling);
    }
    expect(key.tokenLimits.map((l) => l.deploymentName)).toEqual(
      limits.map((l) => l.deploymentName),
    );

    const subscription = captured.one("azure-native:apimanagement:Subscription");
    expect(subscription.inputs).toMatchObject({
      scope: `/products/${String(product.state.name)}`,
      state: "active",
      sid: "outcomeguard-sales-key",
    });
    expect(captured.one("azure-native:apimanagement:ProductApiLink").inputs).toMatchObject({
      productId: product.state.name,
      apiId:
        "/subscriptions/0/resourceGroups/rg-apim/providers/Microsoft.ApiManagement/service/apim-ai/apis/openai",
    });
    expect(captured.calls.map((c) => c.token)).toContain(
      "azure-native:apimanagement:listSubscriptionSecrets",
    );
    expect(await valueOf(key.primaryKey)).toBe(
      invoke(DEFAULT_CLOUD, "azure-native:apimanagement:listSubscriptionSecrets", {
        sid: "outcomeguard-sales-key",
      }).outputs.primaryKey,
    );
  });

  it("reports a duplicate deployment name once per later entry, naming the first entry's path", () => {
    const entry = (deploymentName: string) => ({
      deploymentName,
      model: "gpt-5",
      monthlyCeilingUsd: 1000,
    });
    let error: unknown;
    try {
      new AzureTeamKey("sales-key", {
        team: "sales",
        apiManagement: { serviceName: "apim-ai", resourceGroupName: "rg-apim" },
        endpoints: [entry("gpt5"), entry("other"), entry("gpt5"), entry("gpt5")],
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidArgumentsError);
    const message = (i: number) => ({
      path: `endpoints[${i}].deploymentName`,
      message:
        '"gpt5" is also the deployment name of endpoints[0].deploymentName; each deployment gets its own quota, so names must differ',
    });
    expect((error as InvalidArgumentsError).problems).toEqual([message(2), message(3)]);
    expect(captured.resources).toHaveLength(0);
  });
});
