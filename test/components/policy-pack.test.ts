/**
 * What the components create passes the policy pack: run every policy of the pack over the
 * resources the mocks captured, as the engine would send them (Analyze per resource with its URN
 * and parent, then AnalyzeStack), and look at the mandatory diagnostics.
 */
import { InferenceProfile } from "@pulumi/aws/bedrock";
import { beforeEach, describe, expect, it } from "vitest";
import { installMocks, type CapturedResource } from "../support/component-mocks";
import {
  awsTeam,
  azureTeam,
  CODE_REVIEW,
  premiumAzure,
  premiumBedrock,
  SALES_RESEARCH,
} from "../support/component-fixtures";

const captured = installMocks();

import {
  AwsBudgetAlarm,
  AzureBudgetAlarm,
  AzureOpenAiGatedEndpoint,
  AzureAiTeam,
  AwsAiTeam,
  BedrockGatedEndpoint,
} from "../../components";
import { ALL_POLICIES } from "../../policies/registry";
import { at, runResourcePolicy, runStackPolicy, type Violation } from "../support/policy-harness";

/**
 * Run every policy of the pack over the captured resources with the pack's test harness: Analyze
 * per resource (its inputs, URN and parent URN), then AnalyzeStack (every resource's outputs).
 */
async function runPack(resources: readonly CapturedResource[]): Promise<Violation[]> {
  const out: Violation[] = [];
  for (const policy of ALL_POLICIES) {
    if ("validateResource" in policy) {
      for (const r of resources) {
        out.push(
          ...(await runResourcePolicy(policy, {
            type: r.type,
            name: r.name,
            urn: r.urn,
            props: r.inputs,
            ...(r.parentUrn ? { parent: r.parentUrn } : {}),
          })),
        );
      }
    }
    if ("validateStack" in policy) {
      out.push(
        ...(await runStackPolicy(
          policy,
          resources.map((r) => ({
            type: r.type,
            name: r.name,
            urn: r.urn,
            props: r.custom ? r.state : {},
            ...(r.parentUrn ? { parent: r.parentUrn } : {}),
          })),
        )),
      );
    }
  }
  return out;
}

const mandatory = (ds: readonly Violation[]) => at("mandatory", ds);

beforeEach(() => captured.reset());

describe("what the components create passes the policy pack", () => {
  it("a compliant premium Bedrock endpoint with its budget alarm: no mandatory violation", async () => {
    new BedrockGatedEndpoint("review", premiumBedrock());
    new AwsBudgetAlarm("review-budget", {
      team: "platform",
      outcome: CODE_REVIEW,
      monthlyLimitUsd: 5000,
      subscribers: { emails: ["finops@example.com"] },
    });
    await captured.settle();
    const diagnostics = await runPack(captured.resources);
    expect(mandatory(diagnostics)).toEqual([]);
    expect(diagnostics.filter((d) => d.policyName === "shadow-ai-endpoint")).toEqual([]);
  });

  it("a compliant premium Azure endpoint with its budget alarm: no mandatory violation", async () => {
    new AzureOpenAiGatedEndpoint("research", premiumAzure());
    new AzureBudgetAlarm("research-budget", {
      team: "sales",
      outcome: SALES_RESEARCH,
      monthlyLimitUsd: 5000,
      scope: "/subscriptions/00000000-0000-0000-0000-000000000000",
      resourceGroupName: "rg-ai-sales",
      emails: ["finops@example.com"],
      startDate: "2026-12-01",
    });
    await captured.settle();
    expect(mandatory(await runPack(captured.resources))).toEqual([]);
  });

  it("a whole AWS team (premium with hard stop, economy, key, budgets): no mandatory violation", async () => {
    new AwsAiTeam("platform", awsTeam());
    await captured.settle();
    const diagnostics = await runPack(captured.resources);
    expect(mandatory(diagnostics)).toEqual([]);
    expect(diagnostics.filter((d) => d.policyName === "bedrock-invoke-least-privilege")).toEqual(
      [],
    );
  });

  it("a whole Azure team (capacity above the ceiling, capped by its token quota): no mandatory violation", async () => {
    new AzureAiTeam("sales", azureTeam());
    await captured.settle();
    const diagnostics = await runPack(captured.resources);
    expect(mandatory(diagnostics)).toEqual([]);
    expect(diagnostics.filter((d) => d.policyName === "azure-ai-local-auth-disabled")).toEqual([]);
  });

  it("the same check catches a premium endpoint created around the components", async () => {
    new InferenceProfile("shadow", {
      modelSource: {
        copyFrom:
          "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-opus-4-1-20250805-v1:0",
      },
      tags: { "ai-team": "platform" },
    });
    await captured.settle();
    const diagnostics = await runPack(captured.resources);
    expect(mandatory(diagnostics).map((d) => d.policyName)).toEqual(
      expect.arrayContaining([
        "premium-endpoint-requires-outcome",
        "premium-endpoint-requires-cost-ceiling",
      ]),
    );
    expect(diagnostics.map((d) => d.policyName)).toContain("shadow-ai-endpoint");
  });
});
