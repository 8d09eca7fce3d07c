/**
 * Portable SQL: `report --print-sql` prints the report's queries for the inputs given; run in a
 * fresh DuckDB, they give the report's figures. The .sql files are found beside the module.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { reportCommand } from "../../../cli/report/command";
import { aiServiceSql, billingTagSql, SQL_DIR, sqlFiles } from "../../../cli/report/sql";
import {
  FOCUS_COLUMNS_WITH_PLACE,
  focusCsv,
  memoryDeps,
  multiMonthBill,
  realisticStack,
} from "../../support/report-fixtures";

async function report(argv: string[]) {
  const files = {
    "prod.json": realisticStack().text(),
    "q4.csv": focusCsv(multiMonthBill(), FOCUS_COLUMNS_WITH_PLACE),
  };
  const { deps, io, captured, dir } = memoryDeps(files);
  const code = await reportCommand(argv, io, deps);
  if (code !== 0) throw new Error(captured.err.join("\n"));
  return { out: captured.out.join("\n"), dir };
}

/** Run SQL text statement by statement; the last statement's rows. */
async function runSql(text: string, cwd: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(":memory:");
  const c = await db.connect();
  const before = process.cwd();
  process.chdir(cwd);
  try {
    const statements = await c.extractStatements(text);
    let rows: Record<string, unknown>[] = [];
    for (let i = 0; i < statements.count; i++) {
      const prepared = await statements.prepare(i);
      rows = (await prepared.runAndReadAll()).getRowObjectsJson() as Record<string, unknown>[];
    }
    return rows;
  } finally {
    process.chdir(before);
    c.closeSync();
    db.closeSync();
  }
}

describe("report --print-sql", () => {
  it("the .sql files are found beside the module, in the order they run", () => {
    expect(SQL_DIR).toBe(path.join(__dirname, "..", "..", "..", "cli", "report", "sql"));
    expect(sqlFiles().every((f) => existsSync(path.join(SQL_DIR, f)))).toBe(true);
    expect(sqlFiles()[0]).toMatch(/^00-/);
  });

  it("printed SQL, run in a fresh DuckDB, gives the report's spend per outcome and month", async () => {
    const sql = await report(["--print-sql", "--focus", "q4.csv"]);
    expect(sql.out).toMatch(/^-- OutcomeGuard report SQL/);
    expect(sql.out).toContain("read_csv(");
    const rows = await runSql(sql.out, sql.dir);
    const { out } = await report(["--state", "prod.json", "--focus", "q4.csv", "--format", "json"]);
    const j = JSON.parse(out) as {
      monthly: { outcome: string; month: string; usd: number }[];
      outcomes: { outcome: string; totals: { actualUsd: number } }[];
    };
    const bySql = rows.map((r) => [
      String(r.outcome),
      String(r.month),
      Math.round(Number(r.effective_cost) * 100) / 100,
    ]);
    const byReport = j.monthly.map((m) => [m.outcome, m.month, m.usd]);
    expect(bySql.sort()).toEqual(byReport.sort());
    expect(bySql.length).toBe(9); // three outcomes with spend, three months
  });

  it("--month is in the printed SQL", async () => {
    const { out } = await report(["--print-sql", "--focus", "q4.csv", "--month", "2026-10"]);
    expect(out).toContain("AND ChargeMonth = '2026-10'");
  });

  it("AI services and tag spellings come from the domain's patterns", () => {
    expect(aiServiceSql()).toContain(
      `regexp_matches(ServiceName, '(?i)^amazon bedrock\\b') THEN 'amazon-bedrock'`,
    );
    const tag = billingTagSql("ai-outcome");
    for (const spelling of [
      "ai-outcome",
      "user:ai-outcome",
      "resourceTags/ai-outcome",
      "resourceTags/user:ai-outcome",
    ]) {
      expect(tag).toContain(`tag_map['${spelling}']`);
    }
  });
});
