/**
 * Generators for what the report reads: `pulumi stack export` files (deployment version 3, with
 * components, providers, inputs and outputs as Pulumi writes them) and FOCUS 1.x billing CSVs.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { governanceTags } from "../../domain/resource-tags";
import { tagKeys, type TagKeys } from "../../domain/tags";
import type { ReportDeps, ReportIo } from "../../cli/report/command";
import { buildReport, type Report } from "../../cli/report/build";
import { ReportInputError } from "../../cli/report/errors";
import { readStackExport } from "../../cli/report/state";
import type { ResourceRecordLike } from "../../cli/report/resource";

export const KEYS: TagKeys = tagKeys();

/** The {@link ReportInputError} `fn` throws; fails the test when it throws none. */
export function problemsOf(fn: () => unknown): ReportInputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ReportInputError) return e;
    throw e;
  }
  throw new Error("expected a ReportInputError");
}

export interface ExportResource {
  urn: string;
  custom: boolean;
  id?: string;
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  parent?: string;
  provider?: string;
  delete?: boolean;
}

/** Builds a stack export the way `pulumi stack export` lays it out. */
export class StackExport {
  readonly resources: ExportResource[] = [];
  private readonly types = new Map<string, string>();
  readonly root: string;
  readonly awsProvider: string;
  readonly azureProvider: string;

  constructor(
    readonly stack = "prod",
    readonly project = "acme-ai",
  ) {
    this.root = this.add({
      type: "pulumi:pulumi:Stack",
      name: `${project}-${stack}`,
      custom: false,
    });
    this.awsProvider = this.add({
      type: "pulumi:providers:aws",
      name: "default_7_48_0",
      custom: true,
      id: "5f3c1f0e-aws",
      parent: this.root,
      inputs: { region: "us-east-1", defaultTags: { tags: { "ai-cost-center": "CC-4410" } } },
    });
    this.azureProvider = this.add({
      type: "pulumi:providers:azure-native",
      name: "default_3_28_0",
      custom: true,
      id: "8e21a9d4-azure",
      parent: this.root,
      inputs: { location: "westeurope" },
    });
  }

  add(r: {
    type: string;
    name: string;
    custom?: boolean;
    id?: string;
    parent?: string;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
  }): string {
    const parentChain = r.parent ? this.types.get(r.parent) : undefined;
    const chain =
      parentChain && !parentChain.startsWith("pulumi:pulumi:Stack")
        ? `${parentChain}$${r.type}`
        : r.type;
    const urn = `urn:pulumi:${this.stack}::${this.project}::${chain}::${r.name}`;
    this.types.set(urn, chain);
    const custom = r.custom ?? !r.type.startsWith("outcomeguard:");
    const provider = !custom
      ? undefined
      : r.type.startsWith("aws:")
        ? `${this.awsProvider}::5f3c1f0e-aws`
        : r.type.startsWith("azure-native:")
          ? `${this.azureProvider}::8e21a9d4-azure`
          : undefined;
    this.resources.push({
      urn,
      custom,
      ...(r.id !== undefined ? { id: r.id } : {}),
      type: r.type,
      inputs: r.inputs ?? {},
      outputs: r.outputs ?? (custom ? { ...(r.inputs ?? {}) } : {}),
      ...(r.parent !== undefined ? { parent: r.parent } : {}),
      ...(provider ? { provider } : {}),
    });
    return urn;
  }

  component(type: string, name: string, parent?: string): string {
    return this.add({ type, name, custom: false, parent: parent ?? this.root });
  }

  toJSON(): unknown {
    return {
      version: 3,
      deployment: {
        manifest: {
          time: "2026-11-20T10:00:00.000Z",
          magic: "0ad6d2fbf0a9b55e4c2ee0b0b0bb0a3e0f3c2c8c4f7d8f0a1b2c3d4e5f6a7b8c",
          version: "v3.190.0",
        },
        secrets_providers: { type: "service", state: { url: "https://api.pulumi.com" } },
        resources: this.resources,
      },
    };
  }

  text(): string {
    return JSON.stringify(this.toJSON(), null, 4);
  }
}

export const ACCOUNT = "123456789012";
export const AZ_SUB = "/subscriptions/00000000-0000-0000-0000-000000000001";

