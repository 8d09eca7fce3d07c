/** Realistic arguments for component tests (outcomes from the source articles' examples). */
import type {
  AwsAiTeamArgs,
  AzureAiTeamArgs,
  AzureOpenAiGatedEndpointArgs,
  BedrockGatedEndpointArgs,
} from "../../components";
import type { Outcome } from "../../domain";

export const CODE_REVIEW: Outcome = {
  id: "code-review-lead-time",
  statement: "Reduce the lead time for changes from 48 hours to 24 hours by the end of Q3.",
  kpi: "engineering.lead-time-for-changes",
  owner: "jane.doe@example.com",
  reviewBy: "2027-03-31",
};

export const TICKET_DEFLECTION: Outcome = {
  id: "ticket-deflection",
  statement: "Increase the ticket deflection rate from 20% to 35% within two quarters.",
  kpi: "support.ticket-deflection-rate",
  owner: "support-lead@example.com",
  reviewBy: "2027-01-31",
};

export const SALES_RESEARCH: Outcome = {
  id: "sales-research-time",
  statement: "Cut account research time before a sales call from 90 minutes to 15 minutes per rep.",
  kpi: "sales.productivity-per-rep",
  owner: "sales-ops@example.com",
  reviewBy: "2027-02-28",
};

export const CONTENT_VELOCITY: Outcome = {
  id: "blog-post-time",
  statement: "Reduce the time it takes to create a technical blog post from five hours to one hour",
  kpi: "marketing.content-velocity",
  owner: "content@example.com",
  reviewBy: "2027-02-28",
};

export const VAGUE: Outcome = {
  id: "better-content",
  statement: "Use AI to make better content",
  kpi: "marketing.content-velocity",
  owner: "content@example.com",
  reviewBy: "2027-02-28",
};

export const OPUS_PROFILE = "us.anthropic.claude-opus-4-1-20250805-v1:0";
export const HAIKU = "anthropic.claude-haiku-4-5-20251001-v1:0";

/** A compliant premium Bedrock endpoint. */
export function premiumBedrock(
  over: Partial<BedrockGatedEndpointArgs> = {},
): BedrockGatedEndpointArgs {
  return {
    team: "platform",
    outcome: CODE_REVIEW,
    model: OPUS_PROFILE,
    region: "us-east-1",
    accountId: "123456789012",
    monthlyCeilingUsd: 5000,
    taskClass: "code",
    costCenter: "CC-4410",
    ...over,
  };
}

/** A compliant premium Azure endpoint: GPT-5 GlobalStandard 10k TPM (max ~4,380 USD/month). */
export function premiumAzure(
  over: Partial<AzureOpenAiGatedEndpointArgs> = {},
): AzureOpenAiGatedEndpointArgs {
  return {
    team: "sales",
    outcome: SALES_RESEARCH,
    model: "gpt-5",
    modelVersion: "2025-08-07",
    monthlyCeilingUsd: 5000,
    taskClass: "research",
    costCenter: "CC-2100",
    resourceGroupName: "rg-ai-sales",
    location: "eastus2",
    capacity: { sku: "GlobalStandard", units: 10 },
    ...over,
  };
}

export function awsTeam(over: Partial<AwsAiTeamArgs> = {}): AwsAiTeamArgs {
  return {
    team: "platform",
    costCenter: "CC-4410",
    monthlyBudgetUsd: 8000,
    budgetSubscribers: { emails: ["finops@example.com"] },
    region: "us-east-1",
    accountId: "123456789012",
    outcomes: [
      { ...CODE_REVIEW, hardStop: true },
      { ...TICKET_DEFLECTION, id: "triage-deflection" },
    ],
    endpoints: [
      {
        name: "review",
        outcome: CODE_REVIEW.id,
        model: OPUS_PROFILE,
        monthlyCeilingUsd: 5000,
        taskClass: "code",
      },
      {
        name: "triage",
        outcome: "triage-deflection",
        model: HAIKU,
        monthlyCeilingUsd: 1500,
        taskClass: "classification",
      },
    ],
    ...over,
  };
}

export function azureTeam(over: Partial<AzureAiTeamArgs> = {}): AzureAiTeamArgs {
  return {
    team: "sales",
    costCenter: "CC-2100",
    monthlyBudgetUsd: 9000,
    budgetSubscribers: { emails: ["finops@example.com"] },
    budgetScope: "/subscriptions/00000000-0000-0000-0000-000000000000",
    budgetStartDate: "2026-12-01",
    resourceGroupName: "rg-ai-sales",
    location: "eastus2",
    outcomes: [SALES_RESEARCH, CONTENT_VELOCITY],
    endpoints: [
      {
        name: "research",
        outcome: SALES_RESEARCH.id,
        model: "gpt-5",
        monthlyCeilingUsd: 5000,
        taskClass: "research",
        capacity: { sku: "GlobalStandard", units: 50 },
      },
      {
        name: "drafts",
        outcome: CONTENT_VELOCITY.id,
        model: "gpt-4o-mini",
        monthlyCeilingUsd: 800,
        taskClass: "generation",
        capacity: { sku: "GlobalStandard", units: 20 },
      },
    ],
    key: { apiManagement: { serviceName: "apim-ai", resourceGroupName: "rg-apim" } },
    ...over,
  };
}
