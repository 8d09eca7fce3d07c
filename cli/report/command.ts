/**
 * `outcomeguard report`: spend by outcome for finance, from stack state (`pulumi stack export`
 * files, a DIY backend's stacks) or an offline preview of a stack, optionally with FOCUS billing
 * exports for actual spend (read on an embedded DuckDB). The whole report is built before a byte
 * is written, so bad input never leaves a partial report behind.
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { DEFAULT_ANOMALY_K, DEFAULT_TOP_N, type KpiActual } from "../../domain/finance";
import { MONTH_PATTERN } from "../../domain/focus";
import { DEFAULT_TAG_PREFIX, tagKeys, tagPrefixProblem } from "../../domain/tags";
import { readBackend } from "./backend";
import { resolveBillInputs, type BillSelection } from "./bill-files";
import { buildReport, type Report, type ReportSource, type StackInput } from "./build";
import { billSql, readBill, type FocusData } from "./duck";
import { formatProblems, ReportInputError } from "./errors";
import { readKpiActuals } from "./kpi-actuals";
import { renderCsv } from "./render-csv";
import { renderHtml } from "./render-html";
import { renderJson } from "./render-json";
import { renderMarkdown } from "./render-markdown";
import { renderTable } from "./render-table";
import { fromResourceRecord, type ResourceRecordLike } from "./resource";
import { readStackExport, stackNameOf } from "./state";

export const REPORT_USAGE = `usage: outcomeguard report (--state FILE... | --backend DIR | --stack NAME) [options]

Spend by outcome: per team and outcome, the KPI, endpoints (model, tier), monthly ceiling,
projected maximum, budget alarm, hard stop and tag completeness; with --focus, actual spend,
percent of ceiling, untagged spend by source, spend by month, burn rate and forecast, daily
anomalies, team budgets and cost per outcome unit. Totals per team and overall.

sources (state files and backends combine into one report, with a stack column):
  --state FILE        a \`pulumi stack export\` file (deployment version 3); repeatable
  --backend DIR       every stack of a Pulumi DIY backend (\`pulumi login file://DIR\`)
  --stack NAME        an offline preview of the stack's program (no cloud, no Pulumi CLI)

options:
  --focus PATH        FOCUS 1.0-1.3 billing data for actual spend; repeatable. PATH is a .csv,
                      .csv.gz or .parquet file, a directory (AWS Data Exports and Azure cost
                      exports are read through their manifests, latest snapshot only), a glob,
                      or - for standard input. AI spend is matched to outcomes by the
                      ai-outcome tag; spend without one is "untagged"
  --month YYYY-MM     only billing lines whose charge period starts in this month
  --kpi-actuals FILE  measured KPI values, CSV outcome,period,kpi,value: cost per outcome unit
  --anomaly-k K       a day above K times its trailing 7-day median is an anomaly (default ${DEFAULT_ANOMALY_K})
  --top N             untagged spend: the N largest sources by service, account and region (default ${DEFAULT_TOP_N})
  --format FORMAT     table (default), csv, json, html or markdown
  --output FILE       write the report to FILE instead of standard output (never one of the inputs)
  --print-sql         print the report's SQL for the --focus inputs and stop
  --tag-prefix PREFIX the tag prefix the stack uses (default "${DEFAULT_TAG_PREFIX}")
  -h, --help          show this help

Exit codes: 0 report written; 2 usage or input errors (nothing is written).`;

export const FORMATS = ["table", "csv", "json", "html", "markdown"] as const;
export type ReportFormat = (typeof FORMATS)[number];

export interface ReportIo {
  out(s: string): void;
  err(s: string): void;
}

/** What the command needs from the outside world; tests replace it. */
export interface ReportDeps {
  readFile(file: string): Promise<string>;
  writeFile(file: string, content: string): Promise<void>;
  /** The resources of an offline preview of a stack (cli/program/run.ts `runStackProgram`). */
  runStack(stack: string): Promise<readonly ResourceRecordLike[]>;
  /** Where relative paths start (default: the process's working directory). */
  readonly cwd?: string;
  /** Standard input, for `--focus -`. */
  stdin?(): NodeJS.ReadableStream;
}