export interface Outcome {
  id: string;
  statement: string;
  kpi: string;
  reviewBy: string;
}

export const SUPPORT: Outcome = {
  id: "support-ticket-deflection",
  statement: "Raise the ticket deflection rate from 20% to 45% by June 2027",
  kpi: "support.ticket-deflection-rate",
  reviewBy: "2027-06-30",
};
export const INVOICES: Outcome = {
  id: "invoice-extraction",
  statement: "Cut the cost per invoice processed from 4 USD to 1 USD this year",
  kpi: "finance.invoice-processing-cost",
  reviewBy: "2027-03-31",
};
export const CONTENT: Outcome = {
  id: "content-velocity",
  statement: "Reduce the time to create a technical blog post from five hours to one hour",
  kpi: "marketing.content-velocity",
  reviewBy: "2027-01-31",
};

/** What the realistic stack declares, so tests can refer to it. */
export const REALISTIC = {
  supportProfileArn: `arn:aws:bedrock:us-east-1:${ACCOUNT}:application-inference-profile/sup4bot9x1`,
  invoiceProfileArn: `arn:aws:bedrock:us-east-1:${ACCOUNT}:application-inference-profile/inv0ice7h2`,
  shadowProfileArn: `arn:aws:bedrock:us-east-1:${ACCOUNT}:application-inference-profile/shad0w5s3`,
  azureAccountId: `${AZ_SUB}/resourceGroups/rg-marketing/providers/Microsoft.CognitiveServices/accounts/mkt-openai`,
  ceilings: { support: 5000, invoices: 800, content: 5000 },
  /** GPT-5 GlobalStandard capacity 10: 10,000 TPM x 43,800 min x $10 / 1M = $4,380. */
  contentProjectedMax: 4380,
};

function awsBudget(
  s: StackExport,
  parent: string,
  name: string,
  outcome: string,
  limit: number,
  emails: string[],
): string {
  const inputs = {
    name: `${outcome}-ai`,
    budgetType: "COST",
    limitAmount: String(limit),
    limitUnit: "USD",
    timeUnit: "MONTHLY",
    costFilters: [{ name: "TagKeyValue", values: [`user:${KEYS.outcome}$${outcome}`] }],
    notifications: [50, 80, 100].map((threshold) => ({
      comparisonOperator: "GREATER_THAN",
      threshold,
      thresholdType: "PERCENTAGE",
      notificationType: "ACTUAL",
      subscriberEmailAddresses: emails,
      subscriberSnsTopicArns: [],
    })),
    tags: { [KEYS.team]: "x", [KEYS.outcome]: outcome },
  };
  return s.add({
    type: "aws:budgets/budget:Budget",
    name,
    parent,
    id: `${ACCOUNT}:${outcome}-ai`,
    inputs,
    outputs: { ...inputs, arn: `arn:aws:budgets::${ACCOUNT}:budget/${outcome}-ai` },
  });
}

/**
 * A production-like stack: three outcomes in nested components on both clouds, tags spread over
 * inputs, outputs and `tagsAll` (provider default tags), budgets, hard stops, an untagged endpoint
 * and resources that are not AI at all.
 */
