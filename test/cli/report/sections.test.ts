/**
 * The finance views in every format, over three months of daily lines with a runaway day: the
 * governed headline, untagged spend grouped by source (resource ids only in csv and json), spend
 * by month, burn rate and forecast flagged above the ceiling, anomalies, team budgets.
 */
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { reportCommand } from "../../../cli/report/command";
import {
  FOCUS_COLUMNS_WITH_PLACE,
  focusCsv,
  memoryDeps,
  multiMonthBill,
  realisticStack,
  RUNAWAY,
  SUPPORT,
} from "../../support/report-fixtures";

async function report(format: string, extra: string[] = [], files: Record<string, string> = {}) {
  const { deps, io, captured } = memoryDeps({
    "prod.json": realisticStack().text(),
    "q4.csv": focusCsv(multiMonthBill(), FOCUS_COLUMNS_WITH_PLACE),
    ...files,
  });
  const code = await reportCommand(
    ["--state", "prod.json", "--focus", "q4.csv", "--format", format, ...extra],
    io,
    deps,
  );
  if (code !== 0) throw new Error(captured.err.join("\n"));
  return captured.out.join("\n");
}

const UNTAGGED_ID =
  "arn:aws:bedrock:us-east-1:100000000000:inference-profile/us.anthropic.claude-sonnet-4-20250514-v1:0";

interface Json {
  anomalies: { outcome: string; team: string; date: string; usd: number; baselineUsd: number }[];
  anomalyK: number;
  headline: {
    governedUsd: number;
    untaggedUsd: number;
    notInStackUsd: number;
    governedPctOfCeiling: number;
  };
  forecasts: { outcome: string; overCeiling: boolean; forecastUsd: number; daysElapsed: number }[];
  monthly: { outcome: string; month: string; usd: number }[];
  untagged: { top: { account: string; usd: number }[]; rest?: { sources: number; usd: number } };
  teamBudgets: { team: string; costCenters: string[]; budgetUsd: number }[];
  rows: { resource: string; untagged: boolean }[];
}

describe("finance views", () => {
  it("json: anomalies as { outcome, team, date, usd, baselineUsd }, the runaway on its first day", async () => {
    const j = JSON.parse(await report("json")) as Json;
    expect(j.anomalies).toEqual([
      {
        outcome: SUPPORT.id,
        team: "support",
        date: RUNAWAY.date,
        usd: RUNAWAY.usd,
        baselineUsd: RUNAWAY.dailyUsd,
      },
    ]);
    expect(j.anomalyK).toBe(3);
  });

  it("json: the headline over governed spend only; forecast of the last month flagged above its ceiling", async () => {
    const j = JSON.parse(await report("json")) as Json;
    // Support 3 months: 3,000 + 3,100 + (19 x 100 + 150,000); invoices 81 days x 20.
    expect(j.headline).toMatchObject({ governedUsd: 158_000 + 1_620, notInStackUsd: 0 });
    expect(j.headline.governedPctOfCeiling).toBeCloseTo((159_620 / (10_800 * 3)) * 100, 1);
    const support = j.forecasts.find((f) => f.outcome === SUPPORT.id);
    expect(support).toMatchObject({ overCeiling: true, daysElapsed: 20 });
    expect(j.forecasts.find((f) => f.outcome === "invoice-extraction")).toMatchObject({
      overCeiling: false,
      forecastUsd: 600,
    });
    expect(j.monthly.filter((m) => m.outcome === SUPPORT.id).map((m) => m.usd)).toEqual([
      3_000, 3_100, 151_900,
    ]);
  });

  it("json: untagged spend grouped by account and region, top N and the rest; resource ids kept in rows", async () => {
    const j = JSON.parse(await report("json", ["--top", "3"])) as Json;
    expect(j.untagged.top.map((s) => s.account)).toEqual([
      "100000000011",
      "100000000010",
      "100000000009",
    ]);
    expect(j.untagged.rest).toMatchObject({ sources: 9 });
    expect(j.rows.some((r) => r.resource === UNTAGGED_ID)).toBe(true);
  });

  it("csv: each row carries its outcome's anomaly days and forecast flag", async () => {
    const rows = parse(await report("csv"), { columns: true }) as Record<string, string>[];
    const support = rows.find((r) => r.resource === "support-bot-profile");
    expect(support).toMatchObject({
      outcome_anomaly_days: "1",
      outcome_forecast_above_ceiling: "yes",
    });
    expect(rows.some((r) => r.resource === UNTAGGED_ID)).toBe(true);
  });

  it.each(["table", "markdown", "html"])(
    "%s: the anomaly, the flag, the governed headline; no untagged resource ids",
    async (format) => {
      const out = await report(format);
      expect(out).toContain(RUNAWAY.date);
      expect(out).toContain("150,000.00");
      expect(out).toMatch(/ABOVE CEILING/);
      expect(out).toMatch(/[Gg]overned/);
      expect(out).toContain("2026-09");
      expect(out).not.toContain("100000000000:inference-profile");
      expect(out).toContain("100000000011");
    },
  );

  it("--anomaly-k: a higher k lists nothing for a 1,500x day only above 2,000x", async () => {
    const j = JSON.parse(await report("json", ["--anomaly-k", "2000"])) as Json;
    expect(j.anomalies).toEqual([]);
  });

  it("team budgets with cost centers", async () => {
    const j = JSON.parse(await report("json")) as Json;
    expect(j.teamBudgets.find((t) => t.team === "support")).toMatchObject({
      costCenters: ["CC-4410"],
      budgetUsd: 15_000,
    });
  });
});

describe("cost per outcome unit (--kpi-actuals)", () => {
  const kpis = [
    "outcome,period,kpi,value",
    // Support spends 3,000 in September: 1,200 deflected tickets = 2.50 each.
    `${SUPPORT.id},2026-09,support.ticket-deflection-rate,1200`,
  ].join("\n");

  it("csv: kpi_actual, cost_per_kpi_unit_usd and the KPI's direction", async () => {
    const out = await report("csv", ["--month", "2026-09", "--kpi-actuals", "kpi.csv"], {
      "kpi.csv": kpis,
    });
    const rows = parse(out, { columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r.resource === "support-bot-profile")).toMatchObject({
      actual_usd: "3000.00",
      kpi_actual: "1200",
      cost_per_kpi_unit_usd: "2.50",
      kpi_direction: "higher is better",
    });
  });

  it.each(["table", "markdown", "html", "json"])("%s shows it", async (format) => {
    const out = await report(format, ["--month", "2026-09", "--kpi-actuals", "kpi.csv"], {
      "kpi.csv": kpis,
    });
    expect(out).toMatch(/2\.5/);
    expect(out).toContain("support.ticket-deflection-rate");
  });

  it("bad rows are named by line and field; exit 2", async () => {
    const { deps, io, captured } = memoryDeps({
      "prod.json": realisticStack().text(),
      "q4.csv": focusCsv(multiMonthBill()),
      "kpi.csv": "outcome,period,kpi,value\nSupport!,2026-13,x,-1\n",
    });
    const code = await reportCommand(
      ["--state", "prod.json", "--focus", "q4.csv", "--kpi-actuals", "kpi.csv"],
      io,
      deps,
    );
    expect(code).toBe(2);
    const err = captured.err.join("\n");
    expect(err).toMatch(/kpi\.csv:2: outcome: "Support!" must be an outcome id/);
    expect(err).toMatch(/kpi\.csv:2: period: "2026-13" must be a month written YYYY-MM/);
    expect(err).toMatch(/kpi\.csv:2: value: "-1" must not be negative/);
  });
});