async function defaultRunStack(stack: string): Promise<readonly ResourceRecordLike[]> {
  // Loaded when used, so a report from a state file does not pay for the preview's imports.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require("../program/run") as typeof import("../program/run");
  return mod.runStackProgram(stack);
}

export const defaultReportDeps: ReportDeps = {
  readFile: (file) => fs.readFile(file, "utf8"),
  writeFile: async (file, content) => {
    // Write beside the target and rename, so a reader never sees half a report.
    const tmp = path.join(
      path.dirname(file),
      `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`,
    );
    await fs.writeFile(tmp, content, "utf8");
    try {
      await fs.rename(tmp, file);
    } catch (e) {
      await fs.rm(tmp, { force: true });
      throw e;
    }
  },
  runStack: defaultRunStack,
};

export interface ReportArgs {
  readonly state: readonly string[];
  readonly backend: readonly string[];
  readonly stack?: string;
  readonly focus: readonly string[];
  readonly month?: string;
  readonly format: ReportFormat;
  readonly output?: string;
  readonly tagPrefix: string;
  readonly kpiActuals?: string;
  readonly anomalyK: number;
  readonly topN: number;
  readonly printSql: boolean;
}

class UsageError extends Error {}

const REPEATABLE = ["--state", "--backend", "--focus"] as const;
const VALUE_OPTIONS = [
  ...REPEATABLE,
  "--stack",
  "--month",
  "--format",
  "--output",
  "--tag-prefix",
  "--kpi-actuals",
  "--anomaly-k",
  "--top",
] as const;
const FLAGS = ["--print-sql"] as const;

/** The command line's values, checked: each message names the option and what it allows. */
const ArgsSchema = z
  .object({
    "--state": z.array(z.string()).default([]),
    "--backend": z.array(z.string()).default([]),
    "--focus": z.array(z.string()).default([]),
    "--stack": z.string().optional(),
    "--month": z
      .string()
      .regex(MONTH_PATTERN, {
        error: (i) => `--month "${String(i.input)}" is not a month written YYYY-MM (e.g. 2026-11)`,
      })
      .optional(),
    "--format": z
      .enum(FORMATS, {
        error: (i) => `--format "${String(i.input)}" is not one of ${FORMATS.join(", ")}`,
      })
      .default("table"),
    "--output": z.string().optional(),
    "--tag-prefix": z.string().default(DEFAULT_TAG_PREFIX),
    "--kpi-actuals": z.string().optional(),
    "--anomaly-k": z
      .string()
      .regex(/^\d+(?:\.\d+)?$/, {
        error: (i) => `--anomaly-k "${String(i.input)}" is not a number`,
      })
      .transform(Number)
      .pipe(
        z
          .number()
          .gt(1, { error: "--anomaly-k must be above 1 (a day above K times its baseline)" }),
      )
      .optional(),
    "--top": z
      .string()
      .regex(/^[1-9]\d*$/, {
        error: (i) => `--top "${String(i.input)}" is not a whole number above 0`,
      })
      .transform(Number)
      .optional(),
    "--print-sql": z.boolean().default(false),
  })
  .strict();

