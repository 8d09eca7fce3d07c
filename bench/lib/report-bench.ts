/**
 * The report on a big bill: a generated FOCUS bill (Parquet and CSV) through
 * `outcomeguard report --format json`, against a bare DuckDB process scanning the same file and
 * summing EffectiveCost by the outcome tag, in the same run; peak RSS of each. Beside them, the
 * report as it was before DuckDB (the commit named below, read whole into a string) on a smaller
 * bill, because it cannot read the big one. Goals: at most 3x the bare scan, at most 1.5 GB RSS.
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { OUTCOMEGUARD_BIN, REPO_ROOT } from "../../test/support/outcomeguard";
import { peakRssMb, sampling } from "./coldstart";
import { WORK_DIR } from "./packs";
import type { ReportBenchResult, ReportRun } from "./results";
import { formatNumber, median, table, type Log } from "./stats";

/** The last commit whose report read the bill into one string. */
export const OLD_REPORT_COMMIT = "8abda0a";
export const REPORT_GOALS = { maxRatio: 3, maxRssMb: 1536 } as const;

const DIR = path.join(WORK_DIR, "report");
const DUCKDB = require.resolve("@duckdb/node-api");

/** Run a command, timing it and sampling its peak RSS until it exits. */
async function measure(cmd: string, args: readonly string[]): Promise<ReportRun> {
  const t0 = performance.now();
  const child = spawn(cmd, args, { cwd: DIR, stdio: ["ignore", "ignore", "pipe"] });
  let [peak, err] = [0, ""];
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const code = await sampling(exited, 25, () => (peak = Math.max(peak, peakRssMb(child.pid) ?? 0)));
  const [ms, rssMb, ok] = [Math.round(performance.now() - t0), Math.round(peak), code === 0];
  return { ms, rssMb, ok, ...(ok ? {} : { error: err.trim().split("\n").slice(-3).join(" ") }) };
}

const node = (args: string[]) => measure(process.execPath, args);

/** A node process running one DuckDB statement (the bare baseline, or generating a bill). */
const duckScript = (sql: string) =>
  `const d=require(${JSON.stringify(DUCKDB)});(async()=>{const i=await d.DuckDBInstance.create(':memory:');` +
  `const c=await i.connect();await c.runAndReadAll(${JSON.stringify(sql)})})()` +
  `.catch(e=>{console.error(e.message);process.exit(1)})`;

/** A bill as AWS would deliver it: 2,000 resources, each with fixed tags, hourly lines for 30 days. */
function generateSql(lines: number, file: string, csv: boolean): string {
  const tags = csv
    ? `CASE WHEN r % 9 = 8 THEN '{}' ELSE '{"user:ai-outcome":"outcome-' || (r % 9) || '","user:ai-team":"team-' || (r % 4) || '"}' END`
    : `CASE WHEN r % 9 = 8 THEN MAP {}::MAP(VARCHAR, VARCHAR) ELSE MAP {'user:ai-outcome': 'outcome-' || (r % 9), 'user:ai-team': 'team-' || (r % 4)} END`;
  const ts = (e: string) => (csv ? `strftime(${e}, '%Y-%m-%dT%H:%M:%SZ')` : e);
  const start = `TIMESTAMPTZ '2026-11-01 00:00:00+00' + to_hours(((i // 2000) % 720)::BIGINT)`;
  return `SET TimeZone = 'UTC'; COPY (SELECT
    round(0.01 + (i % 997) * 0.013, 4) AS BilledCost, round(0.01 + (i % 997) * 0.012, 4) AS EffectiveCost,
    'USD' AS BillingCurrency, 'Usage' AS ChargeCategory,
    ${ts(start)} AS ChargePeriodStart, ${ts(`${start} + INTERVAL 1 HOUR`)} AS ChargePeriodEnd,
    CASE WHEN r % 10 < 7 THEN 'Amazon Bedrock' WHEN r % 10 < 9 THEN 'Azure OpenAI' ELSE 'Amazon Elastic Compute Cloud' END AS ServiceName,
    'arn:aws:bedrock:us-east-1:12345678901' || (r % 4) || ':application-inference-profile/p' || r AS ResourceId,
    '12345678901' || (r % 4) AS SubAccountId, 'us-east-' || (1 + r % 2) AS RegionId, ${tags} AS Tags
  FROM (SELECT i, i % 2000 AS r FROM range(${lines}) t(i))) TO '${file}' (FORMAT ${csv ? "csv, HEADER" : "parquet"});`;
}

async function generate(lines: number, base: string, log: Log): Promise<Record<string, string>> {
  const files = { parquet: path.join(DIR, `${base}.parquet`), csv: path.join(DIR, `${base}.csv`) };
  for (const [format, file] of Object.entries(files)) {
    if (fs.existsSync(file) && fs.existsSync(`${file}.lines-${lines}`)) continue;
    log(`report: generating a ${formatNumber(lines)}-line ${format} bill`);
    const r = await node(["-e", duckScript(generateSql(lines, file, format === "csv"))]);
    if (!r.ok) throw new Error(`generating ${file}: ${r.error ?? ""}`);
    fs.writeFileSync(`${file}.lines-${lines}`, "");
  }
  return files;
}

