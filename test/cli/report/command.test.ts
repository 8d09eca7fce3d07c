import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { reportCommand } from "../../../cli/report/command";
import type { ResourceRecordLike } from "../../../cli/report/resource";
import {
  CONTENT,
  focusCsv,
  INVOICES,
  KEYS,
  memoryDeps,
  realisticBill,
  realisticStack,
  REALISTIC,
  SUPPORT,
  type StackExport,
} from "../../support/report-fixtures";

/** The columns the report has always had, in their order: new ones only ever follow them. */
const HEADER =
  "team,outcome,kpi,resource,cloud,model,tier,cost_ceiling_usd,projected_max_usd,budget_alarm,hard_stop,tags_complete";
const STACK_COLUMNS = ",cost_center,stack";
const FINANCE_COLUMNS =
  ",outcome_forecast_usd,outcome_forecast_above_ceiling,outcome_anomaly_days,kpi_actual,cost_per_kpi_unit_usd,kpi_direction";

async function run(
  argv: string[],
  files: Record<string, string>,
  stacks: Record<string, readonly ResourceRecordLike[]> = {},
) {
  const { deps, io, captured } = memoryDeps(files, stacks);
  const code = await reportCommand(argv, io, deps);
  return { code, out: captured.out.join("\n"), err: captured.err.join("\n"), captured };
}

const files = (stack: StackExport = realisticStack(), bill = focusCsv(realisticBill())) => ({
  "prod.json": stack.text(),
  "nov.csv": bill,
});

type CsvRow = Record<string, string>;
const csvRows = (text: string): CsvRow[] =>
  parse(text, { columns: true, skip_empty_lines: true }) as CsvRow[];

interface JsonReport {
  total: Record<string, number>;
  teams: { team: string; totals: Record<string, number> }[];
  outcomes: {
    team: string;
    outcome: string;
    untagged: boolean;
    inStack: boolean;
    kpi: string;
    budgetAlarm: string;
    hardStop: string;
    hardStopKinds: string[];
    tagsComplete: string;
    endpoints: { resource: string; modelName: string; tier: string }[];
    totals: Record<string, number | undefined>;
  }[];
  rows: {
    kind: string;
    resource: string;
    outcome: string;
    tagsComplete?: string;
    tagProblems: string[];
    actualUsd?: number;
  }[];
  notes: string[];
}