/** Parse the command line; throws a usage error naming what is wrong. Undefined means help. */
export function parseReportArgs(argv: readonly string[]): ReportArgs | undefined {
  const values: Record<string, string | string[] | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "-h" || arg === "--help") return undefined;
    if ((FLAGS as readonly string[]).includes(arg)) {
      values[arg] = true;
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!(VALUE_OPTIONS as readonly string[]).includes(name)) {
      throw new UsageError(
        arg.startsWith("-") && arg !== "-"
          ? `unknown option ${name}`
          : `unexpected argument "${arg}" (name the source with --state FILE, --backend DIR or --stack NAME)`,
      );
    }
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      i++;
    }
    if (value === undefined || value === "" || (eq < 0 && value.startsWith("--"))) {
      throw new UsageError(`${name} needs a value`);
    }
    if ((REPEATABLE as readonly string[]).includes(name)) {
      values[name] = [...((values[name] as string[] | undefined) ?? []), value];
    } else {
      if (values[name] !== undefined) throw new UsageError(`${name} is given twice`);
      values[name] = value;
    }
  }
  const parsed = ArgsSchema.safeParse(values);
  if (!parsed.success) {
    throw new UsageError(parsed.error.issues.map((i) => i.message).join("; "));
  }
  const v = parsed.data;
  const stateLike = v["--state"].length + v["--backend"].length;
  if (!v["--print-sql"] && stateLike === 0 && v["--stack"] === undefined) {
    throw new UsageError(
      "name the source: --state FILE (a pulumi stack export), --backend DIR (a DIY backend) or --stack NAME",
    );
  }
  if (stateLike > 0 && v["--stack"] !== undefined) {
    throw new UsageError("give one source: --state FILE or --stack NAME, not both");
  }
  const needsBill = (what: string) => {
    if (v["--focus"].length === 0) throw new UsageError(`${what}; give the bill with --focus PATH`);
  };
  if (v["--month"] !== undefined) needsBill("--month selects billing lines");
  if (v["--print-sql"]) needsBill("--print-sql prints the SQL over a bill");
  if (v["--kpi-actuals"] !== undefined) needsBill("--kpi-actuals divides actual spend");
  if (v["--focus"].filter((f) => f === "-").length > 1) {
    throw new UsageError("--focus - (standard input) can be given once");
  }
  const prefixProblem = tagPrefixProblem(v["--tag-prefix"]);
  if (prefixProblem) throw new UsageError(`--tag-prefix: ${prefixProblem}`);
  return {
    state: v["--state"],
    backend: v["--backend"],
    ...(v["--stack"] !== undefined ? { stack: v["--stack"] } : {}),
    focus: v["--focus"],
    ...(v["--month"] !== undefined ? { month: v["--month"] } : {}),
    ...(v["--output"] !== undefined ? { output: v["--output"] } : {}),
    ...(v["--kpi-actuals"] !== undefined ? { kpiActuals: v["--kpi-actuals"] } : {}),
    format: v["--format"],
    tagPrefix: v["--tag-prefix"],
    anomalyK: v["--anomaly-k"] ?? DEFAULT_ANOMALY_K,
    topN: v["--top"] ?? DEFAULT_TOP_N,
    printSql: v["--print-sql"],
  };
}

export function renderReport(report: Report, format: ReportFormat): string {
  switch (format) {
    case "table":
      return renderTable(report);
    case "csv":
      return renderCsv(report);
    case "json":
      return renderJson(report);
    case "html":
      return renderHtml(report);
    case "markdown":
      return renderMarkdown(report);
  }
}

async function readInput(deps: ReportDeps, file: string): Promise<string> {
  try {
    return await deps.readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "no such file"
        : code === "EISDIR"
          ? "is a directory, not a file"
          : code === "EACCES"
            ? "permission denied"
            : e instanceof Error
              ? e.message
              : String(e);
    throw new ReportInputError(file, [{ message: `cannot read: ${why}` }]);
  }
}

/** The path a file resolves to, through symbolic links when it exists. */
async function canonical(file: string): Promise<string> {
  try {
    return await fs.realpath(file);
  } catch {
    return path.resolve(file);
  }
}

/** The bill's files as the user named them (they resolve to the same paths), and its manifests. */
function billInputs(selection: BillSelection): string[] {
  return [
    ...selection.files.filter((f) => f.display !== "-").map((f) => f.display),
    ...selection.manifests,
  ];
}

/** Refuse an `--output` that would replace one of the inputs. */
async function checkOutput(output: string, inputs: readonly string[], cwd: string): Promise<void> {
  const out = await canonical(path.resolve(cwd, output));
  for (const input of inputs) {
    if ((await canonical(path.resolve(cwd, input))) === out) {
      throw new ReportInputError(output, [
        {
          message: `--output is ${input === output ? "an input" : `the input ${input}`}: writing the report there would destroy it; choose another file`,
        },
      ]);
    }
  }
}

