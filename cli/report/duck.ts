/**
 * The bill on an embedded DuckDB: the report's SQL (cli/report/sql) over the files `--focus`
 * names, streamed and summed inside DuckDB under a memory limit, so only sums per service,
 * resource, tags and day reach JavaScript. DuckDB is imported here, when a report reads a bill,
 * and by nothing else (the pack, the components, the domain and `preview` never load it).
 */
import { roundCents } from "../../domain/money";
import { createReadStream, promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { SpendLine } from "../../domain/spend-model";
import { AI_SPEND_RULES, FOCUS_REQUIRED_COLUMNS, type AiService } from "../../domain/focus";
import type { Cloud, TagKeys } from "../../domain/tags";
import { gzipProblem, type BillFile, type BillSelection } from "./bill-files";
import { MAX_LISTED_PROBLEMS, ReportInputError, type InputProblem } from "./errors";
import { missingColumns, readFocusCsv, REPORT_CURRENCY } from "./focus-csv";
import { ident, lit, reportSql, step, type SqlStep } from "./sql";

export interface FocusData {
  /** How the report names the bill: the inputs as given. */
  readonly file: string;
  readonly files: readonly string[];
  /** AI spend, summed per service, resource, account, region, tags and day. */
  readonly lines: readonly SpendLine[];
  /** Calendar months (`YYYY-MM`) of the lines in scope, AI or not. */
  readonly months: readonly string[];
  /** Lines in scope that are not AI spend: counted, never allocated. */
  readonly otherSpend: { readonly lines: number; readonly effectiveCostUsd: number };
  readonly currency: string;
  /** Lines left out because they fall outside `--month`. */
  readonly outsideMonth: number;
  /** AI billing lines in scope (before summing). */
  readonly aiLineCount: number;
  /** The last charge day in scope (`YYYY-MM-DD`). */
  readonly lastDay?: string;
  /** Which export snapshots were read. */
  readonly notes: readonly string[];
}

export interface BillReadOptions {
  readonly month?: string;
  /** DuckDB's memory limit (default {@link DEFAULT_MEMORY_LIMIT}); it spills to disk beyond. */
  readonly memoryLimit?: string;
}

export const DEFAULT_MEMORY_LIMIT = "1GB";
/** CSV files up to this size are re-read to name a bad field by line and column. */
const PRECISE_LIMIT_BYTES = 32 * 1024 * 1024;

const OPTIONAL_COLUMNS = {
  x_ServiceCode: ["x_ServiceCode"],
  SubAccountId: ["SubAccountId"],
  RegionId: ["RegionId", "Region"],
} as const;

const CLOUD_OF = new Map<AiService, Cloud>([
  ["bedrock-marketplace", "aws"],
  ...[
    ...AI_SPEND_RULES.serviceName,
    ...AI_SPEND_RULES.serviceCode,
    ...AI_SPEND_RULES.resourceId,
  ].map(([, service, cloud]) => [service, cloud] as const),
]);

// ---- reading the files' columns -----------------------------------------------------------------

/** The header of a CSV (gzip or not), read from its first bytes. */
async function csvHeader(file: BillFile): Promise<string[]> {
  const { createGunzip } = await import("node:zlib");
  const { parse } = await import("csv-parse/sync");
  const raw = createReadStream(file.path, { end: 4 * 1024 * 1024 });
  const stream = file.format === "csv.gz" ? raw.pipe(createGunzip()) : raw;
  let text = "";
  try {
    for await (const chunk of stream) {
      text += (chunk as Buffer).toString("utf8");
      if (/\r?\n/.test(text) || text.length > 1024 * 1024) break;
    }
  } catch (e) {
    if (text === "") throw e;
  } finally {
    raw.destroy();
  }
  const first = text.replace(/^\ufeff/, "").split(/\r?\n/)[0] ?? "";
  if (first.trim() === "") return [];
  return ((parse(first) as string[][])[0] ?? []).map((h) => h.trim());
}

interface FileColumns {
  readonly file: BillFile;
  /** Column name in the file, by lower-case name. */
  readonly names: ReadonlyMap<string, string>;
  /** DuckDB type of each column (Parquet), by lower-case name. */
  readonly types: ReadonlyMap<string, string>;
}

interface DuckConnection {
  run(sql: string): Promise<unknown>;
  runAndReadAll(sql: string): Promise<{ getRowObjectsJson(): Record<string, unknown>[] }>;
}

async function parquetMagic(file: BillFile): Promise<string | undefined> {
  const fd = await fs.open(file.path, "r");
  try {
    const { size } = await fd.stat();
    if (size < 12) return `too small to be a Parquet file (${size} bytes)`;
    const head = Buffer.alloc(4);
    const tail = Buffer.alloc(4);
    await fd.read(head, 0, 4, 0);
    await fd.read(tail, 0, 4, size - 4);
    if (head.toString("latin1") !== "PAR1" || tail.toString("latin1") !== "PAR1") {
      return "no Parquet magic bytes (PAR1) at its start and end: not a Parquet file, or cut short";
    }
    return undefined;
  } finally {
    await fd.close();
  }
}

async function columnsOf(conn: DuckConnection, file: BillFile): Promise<FileColumns> {
  const names = new Map<string, string>();
  const types = new Map<string, string>();
  const problems: InputProblem[] = [];
  if (file.format === "parquet") {
    const bad = await parquetMagic(file);
    if (bad)
      throw new ReportInputError(file.display, [{ message: `not a valid Parquet file: ${bad}` }]);
    let rows: Record<string, unknown>[];
    try {
      rows = (
        await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${lit(file.path)})`)
      ).getRowObjectsJson();
    } catch (e) {
      throw new ReportInputError(file.display, [
        { message: `not a valid Parquet file: ${duckMessage(e)}` },
      ]);
    }
    for (const r of rows) {
      const name = String(r.column_name);
      names.set(name.toLowerCase(), name);
      types.set(name.toLowerCase(), String(r.column_type));
    }
  } else {
    if (file.format === "csv.gz") {
      const bad = await gzipProblem(file.path);
      if (bad)
        throw new ReportInputError(file.display, [{ message: `not a valid gzip file: ${bad}` }]);
    }
    const header = await csvHeader(file);
    if (header.length === 0 || header.every((h) => h === "")) {
      throw new ReportInputError(file.display, [
        {
          line: 1,
          column: 1,
          message: `empty: a FOCUS export starts with a header naming its columns (${FOCUS_REQUIRED_COLUMNS.join(", ")})`,
        },
      ]);
    }
    for (const h of header) {
      if (names.has(h.toLowerCase())) {
        problems.push({ line: 1, where: "header", message: `column "${h}" appears twice` });
      }
      names.set(h.toLowerCase(), h);
      types.set(h.toLowerCase(), "VARCHAR");
    }
  }
  const missing = missingColumns(
    (c) => names.has(c.toLowerCase()),
    [...names.values()],
    file.format === "parquet" ? "file" : "header",
  );
  if (missing) problems.push(missing);
  if (problems.length > 0) throw new ReportInputError(file.display, problems);
  return { file, names, types };
}

// ---- the focus_bill view ------------------------------------------------------------------------

function tagsColumns(c: FileColumns): string {
  const name = c.names.get("tags") ?? "Tags";
  const type = c.types.get("tags") ?? "VARCHAR";
  const col = ident(name);
  if (type === "VARCHAR" || type === "JSON") {
    return `${col}::VARCHAR AS Tags_json, NULL::UBIGINT AS Tags_hash, NULL::MAP(VARCHAR, VARCHAR) AS Tags_map`;
  }
  if (type.startsWith("MAP(")) {
    return `NULL::VARCHAR AS Tags_json, hash(${col}) AS Tags_hash, CAST(${col} AS MAP(VARCHAR, VARCHAR)) AS Tags_map`;
  }
  const struct = /^STRUCT\((.*)\)$/.exec(type);
  if (struct) {
    const fields = splitStructFields(struct[1] ?? "");
    const keys = fields.map(lit).join(", ");
    const values = fields.map((f) => `${col}.${ident(f)}::VARCHAR`).join(", ");
    return `NULL::VARCHAR AS Tags_json, hash(${col}) AS Tags_hash, map([${keys}], [${values}])::MAP(VARCHAR, VARCHAR) AS Tags_map`;
  }
  throw new ReportInputError(c.file.display, [
    {
      where: "Tags",
      message: `is ${type}; FOCUS tags are a JSON object (CSV) or a MAP or STRUCT of strings (Parquet)`,
    },
  ]);
}

/** Field names of a DuckDB STRUCT type's inside: `a VARCHAR, "b c" VARCHAR`. */
function splitStructFields(inner: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of `${inner},`) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      const t = current.trim();
      const m = /^"((?:[^"]|"")*)"/.exec(t) ?? /^(\S+)/.exec(t);
      if (m?.[1]) names.push(m[1].replace(/""/g, '"'));
      current = "";
    } else current += ch;
  }
  return names;
}

/** Milliseconds since the epoch (UTC) of a charge-period column, whatever type the file has. */
function epochMs(c: FileColumns, name: string): string {
  const col = ident(c.names.get(name.toLowerCase()) ?? name);
  const type = c.types.get(name.toLowerCase()) ?? "VARCHAR";
  if (type.startsWith("TIMESTAMP")) return `epoch_ms(${col})`; // naive timestamps are UTC
  if (type === "DATE") return `epoch_ms(${col}::TIMESTAMP)`;
  return `epoch_ms(TRY_CAST(${col} AS TIMESTAMPTZ))`;
}

function normalisedSelect(c: FileColumns, from: string, rowExpr: string): string {
  const col = (name: string) => ident(c.names.get(name.toLowerCase()) ?? name);
  const optional = (canonical: keyof typeof OPTIONAL_COLUMNS) => {
    const found = OPTIONAL_COLUMNS[canonical]
      .map((n) => c.names.get(n.toLowerCase()))
      .find(Boolean);
    return found ? `${ident(found)}::VARCHAR AS ${canonical}` : `NULL::VARCHAR AS ${canonical}`;
  };
  return [
    `SELECT`,
    `    filename AS _file,`,
    `    ${rowExpr} AS _row,`,
    `    TRY_CAST(${col("BilledCost")} AS DOUBLE) AS BilledCost,`,
    `    TRY_CAST(${col("EffectiveCost")} AS DOUBLE) AS EffectiveCost,`,
    `    ${col("BillingCurrency")}::VARCHAR AS BillingCurrency,`,
    `    ${epochMs(c, "ChargePeriodStart")} AS ChargeStartMs,`,
    `    ${epochMs(c, "ChargePeriodEnd")} AS ChargeEndMs,`,
    `    ${col("ServiceName")}::VARCHAR AS ServiceName,`,
    `    ${col("ResourceId")}::VARCHAR AS ResourceId,`,
    `    ${optional("x_ServiceCode")},`,
    `    ${optional("SubAccountId")},`,
    `    ${optional("RegionId")},`,
    `    ${tagsColumns(c)}`,
    `  FROM ${from}`,
  ].join("\n");
}

function csvSource(group: readonly FileColumns[]): string {
  const first = group[0];
  if (!first) throw new Error("empty CSV group");
  const columns = [...first.names.values()].map((n) => `${lit(n)}: 'VARCHAR'`).join(", ");
  const files = group.map((g) => lit(g.file.path)).join(", ");
  return `read_csv([${files}], header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', strict_mode = true, filename = true, columns = {${columns}})`;
}

function parquetSource(group: readonly FileColumns[]): string {
  const files = group.map((g) => lit(g.file.path)).join(", ");
  return `read_parquet([${files}], filename = true, file_row_number = true)`;
}

/** The view over every file, with FOCUS column names; `_bad` names a required value missing. */
export function focusBillView(columns: readonly FileColumns[]): string {
  const groups = new Map<string, FileColumns[]>();
  for (const c of columns) {
    const sig = `${c.file.format === "parquet" ? "parquet" : "csv"}:${[...c.names.values()].join(",")}:${[...c.types.values()].join(",")}`;
    groups.set(sig, [...(groups.get(sig) ?? []), c]);
  }
  const selects = [...groups.values()].map((g) =>
    g[0]?.file.format === "parquet"
      ? normalisedSelect(g[0], parquetSource(g), "file_row_number + 1")
      : normalisedSelect(g[0] as FileColumns, csvSource(g), "NULL::BIGINT"),
  );
  return [
    `-- The bill: ${columns.length} file${columns.length === 1 ? "" : "s"} with FOCUS column names.`,
    `CREATE OR REPLACE TEMP VIEW focus_bill AS`,
    `SELECT`,
    `  *,`,
    `  CASE`,
    `    WHEN BilledCost IS NULL THEN 'BilledCost'`,
    `    WHEN EffectiveCost IS NULL THEN 'EffectiveCost'`,
    `    WHEN ChargeStartMs IS NULL THEN 'ChargePeriodStart'`,
    `    WHEN ChargeEndMs IS NULL OR ChargeEndMs < ChargeStartMs THEN 'ChargePeriodEnd'`,
    `  END AS _bad`,
    `FROM (`,
    `  ${selects.join("\n  UNION ALL BY NAME\n  ")}`,
    `);`,
  ].join("\n");
}

// ---- running ------------------------------------------------------------------------------------

function duckMessage(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.split("\n")[0]?.replace(/^[A-Za-z ]+Error: /, "") ?? m;
}

/**
 * After a Parquet file failed to scan: the first row group of it that cannot be read (each row
 * group is read on its own, by its row numbers). Only on this error path.
 */
async function corruptRowGroup(
  conn: DuckConnection,
  files: readonly BillFile[],
  e: unknown,
): Promise<{ readonly file: BillFile; readonly group: number } | undefined> {
  const full = e instanceof Error ? e.message : String(e);
  const parquet = files.filter((f) => f.format === "parquet");
  // The file DuckDB names, else each Parquet file in turn (DuckDB does not always say which).
  const named = parquet.filter((f) => full.includes(f.path));
  const cols = FOCUS_REQUIRED_COLUMNS.map(ident).join(", ");
  for (const file of named.length > 0 ? named : parquet) {
    try {
      const groups = (
        await conn.runAndReadAll(
          `SELECT row_group_id AS id, any_value(row_group_num_rows) AS n FROM parquet_metadata(${lit(file.path)}) GROUP BY 1 ORDER BY 1`,
        )
      ).getRowObjectsJson();
      let start = 0;
      for (const g of groups) {
        const end = start + num(g.n);
        try {
          await conn.runAndReadAll(
            `SELECT count(hash(${cols})) FROM read_parquet(${lit(file.path)}, file_row_number = true) WHERE file_row_number >= ${start} AND file_row_number < ${end}`,
          );
        } catch {
          return { file, group: num(g.id) };
        }
        start = end;
      }
    } catch {
      // the metadata itself cannot be read: the file is named without a row group
    }
  }
  return undefined;
}

/** A DuckDB error while scanning, named by file (and line, for CSV; row group, for Parquet). */
function scanError(
  e: unknown,
  files: readonly BillFile[],
  corrupt?: { readonly file: BillFile; readonly group: number },
): ReportInputError {
  const full = e instanceof Error ? e.message : String(e);
  const file =
    corrupt?.file ??
    files.find((f) => full.includes(`file = ${f.path}`)) ??
    files.find((f) => full.includes(f.path)) ??
    (files.length === 1 ? files[0] : undefined);
  const name = file?.display ?? files.map((f) => f.display).join(", ");
  const csvLine = /CSV Error on Line: (\d+)/.exec(full);
  if (csvLine && file?.format !== "parquet") {
    const detail = full
      .split("\n")
      .find((l) => /Expected Number of Columns|unterminated|Invalid/i.test(l));
    return new ReportInputError(name, [
      {
        line: Number(csvLine[1]),
        message: `not a valid CSV file: ${(detail ?? duckMessage(e)).trim()}`,
      },
    ]);
  }
  const group = corrupt?.group ?? /row group (\d+)/i.exec(full)?.[1];
  const kind =
    file?.format === "parquet" ? "Parquet" : file?.format === "csv.gz" ? "gzip CSV" : "CSV";
  return new ReportInputError(name, [
    {
      ...(group !== undefined ? { where: `row group ${group}` } : {}),
      message: `not a valid ${kind} file: ${duckMessage(e)}`,
    },
  ]);
}

async function open(memoryLimit: string) {
  const duck = await import("@duckdb/node-api");
  const tmp = path.join(os.tmpdir(), `outcomeguard-duckdb-${process.pid}`);
  const instance = await duck.DuckDBInstance.create(":memory:", {
    memory_limit: memoryLimit,
    threads: String(Math.max(1, os.availableParallelism())),
    temp_directory: tmp,
    preserve_insertion_order: "false",
    // Parquet, JSON and ICU are built in: never download an extension.
    autoinstall_known_extensions: "false",
    autoload_known_extensions: "false",
  });
  const conn = await instance.connect();
  return {
    conn: conn as unknown as DuckConnection,
    close: async () => {
      conn.closeSync();
      instance.closeSync();
      await fs.rm(tmp, { recursive: true, force: true });
    },
  };
}

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const str = (v: unknown) => (v === null || v === undefined ? undefined : String(v));

/** The report's SQL for these inputs (what `--print-sql` prints), without reading a line. */
export async function billSql(
  selection: BillSelection,
  keys: TagKeys,
  options: BillReadOptions = {},
): Promise<SqlStep[]> {
  const db = await open(options.memoryLimit ?? DEFAULT_MEMORY_LIMIT);
  try {
    const columns: FileColumns[] = [];
    for (const f of selection.files) columns.push(await columnsOf(db.conn, f));
    return reportSql(focusBillView(columns), keys, options.month);
  } finally {
    await db.close();
  }
}

/** Problems of small CSV files named by line and column (the precise reader), if it finds any. */
async function preciseProblems(files: readonly BillFile[], keys: TagKeys): Promise<void> {
  for (const f of files) {
    if (f.format === "parquet") continue;
    const { size } = await fs.stat(f.path);
    if (size > PRECISE_LIMIT_BYTES) continue;
    let text: string;
    if (f.format === "csv.gz") {
      const { gunzipSync } = await import("node:zlib");
      text = gunzipSync(await fs.readFile(f.path)).toString("utf8");
    } else text = await fs.readFile(f.path, "utf8");
    readFocusCsv(text, f.display, keys); // throws ReportInputError when it finds a problem
  }
}

const PROBLEM_TEXT: Record<string, string> = {
  BilledCost: "not a number (empty, or written with currency signs or thousands separators)",
  EffectiveCost: "not a number (empty, or written with currency signs or thousands separators)",
  ChargePeriodStart: "not an ISO 8601 date-time such as 2026-11-01T00:00:00Z",
  ChargePeriodEnd: "not an ISO 8601 date-time such as 2026-12-01T00:00:00Z, or before the start",
  Tags: 'not a JSON object of tag keys and values, such as {"ai-outcome":"support-deflection"}',
  BillingCurrency: "not an ISO 4217 currency code such as USD",
};

/** Read the bill: validated, then summed in DuckDB; throws {@link ReportInputError} on bad input. */
export async function readBill(
  selection: BillSelection,
  keys: TagKeys,
  options: BillReadOptions = {},
): Promise<FocusData> {
  const display = new Map(selection.files.map((f) => [f.path, f.display]));
  const shown = (p: unknown) => display.get(String(p)) ?? String(p);
  const db = await open(options.memoryLimit ?? DEFAULT_MEMORY_LIMIT);
  try {
    const columns: FileColumns[] = [];
    for (const f of selection.files) columns.push(await columnsOf(db.conn, f));
    const steps = reportSql(focusBillView(columns), keys, options.month);
    for (const s of steps.filter((x) => x.setup)) {
      try {
        await db.conn.run(s.text);
      } catch (e) {
        if (s.name.startsWith("10-")) {
          throw scanError(e, selection.files, await corruptRowGroup(db.conn, selection.files, e));
        }
        throw e;
      }
    }

    // Bad values and currencies: named by line and column when the file is small enough to
    // re-read, otherwise by file, column and count.
    const check = (await db.conn.runAndReadAll(step(steps, "30-"))).getRowObjectsJson()[0];
    if (num(check?.problem_lines) > 0) {
      const rows = (await db.conn.runAndReadAll(step(steps, "35-"))).getRowObjectsJson();
      await preciseProblems(
        selection.files.filter((f) => rows.some((p) => String(p.file) === f.path)),
        keys,
      );
      const currencies = String(check?.currencies ?? "")
        .split(", ")
        .filter(Boolean);
      const foreign = currencies.filter((c) => c !== REPORT_CURRENCY);
      const problems = rows.filter((p) => p.problem !== "currency");
      const listed: InputProblem[] = problems.slice(0, MAX_LISTED_PROBLEMS).map((p) => ({
        where: `${shown(p.file)}: ${String(p.problem)}`,
        message: `${num(p.lines)} line${num(p.lines) === 1 ? "" : "s"} ${PROBLEM_TEXT[String(p.problem)] ?? "unreadable"}${p.first_row ? ` (the first at row ${num(p.first_row)})` : ""}${p.example ? `, e.g. "${String(p.example)}"` : ""}`,
      }));
      if (foreign.length > 0) {
        listed.push({
          where: "BillingCurrency",
          message:
            currencies.length > 1
              ? `the bill mixes currencies (${currencies.join(", ")}), and a report cannot add them; export one currency (${REPORT_CURRENCY})`
              : `billing is in ${currencies[0]}, but cost ceilings are in ${REPORT_CURRENCY}; export the billing data in ${REPORT_CURRENCY} so spend can be compared with ceilings`,
        });
      }
      throw new ReportInputError(
        selection.files.map((f) => f.display).join(", "),
        listed,
        Math.max(0, problems.length - MAX_LISTED_PROBLEMS),
      );
    }

    const summary = (await db.conn.runAndReadAll(step(steps, "40-"))).getRowObjectsJson();
    const currencies = [...new Set(summary.map((r) => String(r.currency)))];
    const month = options.month;
    const months = new Set<string>();
    let otherLines = 0;
    let otherUsd = 0;
    let outsideMonth = 0;
    let aiLineCount = 0;
    let lastDay: string | undefined;
    for (const r of summary) {
      if (month !== undefined && r.month !== month) {
        outsideMonth += num(r.lines);
        continue;
      }
      months.add(String(r.month));
      // The bill covers up to its last charge period's end (a monthly line covers its month).
      const covered = str(r.last_covered_day) ?? str(r.last_day)?.slice(0, 10);
      const day =
        covered && covered.slice(0, 7) === r.month ? covered : str(r.last_day)?.slice(0, 10);
      if (day && (!lastDay || day > lastDay)) lastDay = day;
      if (r.ai === true || r.ai === "true") aiLineCount += num(r.lines);
      else {
        otherLines += num(r.lines);
        otherUsd += num(r.effective_cost);
      }
    }

    const lines: SpendLine[] = [];
    for (const r of (await db.conn.runAndReadAll(step(steps, "50-"))).getRowObjectsJson()) {
      const service = String(r.ai_service) as AiService;
      const resourceId = str(r.resource_id);
      const model = str(r.model);
      const outcome = str(r.outcome);
      const team = str(r.team);
      const costCenter = str(r.cost_center);
      const account = str(r.account);
      const region = str(r.region);
      lines.push({
        line: 0,
        cloud: CLOUD_OF.get(service) ?? "aws",
        service,
        serviceName: str(r.service_name) ?? "",
        ...(model ? { model } : {}),
        ...(resourceId ? { resourceId } : {}),
        ...(outcome ? { outcome } : {}),
        ...(team ? { team } : {}),
        ...(costCenter ? { costCenter } : {}),
        ...(account ? { account } : {}),
        ...(region ? { region } : {}),
        day: String(r.day),
        count: num(r.lines),
        effectiveCostUsd: num(r.effective_cost),
        billedCostUsd: num(r.billed_cost),
      });
    }
    return {
      file: selection.files.map((f) => f.display).join(", "),
      files: selection.files.map((f) => f.display),
      lines,
      months: months.size > 0 ? [...months].sort() : month ? [month] : [],
      otherSpend: { lines: otherLines, effectiveCostUsd: roundCents(otherUsd) },
      currency: currencies[0] ?? REPORT_CURRENCY,
      outsideMonth,
      aiLineCount,
      ...(lastDay ? { lastDay } : {}),
      notes: selection.notes,
    };
  } finally {
    await db.close();
  }
}