describe("outcomeguard report --format csv", () => {
  it("without a bill: the exact header, one row per endpoint, figures from the stack", async () => {
    const r = await run(["--state", "prod.json", "--format", "csv"], files());
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    expect(r.out.split("\n")[0]).toBe(`${HEADER}${STACK_COLUMNS}`);
    const rows = csvRows(r.out);
    expect(rows.map((x) => [x.team, x.outcome, x.resource])).toEqual([
      ["finance", INVOICES.id, "invoice-reader-profile"],
      ["marketing", CONTENT.id, "blog-writer-gpt5"],
      ["support", SUPPORT.id, "support-bot-profile"],
      ["", "untagged", "summarizer-experiment"],
    ]);
    const by = Object.fromEntries(rows.map((x) => [x.resource, x]));
    expect(by["support-bot-profile"]).toEqual({
      team: "support",
      outcome: SUPPORT.id,
      kpi: SUPPORT.kpi,
      resource: "support-bot-profile",
      cloud: "aws",
      model: "Claude Opus 4.1",
      tier: "premium",
      cost_ceiling_usd: "5000.00",
      projected_max_usd: "", // on-demand: no capacity limit
      budget_alarm: "yes",
      hard_stop: "budget-action",
      tags_complete: "yes", // ai-cost-center comes from outputs.tagsAll
      cost_center: "CC-4410",
      stack: "acme-ai/prod",
    });
    expect(by["blog-writer-gpt5"]).toMatchObject({
      cloud: "azure",
      model: "GPT-5",
      tier: "premium",
      cost_ceiling_usd: "5000.00",
      projected_max_usd: REALISTIC.contentProjectedMax.toFixed(2),
      budget_alarm: "yes",
      hard_stop: "token-quota",
      tags_complete: "yes",
    });
    expect(by["invoice-reader-profile"]).toMatchObject({
      tier: "economy",
      cost_ceiling_usd: "800.00",
      budget_alarm: "yes",
      hard_stop: "no",
      tags_complete: "no",
    });
    expect(by["summarizer-experiment"]).toMatchObject({
      model: "Amazon Nova Lite",
      cost_ceiling_usd: "",
      budget_alarm: "no",
      hard_stop: "no",
      tags_complete: "no",
    });
  });

  it("with a bill: actual spend and percent of ceiling, untagged spend as its own lines", async () => {
    const r = await run(["--state", "prod.json", "--focus", "nov.csv", "--format=csv"], files());
    expect(r.code).toBe(0);
    expect(r.out.split("\n")[0]).toBe(
      `${HEADER},actual_usd,pct_of_ceiling${STACK_COLUMNS}${FINANCE_COLUMNS}`,
    );
    const rows = csvRows(r.out);
    const by = Object.fromEntries(rows.map((x) => [x.resource, x]));
    // 2,000.25 + 1,000 + 300 (Marketplace, no resource id) - 50 (credit)
    expect(by["support-bot-profile"]).toMatchObject({
      actual_usd: "3250.25",
      pct_of_ceiling: "65.0",
    });
    expect(by["invoice-reader-profile"]).toMatchObject({
      actual_usd: "900.00",
      pct_of_ceiling: "112.5",
    });
    // Billed at the Azure account; the deployment is the account's only one.
    expect(by["blog-writer-gpt5"]).toMatchObject({ actual_usd: "1200.00", pct_of_ceiling: "24.0" });
    expect(by["summarizer-experiment"]).toMatchObject({ actual_usd: "0.00", pct_of_ceiling: "" });
    const untagged = rows.filter((x) => x.outcome === "untagged");
    expect(untagged.map((x) => [x.resource, x.actual_usd])).toEqual([
      ["summarizer-experiment", "0.00"],
      ["(Claude 3.5 Sonnet (Amazon Bedrock Edition))", "75.50"],
      [
        "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-20250514-v1:0",
        "450.00",
      ],
    ]);
    const churn = rows.filter((x) => x.outcome === "churn-prediction");
    expect(churn).toEqual([
      expect.objectContaining({
        team: "data",
        cloud: "aws",
        actual_usd: "640.00",
        cost_ceiling_usd: "",
      }),
    ]);
    // EC2 and S3 are not AI spend, tagged or not: no row, and the AI total leaves them out.
    expect(rows.some((x) => /ec2|acme-logs/.test(x.resource ?? ""))).toBe(false);
    const total = rows.reduce((s, x) => s + Number(x.actual_usd), 0);
    expect(total).toBeCloseTo(6515.75, 2);
  });

  it("text a spreadsheet would run as a formula is quoted harmless", async () => {
    const s = realisticStack();
    const profile = s.resources.find((x) => x.urn.endsWith("::invoice-reader-profile"))!;
    profile.inputs = {
      ...profile.inputs,
      tags: { ...(profile.inputs!.tags as object), [KEYS.team]: "=2+3" },
    };
    profile.outputs = { ...profile.outputs, tags: undefined, tagsAll: undefined };
    const r = await run(["--state", "prod.json", "--format", "csv"], files(s));
    expect(csvRows(r.out).map((x) => x.team)).toContain("'=2+3");
  });
});

