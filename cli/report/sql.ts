/**
 * The report's queries: SQL files over FOCUS column names (cli/report/sql/*.sql), filled in for
 * the inputs given. The same text runs in the embedded DuckDB and is what `--print-sql` prints,
 * so a finance team can run it where its export already lives. The AI-service patterns and the
 * tag spellings come from the domain, so the SQL and the report decide alike.
 */
import { readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { AI_SPEND_RULES, MARKETPLACE_BEDROCK, RESOURCE_TAG_PREFIXES } from "../../domain/focus";
import type { TagKeys } from "../../domain/tags";
import { REPORT_CURRENCY } from "./focus-csv";

/** Where the .sql files are: beside this module, so an installed package finds them too. */
export const SQL_DIR = path.join(__dirname, "sql");

export interface SqlStep {
  /** The file the step comes from (or what built it). */
  readonly name: string;
  readonly text: string;
  /** Creates what the queries read (settings, views, the summed table), rather than answering. */
  readonly setup: boolean;
}

/** A SQL string literal. */
export const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
/** A SQL identifier. */
export const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** A JavaScript pattern as an RE2 pattern (DuckDB, BigQuery and Trino read the same syntax). */
function re2(pattern: RegExp): string {
  return `${pattern.flags.includes("i") ? "(?i)" : ""}${pattern.source}`;
}

/** The AI service a line is, by the domain's rules in the domain's order; NULL for other spend. */
export function aiServiceSql(): string {
  const when: string[] = [
    `WHEN regexp_matches(ServiceName, ${lit(re2(MARKETPLACE_BEDROCK))}) THEN 'bedrock-marketplace'`,
  ];
  for (const [pattern, service] of AI_SPEND_RULES.serviceName) {
    when.push(`WHEN regexp_matches(ServiceName, ${lit(re2(pattern))}) THEN ${lit(service)}`);
  }
  for (const [pattern, service] of AI_SPEND_RULES.serviceCode) {
    when.push(`WHEN regexp_matches(x_ServiceCode, ${lit(re2(pattern))}) THEN ${lit(service)}`);
  }
  for (const [pattern, service] of AI_SPEND_RULES.resourceId) {
    when.push(`WHEN regexp_matches(ResourceId, ${lit(re2(pattern))}) THEN ${lit(service)}`);
  }
  return `CASE\n    ${when.join("\n    ")}\n  END`;
}

/** The model a Marketplace line names ("Claude 3.5 Sonnet (Amazon Bedrock Edition)"). */
export function aiModelSql(): string {
  return `CASE WHEN regexp_matches(ServiceName, ${lit(re2(MARKETPLACE_BEDROCK))}) THEN nullif(trim(regexp_extract(ServiceName, ${lit(re2(MARKETPLACE_BEDROCK))}, 1)), '') END`;
}

/**
 * A resource tag as a bill spells it (see the domain's `billingTag`): the key as-is or with the
 * prefixes AWS adds, in that order, then any of those spellings in any case. Empty is absent.
 */
export function billingTagSql(key: string): string {
  const spellings = RESOURCE_TAG_PREFIXES.map((p) => `${p}${key}`);
  const exact = spellings.map((s) => `nullif(trim(tag_map[${lit(s)}]), '')`);
  const lower = spellings.map((s) => lit(s.toLowerCase())).join(", ");
  const anyCase = `nullif(trim(list_filter(map_entries(tag_map), lambda e: lower(e.key) IN (${lower}) AND trim(coalesce(e.value, '')) <> '')[1].value), '')`;
  return `coalesce(\n    ${[...exact, anyCase].join(",\n    ")}\n  )`;
}

export function monthFilterSql(month: string | undefined): string {
  return month === undefined ? "" : `AND ChargeMonth = ${lit(month)}`;
}

/** The SQL files in order (their names sort as they run). */
export function sqlFiles(): string[] {
  return readdirSync(SQL_DIR)
    .filter((f) => f.endsWith(".sql"))
    .sort();
}

export function fill(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`SQL template ${whole} has no value`);
    return v;
  });
}

/** Every step of the report's SQL for these inputs, `focusBill` being the view over the files. */
export function reportSql(focusBill: string, keys: TagKeys, month?: string): SqlStep[] {
  const values = {
    ai_service: aiServiceSql(),
    ai_model: aiModelSql(),
    outcome: billingTagSql(keys.outcome),
    team: billingTagSql(keys.team),
    cost_center: billingTagSql(keys.costCenter),
    month_filter: monthFilterSql(month),
    currency: REPORT_CURRENCY,
    currency_literal: lit(REPORT_CURRENCY),
  };
  const steps: SqlStep[] = [];
  for (const file of sqlFiles()) {
    const text = fill(readFileSync(path.join(SQL_DIR, file), "utf8"), values);
    steps.push({ name: file, text: text.trim(), setup: file < "30-" });
    if (file.startsWith("00-")) {
      steps.push({ name: "focus_bill (the inputs)", text: focusBill, setup: true });
    }
  }
  return steps;
}

/** The step whose file name starts with `prefix` (`30-`, `50-`). */
export function step(steps: readonly SqlStep[], prefix: string): string {
  const s = steps.find((x) => x.name.startsWith(prefix));
  if (!s) throw new Error(`no SQL step ${prefix}`);
  return s.text;
}
