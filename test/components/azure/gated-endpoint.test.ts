import * as pulumi from "@pulumi/pulumi";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { installMocks, valueOf } from "../../support/component-mocks";
import { CONTENT_VELOCITY, premiumAzure, SALES_RESEARCH } from "../../support/component-fixtures";

const captured = installMocks();

import { AzureOpenAiGatedEndpoint } from "../../../components";

const ACCOUNT = "azure-native:cognitiveservices:Account";
const DEPLOYMENT = "azure-native:cognitiveservices:Deployment";

beforeEach(() => captured.reset());

describe("AzureOpenAiGatedEndpoint", () => {
  it("creates an OpenAI account with local auth disabled and a deployment, both tagged", async () => {
    const e = new AzureOpenAiGatedEndpoint("sales-research", premiumAzure());
    await captured.settle();

    expect(captured.resources.map((r) => r.type)).toEqual([
      "outcomeguard:azure:GatedEndpoint",
      ACCOUNT,
      DEPLOYMENT,
    ]);
    const component = captured.one("outcomeguard:azure:GatedEndpoint");
    const account = captured.one(ACCOUNT);
    const deployment = captured.one(DEPLOYMENT);
    for (const r of [account, deployment]) {
      expect(r.parentUrn).toBe(component.urn);
      expect(r.inputs.tags).toEqual({
        "ai-team": "sales",
        "ai-outcome": "sales-research-time",
        "ai-outcome-statement": SALES_RESEARCH.statement,
        "ai-kpi": "sales.productivity-per-rep",
        "ai-review-by": "2027-02-28",
        "ai-cost-ceiling-usd": "5000",
        "ai-model-tier": "premium",
        "ai-cost-center": "CC-2100",
        "ai-task-class": "research",
      });
    }
    expect(account.inputs).toMatchObject({
      kind: "OpenAI",
      accountName: "sales-research",
      resourceGroupName: "rg-ai-sales",
      location: "eastus2",
      properties: { disableLocalAuth: true, customSubDomainName: "sales-research" },
    });
    expect(deployment.inputs).toMatchObject({
      accountName: "sales-research",
      deploymentName: "sales-research-time-gpt-5",
      properties: { model: { format: "OpenAI", name: "gpt-5", version: "2025-08-07" } },
      sku: { name: "GlobalStandard", capacity: 10 },
    });
    expect(await valueOf(e.accountId)).toBe(account.id);
    expect(e.deploymentName).toBe("sales-research-time-gpt-5");
    // 10 x 1,000 TPM x 43,800 min x 10 USD per 1M output tokens = 4,380 USD.
    expect(e.projection.maximum?.usd).toBe(4380);
  });

  it("classifies with the catalog: GPT-4o mini is economy", async () => {
    const e = new AzureOpenAiGatedEndpoint(
      "drafts",
      premiumAzure({
        model: "gpt-4o-mini",
        outcome: CONTENT_VELOCITY,
        monthlyCeilingUsd: 800,
        taskClass: "generation",
        capacity: { sku: "Standard", units: 20 },
      }),
    );
    await captured.settle();
    expect(e.tier).toBe("economy");
    expect((captured.one(DEPLOYMENT).inputs.tags as Record<string, string>)["ai-model-tier"]).toBe(
      "economy",
    );
    // Regional Standard costs 10% more: 20,000 TPM x 43,800 x 0.60 / 1M x 1.1.
    expect(e.projection.maximum?.usd).toBeCloseTo(578.16, 2);
  });

  it("uses provisioned throughput units for provisioned SKUs", async () => {
    const e = new AzureOpenAiGatedEndpoint(
      "ptu",
      premiumAzure({
        capacity: { sku: "GlobalProvisionedManaged", units: 15, reserved: true },
        monthlyCeilingUsd: 4000,
        deploymentName: "research-ptu",
        accountName: "acme-sales-ptu",
      }),
    );
    await captured.settle();
    expect(captured.one(DEPLOYMENT).inputs.sku).toEqual({
      name: "GlobalProvisionedManaged",
      capacity: 15,
    });
    expect(captured.one(ACCOUNT).inputs.accountName).toBe("acme-sales-ptu");
    expect(e.projection.maximum?.usd).toBe(15 * 260);
  });

  it("allows capacity above the ceiling only with the token-quota hard stop, and says so in a tag", async () => {
    const e = new AzureOpenAiGatedEndpoint(
      "big",
      premiumAzure({ capacity: { sku: "GlobalStandard", units: 50 }, hardStop: "token-quota" }),
    );
    await captured.settle();
    expect(e.projection.maximum?.usd).toBeGreaterThan(5000);
    expect((captured.one(DEPLOYMENT).inputs.tags as Record<string, string>)["ai-hard-stop"]).toBe(
      "token-quota",
    );
    expect((captured.one(ACCOUNT).inputs.tags as Record<string, string>)["ai-hard-stop"]).toBe(
      "token-quota",
    );
  });
});

describe("AzureOpenAiGatedEndpoint advisories", () => {
  afterEach(() => vi.restoreAllMocks());

  it("warns on a premium pay-per-token deployment with neither a hard stop nor a runaway alert, not on one with either", async () => {
    const warn = vi.spyOn(pulumi.log, "warn").mockResolvedValue(undefined);
    new AzureOpenAiGatedEndpoint("bare", premiumAzure());
    new AzureOpenAiGatedEndpoint(
      "alerted",
      premiumAzure({ runawayAlarm: true, accountName: "alerted" }),
    );
    new AzureOpenAiGatedEndpoint(
      "stopped",
      premiumAzure({ hardStop: "token-quota", accountName: "stopped" }),
    );
    await captured.settle();
    const warnings = warn.mock.calls.map((c) => String(c[0]));
    expect(warnings).toEqual([expect.stringMatching(/neither a hard stop nor a runaway alarm/)]);
  });
});