describe("outcomeguard report --format json", () => {
  it("totals per outcome, per team and overall", async () => {
    const r = await run(
      ["--state", "prod.json", "--focus", "nov.csv", "--format", "json"],
      files(),
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as JsonReport;
    expect(j.total).toMatchObject({
      outcomes: 5,
      endpoints: 4,
      ceilingUsd: 10800,
      endpointsWithoutCeiling: 1,
      projectedMaxUsd: 4380,
      uncappedEndpoints: 3,
      actualUsd: 6515.75,
      untaggedActualUsd: 525.5,
      pctOfCeiling: 60.3,
    });
    expect(j.teams.map((t) => [t.team, t.totals.actualUsd])).toEqual([
      ["data", 640],
      ["finance", 900],
      ["marketing", 1200],
      ["support", 3250.25],
      ["", 525.5],
    ]);
    const support = j.outcomes.find((o) => o.outcome === SUPPORT.id)!;
    expect(support).toMatchObject({
      team: "support",
      kpi: SUPPORT.kpi,
      inStack: true,
      budgetAlarm: "yes",
      hardStop: "yes",
      hardStopKinds: ["budget-action"],
      tagsComplete: "yes",
      endpoints: [
        { resource: "support-bot-profile", modelName: "Claude Opus 4.1", tier: "premium" },
      ],
    });
    expect(support.totals).toMatchObject({
      ceilingUsd: 5000,
      actualUsd: 3250.25,
      pctOfCeiling: 65,
    });
    const untagged = j.outcomes.find((o) => o.untagged)!;
    expect(untagged.totals.actualUsd).toBe(525.5);
    expect(j.outcomes.find((o) => o.outcome === "churn-prediction")).toMatchObject({
      inStack: false,
      team: "data",
    });
    expect(j.rows.find((x) => x.resource === "invoice-reader-profile")?.tagProblems).toEqual([
      "missing ai-cost-center",
    ]);
    expect(j.notes.join("\n")).toMatch(
      /2 billing lines \(\$1,011\.34\) of other cloud spend left out/,
    );
  });

  it("tags are read from outputs too: without tagsAll the provider's default tag is missing", async () => {
    const s = realisticStack();
    const profile = s.resources.find((x) => x.urn.endsWith("::support-bot-profile"))!;
    profile.outputs = { ...profile.outputs, tagsAll: undefined };
    const r = await run(["--state", "prod.json", "--format", "json"], files(s));
    const j = JSON.parse(r.out) as JsonReport;
    expect(j.rows.find((x) => x.resource === "support-bot-profile")).toMatchObject({
      tagsComplete: "no",
      tagProblems: ["missing ai-cost-center"],
    });
  });

  it("a budget action waiting for manual approval is not a hard stop", async () => {
    const s = realisticStack();
    const action = s.resources.find((x) => x.type === "aws:budgets/budgetAction:BudgetAction")!;
    action.inputs = { ...action.inputs, approvalModel: "MANUAL" };
    action.outputs = { ...action.outputs, approvalModel: "MANUAL" };
    const r = await run(["--state", "prod.json", "--format", "json"], files(s));
    const j = JSON.parse(r.out) as JsonReport;
    expect(j.outcomes.find((o) => o.outcome === SUPPORT.id)?.hardStop).toBe("no");
    expect(j.notes.join("\n")).toMatch(/support-bot-stop waits for manual approval/);
  });

  it("a budget that filters on another outcome is no alarm for this one", async () => {
    const s = realisticStack();
    const budget = s.resources.find((x) => x.urn.endsWith("::invoice-reader-budget"))!;
    budget.inputs = {
      ...budget.inputs,
      costFilters: [{ name: "TagKeyValue", values: [`user:${KEYS.outcome}$something-else`] }],
    };
    const r = await run(["--state", "prod.json", "--format", "json"], files(s));
    const j = JSON.parse(r.out) as JsonReport;
    expect(j.outcomes.find((o) => o.outcome === INVOICES.id)?.budgetAlarm).toBe("no");
  });
});

describe("outcomeguard report (table)", () => {
  it("is the default: teams, outcomes, endpoints, totals, untagged spend and notes", async () => {
    const r = await run(["--state", "prod.json", "--focus", "nov.csv"], files());
    expect(r.code).toBe(0);
    const lines = r.out.split("\n");
    const line = (start: RegExp) => lines.find((l) => start.test(l)) ?? "";
    expect(line(/^ {2}support-ticket-deflection /)).toMatch(
      /support\.ticket-deflection-rate\s+1 endpoint\s+5,000\.00\s+uncapped\s+yes\s+budget-action\s+yes\s+3,250\.25\s+65\.0%$/,
    );
    expect(line(/^ {2}invoice-extraction /)).toMatch(
      /800\.00\s+uncapped\s+yes\s+no\s+no\s+900\.00\s+112\.5%$/,
    );
    expect(line(/^ {4}blog-writer-gpt5 \(azure\)/)).toMatch(
      /GPT-5 \(premium\)\s+5,000\.00\s+4,380\.00/,
    );
    expect(line(/^ {2}untagged /)).toMatch(/525\.50$/);
    expect(line(/^TOTAL /)).toMatch(/10,800\.00 \*\s+≥ 4,380\.00\s+6,515\.75\s+60\.3%$/);
    expect(r.out).toMatch(/Untagged AI spend: 525\.50 USD \(8\.1% of AI spend\)/);
    expect(r.out).toMatch(/billing: nov\.csv, 2026-11 \(1 month\), USD/);
    // Team order: alphabetical, spend without a team last.
    const teams = lines.filter((l) => /^[a-z(]/.test(l)).map((l) => l.trim());
    expect(teams).toEqual(["data", "finance", "marketing", "support", "(no team)"]);
  });
});

describe("bad input: a clear message naming file, line and column, and nothing printed", () => {
  it("mixed currencies", async () => {
    const rows = realisticBill();
    rows[6] = { ...rows[6]!, currency: "EUR" };
    const r = await run(
      ["--state", "prod.json", "--focus", "nov.csv"],
      files(realisticStack(), focusCsv(rows)),
    );
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/no report written/);
    expect(r.err).toMatch(/nov\.csv:8:\d+: BillingCurrency: EUR, but line 2 is USD/);
  });

  it("a CSV missing a required column", async () => {
    const r = await run(
      ["--state", "prod.json", "--focus", "nov.csv", "--format", "html"],
      files(realisticStack(), "BilledCost,BillingCurrency\n1,USD\n"),
    );
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toMatch(
      /nov\.csv:1:1: header: missing required columns EffectiveCost, ChargePeriodStart/,
    );
  });

  it("a malformed export", async () => {
    const text = realisticStack().text().replace('"version": 3', '"version": 3,,');
    const r = await run(["--state", "prod.json", "--format", "csv"], { "prod.json": text });
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/prod\.json:2:18: not valid JSON/);
  });

  it("a file that is not there", async () => {
    const r = await run(["--state", "missing.json"], {});
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/missing\.json: cannot read: no such file/);
  });

  it("a bad bill writes no --output file", async () => {
    const rows = realisticBill();
    rows[0] = { ...rows[0]!, billed: "n/a" };
    const r = await run(
      ["--state", "prod.json", "--focus", "nov.csv", "--format", "html", "--output", "out.html"],
      files(realisticStack(), focusCsv(rows)),
    );
    expect(r.code).toBe(2);
    expect(r.captured.written.size).toBe(0);
  });

  it.each([
    [[], /name the source/],
    [["--state", "a.json", "--stack", "dev"], /give one source/],
    [
      ["--state", "a.json", "--format", "pdf"],
      /--format "pdf" is not one of table, csv, json, html/,
    ],
    [
      ["--state", "a.json", "--focus", "b.csv", "--month", "2026-13"],
      /--month "2026-13" is not a month/,
    ],
    [["--state", "a.json", "--month", "2026-11"], /--month selects billing lines/],
    [["--state"], /--state needs a value/],
    [["--state", "a.json", "--colour"], /unknown option --colour/],
    [
      ["--state", "a.json", "--tag-prefix", "AI"],
      /--tag-prefix: tag prefix "AI" must be lowercase/,
    ],
  ])("usage error %j", async (argv, message) => {
    const r = await run(argv, {});
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toMatch(message);
    expect(r.err).toMatch(/usage: outcomeguard report/);
  });

  it("--help prints the usage and succeeds", async () => {
    const r = await run(["--help"], {});
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^usage: outcomeguard report/);
  });
});

