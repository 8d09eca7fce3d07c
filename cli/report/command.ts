/**
 * `outcomeguard report`: spend by outcome for finance, from a `pulumi stack export` file or an
 * offline preview of a stack, optionally with a FOCUS billing export for actual spend. The whole
 * report is built before a byte is written, so bad input never leaves a partial report behind.
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { MONTH_PATTERN } from "../../domain/focus";
import { DEFAULT_TAG_PREFIX, tagKeys, tagPrefixProblem } from "../../domain/tags";
import { buildReport, type Report, type ReportSource } from "./build";
import { formatProblems, ReportInputError } from "./errors";
import { readFocusCsv, type FocusData } from "./focus-csv";
import { renderCsv } from "./render-csv";
import { renderHtml } from "./render-html";
import { renderJson } from "./render-json";
import { renderTable } from "./render-table";
import { fromResourceRecord, type ReportResource, type ResourceRecordLike } from "./resource";
import { readStackExport } from "./state";

export const REPORT_USAGE = `usage: outcomeguard report (--state FILE | --stack NAME) [options]

Spend by outcome: per team and outcome, the KPI, endpoints (model, tier), monthly ceiling,
projected maximum, budget alarm, hard stop and tag completeness; with --focus, actual spend
and percent of ceiling. Totals per team and overall.

sources (one):
  --state FILE        a \`pulumi stack export\` file (deployment version 3)
  --stack NAME        an offline preview of the stack's program (no cloud, no Pulumi CLI)

options:
  --focus FILE        a FOCUS 1.x billing export (CSV) for actual spend; AI spend is matched
                      to outcomes by the ai-outcome tag, and spend without one is "untagged"
  --month YYYY-MM     only billing lines whose charge period starts in this month
  --format FORMAT     table (default), csv, json or html
  --output FILE       write the report to FILE instead of standard output
  --tag-prefix PREFIX the tag prefix the stack uses (default "${DEFAULT_TAG_PREFIX}")
  -h, --help          show this help

Exit codes: 0 report written; 2 usage or input errors (nothing is written).`;

export const FORMATS = ["table", "csv", "json", "html"] as const;
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
  readonly state?: string;
  readonly stack?: string;
  readonly focus?: string;
  readonly month?: string;
  readonly format: ReportFormat;
  readonly output?: string;
  readonly tagPrefix: string;
}

class UsageError extends Error {}

const VALUE_OPTIONS = [
  "--state",
  "--stack",
  "--focus",
  "--month",
  "--format",
  "--output",
  "--tag-prefix",
] as const;
type ValueOption = (typeof VALUE_OPTIONS)[number];

/** Parse the command line; throws a usage error naming what is wrong. Undefined means help. */
export function parseReportArgs(argv: readonly string[]): ReportArgs | undefined {
  const values = new Map<ValueOption, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "-h" || arg === "--help") return undefined;
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!(VALUE_OPTIONS as readonly string[]).includes(name)) {
      throw new UsageError(
        arg.startsWith("-")
          ? `unknown option ${name}`
          : `unexpected argument "${arg}" (name the source with --state FILE or --stack NAME)`,
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
    if (values.has(name as ValueOption)) throw new UsageError(`${name} is given twice`);
    values.set(name as ValueOption, value);
  }
  const state = values.get("--state");
  const stack = values.get("--stack");
  if (state === undefined && stack === undefined) {
    throw new UsageError("name the source: --state FILE (a pulumi stack export) or --stack NAME");
  }
  if (state !== undefined && stack !== undefined) {
    throw new UsageError("give one source: --state FILE or --stack NAME, not both");
  }
  const format = values.get("--format") ?? "table";
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format "${format}" is not one of ${FORMATS.join(", ")}`);
  }
  const month = values.get("--month");
  if (month !== undefined && !MONTH_PATTERN.test(month)) {
    throw new UsageError(`--month "${month}" is not a month written YYYY-MM (e.g. 2026-11)`);
  }
  if (month !== undefined && values.get("--focus") === undefined) {
    throw new UsageError("--month selects billing lines; give the bill with --focus FILE");
  }
  const tagPrefix = values.get("--tag-prefix") ?? DEFAULT_TAG_PREFIX;
  const prefixProblem = tagPrefixProblem(tagPrefix);
  if (prefixProblem) throw new UsageError(`--tag-prefix: ${prefixProblem}`);
  const focus = values.get("--focus");
  const output = values.get("--output");
  return {
    ...(state !== undefined ? { state } : {}),
    ...(stack !== undefined ? { stack } : {}),
    ...(focus !== undefined ? { focus } : {}),
    ...(month !== undefined ? { month } : {}),
    ...(output !== undefined ? { output } : {}),
    format: format as ReportFormat,
    tagPrefix,
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

/** Build the report text for parsed arguments; throws {@link ReportInputError} on bad input. */
export async function produceReport(args: ReportArgs, deps: ReportDeps): Promise<string> {
  const keys = tagKeys(args.tagPrefix);
  let resources: ReportResource[];
  let source: ReportSource;
  if (args.state !== undefined) {
    resources = readStackExport(await readInput(deps, args.state), args.state);
    source = { kind: "state", name: args.state };
  } else {
    const stack = args.stack ?? "";
    resources = (await deps.runStack(stack)).map(fromResourceRecord);
    source = { kind: "stack", name: stack };
  }
  let focus: FocusData | undefined;
  if (args.focus !== undefined) {
    focus = readFocusCsv(
      await readInput(deps, args.focus),
      args.focus,
      keys,
      args.month ? { month: args.month } : {},
    );
  }
  const report = buildReport(resources, {
    source,
    keys,
    tagPrefix: args.tagPrefix,
    ...(focus ? { focus } : {}),
    ...(args.month ? { month: args.month } : {}),
  });
  return renderReport(report, args.format);
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