function bareSql(file: string, csv: boolean): string {
  return csv
    ? `SELECT json_extract_string(Tags, '$."user:ai-outcome"') AS outcome, sum(EffectiveCost) FROM read_csv('${file}') GROUP BY 1`
    : `SELECT Tags['user:ai-outcome'] AS outcome, sum(EffectiveCost) FROM read_parquet('${file}') GROUP BY 1`;
}

/** The median time; the highest peak RSS; a failure if any run failed. */
const summary = (runs: ReportRun[]): ReportRun => ({
  ...(runs.find((r) => !r.ok) ?? (runs[0] as ReportRun)),
  ms: median(runs.map((r) => r.ms)),
  rssMb: Math.max(...runs.map((r) => r.rssMb)),
});

const OLD_TREE = ["bin", "cli", "domain", "components", "policies", "stacks", "package.json"];
const STATE = path.join(DIR, "state.json");
const report = (bin: string, file: string, out: string) =>
  node([bin, "report", `--state=${STATE}`, `--focus=${file}`, "--format=json", `--output=${out}`]);

/** The report as it was at {@link OLD_REPORT_COMMIT}, unpacked under bench/.work. */
function oldReport(): string {
  const dir = path.join(DIR, `old-${OLD_REPORT_COMMIT}`);
  if (!fs.existsSync(path.join(dir, "bin"))) {
    fs.mkdirSync(dir, { recursive: true });
    const tar = execFileSync("git", ["archive", OLD_REPORT_COMMIT, ...OLD_TREE], {
      cwd: REPO_ROOT,
      maxBuffer: 1 << 26,
    });
    execFileSync("tar", ["-x", "-C", dir], { input: tar });
  }
  return path.join(dir, "bin", "outcomeguard.cjs");
}

export async function runReportBench(
  smoke: boolean,
  log: Log,
  lineCount?: number,
): Promise<ReportBenchResult> {
  fs.mkdirSync(DIR, { recursive: true });
  const lines = lineCount ?? (smoke ? 20_000 : 10_000_000);
  const oldLines = smoke ? 0 : Math.min(lines, 1_000_000);
  const runs = smoke ? 1 : 3;
  fs.writeFileSync(STATE, JSON.stringify({ version: 3, deployment: { resources: [] } }));
  const formats: ReportBenchResult["formats"] = {};
  for (const [format, file] of Object.entries(await generate(lines, `bill-${lines}`, log))) {
    const [reports, bare]: [ReportRun[], ReportRun[]] = [[], []];
    for (let i = 0; i < runs; i++) {
      log(`report: ${format} run ${i + 1}/${runs}`);
      bare.push(await node(["-e", duckScript(bareSql(file, format === "csv"))]));
      reports.push(await report(OUTCOMEGUARD_BIN, file, `out-${format}.json`));
    }
    const [r, b] = [summary(reports), summary(bare)];
    const ratio = Math.round((r.ms / b.ms) * 100) / 100;
    formats[format] = { report: r, bare: b, ratio, bytes: fs.statSync(file).size };
  }
  let old: ReportBenchResult["old"];
  if (oldLines > 0) {
    const csv = (await generate(oldLines, `bill-${oldLines}`, log)).csv as string;
    log(`report: the pre-DuckDB report (${OLD_REPORT_COMMIT}) on ${formatNumber(oldLines)} lines`);
    old = { lines: oldLines, csv: await report(oldReport(), csv, "out-old.json") };
  }
  const all = Object.values(formats);
  const met = {
    ratio: all.every((f) => f.report.ok && f.ratio <= REPORT_GOALS.maxRatio),
    rss: all.every((f) => f.report.rssMb <= REPORT_GOALS.maxRssMb),
  };
  return { lines, oldLines, runs, formats, ...(old ? { old } : {}), met };
}

export function renderReportBench(r: ReportBenchResult): string {
  const row = (name: string, x: ReportRun) => [
    ...[name, `${(x.ms / 1000).toFixed(2)} s`, `${x.rssMb} MB`],
    ...(x.ok ? [] : [`FAILED: ${x.error ?? ""}`]),
  ];
  const rows = [
    [`report on a ${formatNumber(r.lines)}-line bill`, `median of ${r.runs}`, "peak RSS"],
  ];
  const notes: string[] = [];
  for (const [format, f] of Object.entries(r.formats)) {
    rows.push(row(`${format}: outcomeguard report --format json`, f.report));
    rows.push(row(`${format}: bare DuckDB sum by outcome`, f.bare));
    const size = `file ${(f.bytes / 1e6).toFixed(0)} MB`;
    notes.push(`${format}: ${f.ratio}x the bare scan (goal <= ${REPORT_GOALS.maxRatio}x); ${size}`);
  }
  if (r.old) rows.push(row(`before DuckDB, ${formatNumber(r.old.lines)} CSV lines`, r.old.csv));
  const met = (ok: boolean) => (r.lines < 1e6 ? "not judged (smoke size)" : ok ? "met" : "NOT met");
  const goals = `goals: ratio ${met(r.met.ratio)}; peak RSS <= ${REPORT_GOALS.maxRssMb} MB ${met(r.met.rss)}`;
  return [table(rows), ...notes, goals].join("\n");
}