describe("--output", () => {
  it("writes the whole report to the file and nothing to standard output", async () => {
    const r = await run(
      ["--state", "prod.json", "--format", "csv", "--output", "report.csv"],
      files(),
    );
    expect(r.code).toBe(0);
    expect(r.out).toBe("");
    expect(r.captured.written.get("report.csv")?.split("\n")[0]).toBe(`${HEADER}${STACK_COLUMNS}`);
    expect(r.err).toMatch(/wrote report\.csv/);
  });
});

describe("--stack: the same report from an offline preview", () => {
  const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
  const UNKNOWN_OBJECT = "dd056dcd-154b-4c76-9bd3-c8f88648b5ff";

  /** Preview records: inputs only, and what depends on other resources is unknown. */
  function previewRecords(): ResourceRecordLike[] {
    const s = realisticStack();
    return s.resources
      .filter((r) => !r.type.startsWith("pulumi:providers:"))
      .map((r) => {
        const name = r.urn.split("::").pop()!;
        let props = { ...(r.inputs ?? {}) };
        if (name === "support-bot-budget") {
          // The filter is built from another resource's output.
          props = { ...props, costFilters: [{ name: "TagKeyValue", values: [UNKNOWN_STRING] }] };
        }
        if (name === "support-bot-stop") props = { ...props, budgetName: UNKNOWN_STRING };
        if (name === "invoice-reader-profile") props = { ...props, tags: UNKNOWN_OBJECT };
        return { urn: r.urn, type: r.type, name, ...(r.parent ? { parent: r.parent } : {}), props };
      });
  }

  it("reads endpoints, ties computed budgets to their component's outcome, and says what is unknown", async () => {
    const r = await run(["--stack", "dev", "--format", "json"], {}, { dev: previewRecords() });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as JsonReport;
    const support = j.outcomes.find((o) => o.outcome === SUPPORT.id)!;
    // Budget and action are in the support-bot component: they count for its outcome.
    expect(support).toMatchObject({ budgetAlarm: "yes", hardStop: "yes" });
    // In a preview the provider's default tags are not there: cost center missing.
    expect(j.rows.find((x) => x.resource === "support-bot-profile")?.tagProblems).toEqual([
      "missing ai-cost-center",
    ]);
    // A tag map that is computed as a whole: the endpoint's outcome is unknown, tags unknown.
    expect(j.rows.find((x) => x.resource === "invoice-reader-profile")).toMatchObject({
      outcome: "untagged",
      tagsComplete: "unknown",
    });
  });

  it("an unknown stack is a usage error", async () => {
    const r = await run(["--stack", "nope"], {}, {});
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/stack nope: no stack named nope/);
  });
});

describe("--format html", () => {
  it("is one self-contained page: no script, nothing fetched, one bar group per outcome", async () => {
    const r = await run(
      ["--state", "prod.json", "--focus", "nov.csv", "--format", "html"],
      files(),
    );
    expect(r.code).toBe(0);
    const html = r.out;
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'/);
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(http/i);
    // The only URL is the SVG namespace.
    expect(html.match(/https?:\/\/[^"'\s<]+/g)).toEqual(["http://www.w3.org/2000/svg"]);
    expect(html.match(/<g class="outcome-group"/g)).toHaveLength(5);
    expect(html).toMatch(/data-outcome="untagged"/);
  });

  it("escapes what the stack and the bill say", async () => {
    const rows = realisticBill();
    rows.push({ billed: 1, service: "Amazon Bedrock", tags: { "user:ai-outcome": "<b>x</b>&" } });
    const r = await run(
      ["--state", "prod.json", "--focus", "nov.csv", "--format", "html"],
      files(realisticStack(), focusCsv(rows)),
    );
    expect(r.out).not.toContain("<b>x</b>");
    expect(r.out).toContain("&lt;b&gt;x&lt;/b&gt;&amp;");
  });
});