/** Build the report text for parsed arguments; throws {@link ReportInputError} on bad input. */
export async function produceReport(args: ReportArgs, deps: ReportDeps): Promise<string> {
  const cwd = deps.cwd ?? process.cwd();
  const keys = tagKeys(args.tagPrefix);
  let selection: BillSelection | undefined;
  try {
    if (args.focus.length > 0) {
      selection = await resolveBillInputs(args.focus, cwd, deps.stdin ?? (() => process.stdin));
    }
    if (args.printSql && selection) {
      const steps = await billSql(selection, keys, args.month ? { month: args.month } : {});
      if (args.output !== undefined) {
        await checkOutput(args.output, billInputs(selection), cwd);
      }
      return (
        `-- OutcomeGuard report SQL (DuckDB dialect over FOCUS column names), for ${selection.files.map((f) => f.display).join(", ")}\n` +
        `-- Run the steps in order; the last ones return the figures the report allocates.\n\n` +
        steps.map((s) => `-- ${s.name}\n${s.text}`).join("\n\n") +
        "\n"
      );
    }

    const stacks: StackInput[] = [];
    const stateFiles: string[] = [];
    for (const file of args.state) {
      const resources = readStackExport(await readInput(deps, file), file);
      stacks.push({ name: stackNameOf(resources) ?? file, resources });
      stateFiles.push(file);
    }
    for (const dir of args.backend) {
      for (const s of await readBackend(path.resolve(cwd, dir), dir)) {
        const shown = path.join(dir, path.relative(path.resolve(cwd, dir), s.file));
        stacks.push({ name: s.name, resources: readStackExport(s.text, shown) });
        stateFiles.push(s.file);
      }
    }
    let source: ReportSource;
    if (args.stack !== undefined) {
      stacks.push({
        name: args.stack,
        resources: (await deps.runStack(args.stack)).map(fromResourceRecord),
      });
      source = { kind: "stack", name: args.stack };
    } else {
      source = { kind: "state", name: [...args.state, ...args.backend].join(", ") };
    }
    if (args.output !== undefined) {
      await checkOutput(
        args.output,
        [
          ...stateFiles,
          ...(args.kpiActuals ? [args.kpiActuals] : []),
          ...(selection ? billInputs(selection) : []),
        ],
        cwd,
      );
    }
    let kpiActuals: KpiActual[] | undefined;
    if (args.kpiActuals !== undefined) {
      kpiActuals = readKpiActuals(await readInput(deps, args.kpiActuals), args.kpiActuals);
    }
    let focus: FocusData | undefined;
    if (selection) {
      focus = await readBill(selection, keys, args.month ? { month: args.month } : {});
    }
    const report = buildReport(stacks, {
      source,
      keys,
      tagPrefix: args.tagPrefix,
      ...(focus ? { focus } : {}),
      ...(args.month ? { month: args.month } : {}),
      ...(kpiActuals ? { kpiActuals } : {}),
      anomalyK: args.anomalyK,
      topN: args.topN,
    });
    return renderReport(report, args.format);
  } finally {
    for (const t of selection?.temporary ?? []) await fs.rm(t, { recursive: true, force: true });
  }
}

/** The `outcomeguard report` command: 0 when the report is written, 2 for usage or input errors. */
export async function reportCommand(
  argv: readonly string[],
  io: ReportIo,
  deps: ReportDeps = defaultReportDeps,
): Promise<number> {
  let args: ReportArgs | undefined;
  try {
    args = parseReportArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`outcomeguard report: ${e.message}\n\n${REPORT_USAGE}`);
      return 2;
    }
    throw e;
  }
  if (!args) {
    io.out(REPORT_USAGE);
    return 0;
  }
  let text: string;
  try {
    text = await produceReport(args, deps);
  } catch (e) {
    if (e instanceof ReportInputError) {
      io.err(
        `outcomeguard report: no report written; fix the input and run again:\n${formatProblems(e.file, e.problems, e.more)}`,
      );
      return 2;
    }
    const named = e as { name?: unknown; message?: unknown };
    if (
      args.stack !== undefined &&
      (named.name === "StackProgramError" || named.name === "StackUsageError")
    ) {
      io.err(`outcomeguard report: stack ${args.stack}: ${String(named.message)}`);
      return 2;
    }
    throw e;
  }
  if (args.output !== undefined) {
    try {
      await deps.writeFile(args.output, text);
    } catch (e) {
      io.err(
        `outcomeguard report: cannot write ${args.output}: ${e instanceof Error ? e.message : String(e)}`,
      );
      return 2;
    }
    io.err(`outcomeguard report: wrote ${args.output}`);
    return 0;
  }
  io.out(text.endsWith("\n") ? text.slice(0, -1) : text);
  return 0;
}