export function realisticStack(): StackExport {
  const s = new StackExport();

  // Support: Claude Opus 4.1 through an application inference profile, nested two components
  // deep, with a budget alarm and an automatic budget action. ai-cost-center only comes from the
  // provider's default tags, so it is only in outputs.tagsAll.
  const supportTeam = s.component("outcomeguard:aws:TeamAi", "support");
  const supportEp = s.component("outcomeguard:aws:GatedEndpoint", "support-bot", supportTeam);
  const supportTags = governanceTags(KEYS, {
    team: "support",
    outcome: SUPPORT,
    ceilingUsd: REALISTIC.ceilings.support,
    tier: "premium",
    taskClass: "agentic",
    hardStop: "budget-action",
  });
  s.add({
    type: "aws:bedrock/inferenceProfile:InferenceProfile",
    name: "support-bot-profile",
    parent: supportEp,
    id: "sup4bot9x1",
    inputs: {
      name: "support-bot",
      modelSource: {
        copyFrom:
          "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-opus-4-1-20250805-v1:0",
      },
      tags: supportTags,
    },
    outputs: {
      arn: REALISTIC.supportProfileArn,
      name: "support-bot",
      status: "ACTIVE",
      type: "APPLICATION",
      models: [
        {
          modelArn:
            "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-opus-4-1-20250805-v1:0",
        },
      ],
      tags: supportTags,
      tagsAll: { ...supportTags, [KEYS.costCenter]: "CC-4410" },
    },
  });
  awsBudget(s, supportEp, "support-bot-budget", SUPPORT.id, 5000, ["support-lead@acme.example"]);
  s.add({
    type: "aws:budgets/budgetAction:BudgetAction",
    name: "support-bot-stop",
    parent: supportEp,
    id: `${ACCOUNT}:${SUPPORT.id}-ai:act-1`,
    inputs: {
      budgetName: `${SUPPORT.id}-ai`,
      actionType: "APPLY_IAM_POLICY",
      approvalModel: "AUTOMATIC",
      actionThreshold: { actionThresholdType: "PERCENTAGE", actionThresholdValue: 100 },
      notificationType: "ACTUAL",
      executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/budget-action`,
      definition: {
        iamActionDefinition: {
          policyArn: `arn:aws:iam::${ACCOUNT}:policy/deny-bedrock-support`,
          roles: ["support-bot-runtime"],
        },
      },
      subscribers: [{ address: "support-lead@acme.example", subscriptionType: "EMAIL" }],
    },
  });

  // Invoices: Claude Haiku 4.5, economy. A budget alarm but no hard stop, and no cost-center tag
  // anywhere, so its tags are incomplete.
  const finance = s.component("outcomeguard:aws:GatedEndpoint", "invoice-reader");
  const invoiceTags = governanceTags(KEYS, {
    team: "finance",
    outcome: INVOICES,
    ceilingUsd: REALISTIC.ceilings.invoices,
    tier: "economy",
    taskClass: "extraction",
  });
  s.add({
    type: "aws:bedrock/inferenceProfile:InferenceProfile",
    name: "invoice-reader-profile",
    parent: finance,
    id: "inv0ice7h2",
    inputs: {
      name: "invoice-reader",
      modelSource: {
        copyFrom:
          "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0",
      },
      tags: invoiceTags,
    },
    outputs: {
      arn: REALISTIC.invoiceProfileArn,
      tags: invoiceTags,
      tagsAll: invoiceTags,
    },
  });
  awsBudget(s, finance, "invoice-reader-budget", INVOICES.id, 800, ["ap-lead@acme.example"]);

  // Content: GPT-5 on Azure OpenAI (GlobalStandard, capacity 10), account and deployment in one
  // component, an Azure budget and an APIM token quota as the hard stop.
  const mkt = s.component("outcomeguard:azure:GatedDeployment", "blog-writer");
  const contentTags = governanceTags(KEYS, {
    team: "marketing",
    costCenter: "CC-2100",
    outcome: CONTENT,
    ceilingUsd: REALISTIC.ceilings.content,
    tier: "premium",
    taskClass: "generation",
    hardStop: "token-quota",
  });
  s.add({
    type: "azure-native:cognitiveservices:Account",
    name: "blog-writer-account",
    parent: mkt,
    id: REALISTIC.azureAccountId,
    inputs: {
      accountName: "mkt-openai",
      resourceGroupName: "rg-marketing",
      kind: "OpenAI",
      sku: { name: "S0" },
      properties: { disableLocalAuth: true },
      tags: contentTags,
    },
    outputs: {
      id: REALISTIC.azureAccountId,
      name: "mkt-openai",
      kind: "OpenAI",
      tags: contentTags,
    },
  });
  s.add({
    type: "azure-native:cognitiveservices:Deployment",
    name: "blog-writer-gpt5",
    parent: mkt,
    id: `${REALISTIC.azureAccountId}/deployments/gpt5`,
    inputs: {
      accountName: "mkt-openai",
      resourceGroupName: "rg-marketing",
      deploymentName: "gpt5",
      properties: { model: { format: "OpenAI", name: "gpt-5", version: "2025-08-07" } },
      sku: { name: "GlobalStandard", capacity: 10 },
      tags: contentTags,
    },
    outputs: {
      id: `${REALISTIC.azureAccountId}/deployments/gpt5`,
      name: "gpt5",
      // Azure hands tag names back in the case it stores them.
      tags: Object.fromEntries(
        Object.entries(contentTags).map(([k, v]) => [k === KEYS.team ? "AI-Team" : k, v]),
      ),
    },
  });
  s.add({
    type: "azure-native:consumption:Budget",
    name: "blog-writer-budget",
    parent: mkt,
    id: `${AZ_SUB}/providers/Microsoft.Consumption/budgets/content-velocity-ai`,
    inputs: {
      budgetName: "content-velocity-ai",
      scope: AZ_SUB,
      amount: 5000,
      category: "Cost",
      timeGrain: "Monthly",
      timePeriod: { startDate: "2026-11-01" },
      filter: { tags: { name: KEYS.outcome, operator: "In", values: [CONTENT.id] } },
      notifications: {
        actual80: {
          enabled: true,
          operator: "GreaterThan",
          threshold: 80,
          thresholdType: "Actual",
          contactEmails: ["marketing-lead@acme.example"],
        },
      },
    },
  });
  s.add({
    type: "azure-native:apimanagement:ProductPolicy",
    name: "blog-writer-quota",
    parent: mkt,
    inputs: {
      serviceName: "acme-apim",
      resourceGroupName: "rg-platform",
      productId: "content-velocity",
      policyId: "policy",
      format: "rawxml",
      value:
        '<policies><inbound><base /><llm-token-limit counter-key="@(context.Subscription.Id)" tokens-per-minute="9000" token-quota="400000000" token-quota-period="Monthly" estimate-prompt-tokens="false" /></inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>',
    },
  });

  // Shadow AI: an inference profile someone added by hand, no tags at all.
  s.add({
    type: "aws:bedrock/inferenceProfile:InferenceProfile",
    name: "summarizer-experiment",
    parent: s.root,
    id: "shad0w5s3",
    inputs: {
      name: "summarizer-experiment",
      modelSource: {
        copyFrom: "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0",
      },
    },
    outputs: { arn: REALISTIC.shadowProfileArn, tagsAll: { [KEYS.costCenter]: "CC-4410" } },
  });

  // Not AI.
  s.add({
    type: "aws:s3/bucketV2:BucketV2",
    name: "logs",
    parent: s.root,
    id: "acme-logs-1a2b",
    inputs: { tags: { team: "platform" } },
  });
  s.add({
    type: "aws:iam/role:Role",
    name: "support-bot-runtime",
    parent: supportEp,
    id: "support-bot-runtime",
    inputs: { assumeRolePolicy: "{}" },
  });
  return s;
}

// ---- FOCUS ------------------------------------------------------------------------------------

export const FOCUS_COLUMNS = [
  "BilledCost",
  "EffectiveCost",
  "BillingCurrency",
  "ChargeCategory",
  "ChargePeriodStart",
  "ChargePeriodEnd",
  "ProviderName",
  "ServiceName",
  "ResourceId",
  "Tags",
  "x_ServiceCode",
] as const;

export interface FocusRow {
  billed: number | string;
  effective?: number | string;
  currency?: string;
  category?: string;
  start?: string;
  end?: string;
  provider?: string;
  service: string;
  resourceId?: string;
  tags?: Record<string, string> | string;
  serviceCode?: string;
  account?: string;
  region?: string;
}

export function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** A FOCUS CSV as AWS and Azure export it (Tags as a JSON object in one quoted cell). */
export function focusCsv(
  rows: readonly FocusRow[],
  columns: readonly string[] = FOCUS_COLUMNS,
  eol = "\n",
): string {
  const cell = (r: FocusRow, c: string): string => {
    switch (c) {
      case "BilledCost":
        return String(r.billed);
      case "EffectiveCost":
        return String(r.effective ?? r.billed);
      case "BillingCurrency":
        return r.currency ?? "USD";
      case "ChargeCategory":
        return r.category ?? "Usage";
      case "ChargePeriodStart":
        return r.start ?? "2026-11-01T00:00:00Z";
      case "ChargePeriodEnd":
        return r.end ?? "2026-11-02T00:00:00Z";
      case "ProviderName":
        return r.provider ?? (r.service.startsWith("Azure") ? "Microsoft" : "AWS");
      case "ServiceName":
        return r.service;
      case "ResourceId":
        return r.resourceId ?? "";
      case "Tags":
        return typeof r.tags === "string" ? r.tags : JSON.stringify(r.tags ?? {});
      case "x_ServiceCode":
        return r.serviceCode ?? "";
      case "SubAccountId":
        return r.account ?? /^arn:aws:[^:]*:[^:]*:(\d+):/.exec(r.resourceId ?? "")?.[1] ?? "";
      case "RegionId":
        return r.region ?? /^arn:aws:[^:]*:([^:]+):/.exec(r.resourceId ?? "")?.[1] ?? "";
      default:
        return "";
    }
  };
  const lines = [columns.join(",")];
  for (const r of rows) lines.push(columns.map((c) => csvCell(cell(r, c))).join(","));
  return lines.join(eol) + eol;
}

const aws = (outcome: string, team: string) => ({
  [`user:${KEYS.outcome}`]: outcome,
  [`user:${KEYS.team}`]: team,
});

/**
 * November's bill for the realistic stack. Hand-computed figures:
 *   support-ticket-deflection 2,000.25 + 1,000 + 300 (Marketplace) - 50 (credit) = 3,250.25 (65.0% of 5,000)
 *   invoice-extraction 900 (112.5% of 800)
 *   content-velocity 1,200 (24.0% of 5,000)
 *   churn-prediction (not in the stack) 640
 *   untagged 450 + 75.50 = 525.50
 *   AI total 6,515.75 of 10,800 ceilings = 60.3%; other spend 999 + 12.34 = 1,011.34 left out
 */
export function realisticBill(): FocusRow[] {
  return [
    {
      billed: "2100.50",
      effective: "2000.25",
      service: "Amazon Bedrock",
      resourceId: REALISTIC.supportProfileArn,
      tags: aws(SUPPORT.id, "support"),
      serviceCode: "AmazonBedrock",
    },
    {
      billed: 1000,
      start: "2026-11-02T00:00:00Z",
      end: "2026-11-03T00:00:00Z",
      service: "Amazon Bedrock",
      resourceId: REALISTIC.supportProfileArn,
      tags: aws(SUPPORT.id, "support"),
    },
    {
      billed: 300,
      service: "Claude Opus 4.1 (Amazon Bedrock Edition)",
      tags: aws(SUPPORT.id, "support"),
      category: "Usage",
    },
    {
      billed: -50,
      category: "Credit",
      service: "Amazon Bedrock",
      resourceId: REALISTIC.supportProfileArn,
      tags: aws(SUPPORT.id, "support"),
    },
    {
      billed: 900,
      service: "Amazon Bedrock",
      resourceId: REALISTIC.invoiceProfileArn,
      tags: aws(INVOICES.id, "finance"),
    },
    {
      billed: 1200,
      service: "Azure OpenAI",
      // Azure's export writes resource ids in lower case.
      resourceId: REALISTIC.azureAccountId.toLowerCase(),
      tags: { [KEYS.outcome]: CONTENT.id, [KEYS.team]: "marketing" },
    },
    {
      billed: 640,
      service: "Amazon SageMaker",
      resourceId: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/churn-model`,
      tags: aws("churn-prediction", "data"),
    },
    {
      billed: 450,
      service: "Amazon Bedrock",
      resourceId: `arn:aws:bedrock:us-east-1:${ACCOUNT}:inference-profile/us.anthropic.claude-sonnet-4-20250514-v1:0`,
      tags: {},
    },
    {
      billed: "75.50",
      service: "Claude 3.5 Sonnet (Amazon Bedrock Edition)",
      tags: "",
    },
    {
      billed: 999,
      service: "Amazon Elastic Compute Cloud",
      resourceId: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0abc`,
      // Tagged with an outcome, but EC2 is not AI spend.
      tags: aws(SUPPORT.id, "support"),
    },
    {
      billed: "12.34",
      service: "Amazon Simple Storage Service",
      resourceId: "acme-logs-1a2b",
    },
  ];
}

// ---- running the command ----------------------------------------------------------------------

export interface Captured {
  out: string[];
  err: string[];
  written: Map<string, string>;
}

/**
 * The command over `files` (paths to contents): state files are read from memory, and every file
 * is also written to a fresh directory the command works in, for the bill's engine, which reads
 * files from disk. What the command writes is captured, never written.
 */
export function memoryDeps(
  files: Record<string, string | Buffer>,
  stacks: Record<string, readonly ResourceRecordLike[]> = {},
): { deps: ReportDeps; io: ReportIo; captured: Captured; dir: string } {
  const captured: Captured = { out: [], err: [], written: new Map() };
  const dir = mkdtempSync(path.join(tmpdir(), "outcomeguard-report-test-"));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  const deps: ReportDeps = {
    cwd: dir,
    readFile: async (file) => {
      const content = files[file];
      const text = typeof content === "string" ? content : content?.toString("utf8");
      if (text === undefined) {
        const e = new Error(`ENOENT: no such file or directory, open '${file}'`) as Error & {
          code: string;
        };
        e.code = "ENOENT";
        throw e;
      }
      return text;
    },
    writeFile: async (file, content) => {
      captured.written.set(file, content);
    },
    runStack: async (stack) => {
      const records = stacks[stack];
      if (!records) {
        const e = new Error(`no stack named ${stack}`);
        e.name = "StackUsageError";
        throw e;
      }
      return records;
    },
  };
  const io: ReportIo = {
    out: (s) => captured.out.push(s),
    err: (s) => captured.err.push(s),
  };
  return { deps, io, captured, dir };
}

/**
 * Three months of daily lines for the realistic stack, ending mid-month: support spends $100 a day
 * until its runaway day, 2026-11-18 ($150,000, the "one billing cycle" case); invoices $20 a day;
 * untagged Bedrock spend from 12 accounts in two regions ($1 to $12 a day). Charge periods are
 * days; the bill covers 2026-09-01 through 2026-11-20.
 */
export const RUNAWAY = { date: "2026-11-18", usd: 150_000, dailyUsd: 100, through: "2026-11-20" };

export function multiMonthBill(): FocusRow[] {
  const rows: FocusRow[] = [];
  const start = Date.parse("2026-09-01T00:00:00Z");
  const end = Date.parse(`${RUNAWAY.through}T00:00:00Z`);
  for (let t = start; t <= end; t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    const next = new Date(t + 86_400_000).toISOString().slice(0, 10);
    const period = { start: `${day}T00:00:00Z`, end: `${next}T00:00:00Z` };
    rows.push({
      ...period,
      billed: day === RUNAWAY.date ? RUNAWAY.usd : RUNAWAY.dailyUsd,
      service: "Amazon Bedrock",
      resourceId: REALISTIC.supportProfileArn,
      tags: aws(SUPPORT.id, "support"),
    });
    rows.push({
      ...period,
      billed: 20,
      service: "Amazon Bedrock",
      resourceId: REALISTIC.invoiceProfileArn,
      tags: aws(INVOICES.id, "finance"),
    });
    for (let a = 0; a < 12; a++) {
      rows.push({
        ...period,
        billed: a + 1,
        service: "Amazon Bedrock",
        resourceId: `arn:aws:bedrock:us-east-${1 + (a % 2)}:1000000000${String(a).padStart(2, "0")}:inference-profile/us.anthropic.claude-sonnet-4-20250514-v1:0`,
        tags: {},
      });
    }
  }
  return rows;
}

/** FOCUS columns with the account and region (FOCUS 1.0+ SubAccountId, RegionId). */
export const FOCUS_COLUMNS_WITH_PLACE = [...FOCUS_COLUMNS, "SubAccountId", "RegionId"] as const;

// ---- a report model without a bill ------------------------------------------------------------

/** The report `outcomeguard report --state prod.json` builds for `stack`, with no bill. */
export function stateReport(stack: StackExport = realisticStack(), name = "acme/prod"): Report {
  const resources = readStackExport(stack.text(), "prod.json");
  return buildReport([{ name, resources }], {
    source: { kind: "state", name: "prod.json" },
    keys: KEYS,
    tagPrefix: "ai-",
  });
}
