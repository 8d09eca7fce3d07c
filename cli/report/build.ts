/** Build the whole report in memory from one resource model and, optionally, a FOCUS bill. */
import { allocate, type Allocation } from "../../domain/allocation";
import { formatUsd } from "../../domain/money";
import { DEFAULT_CATALOG, type Catalog } from "../../domain/catalog";
import type { TagKeys } from "../../domain/tags";
import type { FocusData } from "./focus-csv";
import type { ReportResource } from "./resource";
import { analyseStack } from "./stack";

export interface ReportSource {
  /** `state`: a `pulumi stack export` file; `stack`: an offline preview of a stack program. */
  readonly kind: "state" | "stack";
  /** The file path or the stack name. */
  readonly name: string;
}

export interface ReportBilling {
  readonly file: string;
  readonly currency: string;
  readonly months: readonly string[];
  readonly aiLines: number;
  readonly otherSpend: { readonly lines: number; readonly effectiveCostUsd: number };
  readonly outsideMonth: number;
  readonly month?: string;
}

export interface Report {
  readonly source: ReportSource;
  readonly tagPrefix: string;
  readonly billing?: ReportBilling;
  readonly allocation: Allocation;
  /** What a reader should know: stack findings, billing findings, projections that cannot be made. */
  readonly notes: readonly string[];
}

export interface BuildOptions {
  readonly source: ReportSource;
  readonly keys: TagKeys;
  readonly tagPrefix: string;
  readonly focus?: FocusData;
  readonly month?: string;
  readonly catalog?: Catalog;
}

export function buildReport(resources: readonly ReportResource[], options: BuildOptions): Report {
  const stack = analyseStack(resources, options.keys, options.catalog ?? DEFAULT_CATALOG);
  const focus = options.focus;
  const allocation = allocate(
    stack.endpoints,
    focus ? { lines: focus.lines, months: focus.months } : undefined,
  );
  const notes: string[] = [...stack.notes, ...allocation.notes];
  for (const e of stack.endpoints) {
    if (e.projectedMax.usd === undefined) {
      notes.push(`${e.resource}: no projected maximum: ${e.projectedMax.reason}`);
    }
  }
  for (const e of stack.endpoints) {
    if (e.tags.problems.length > 0) {
      notes.push(`${e.resource}: tags ${e.tags.problems.join("; ")}`);
    }
  }
  if (focus) {
    if (focus.months.length > 1) {
      notes.push(
        `the bill covers ${focus.months.length} months (${focus.months.join(", ")}); percent of ceiling compares spend with ${focus.months.length} months of the monthly ceilings (use --month YYYY-MM for one month)`,
      );
    }
    if (focus.lines.length === 0) {
      notes.push(`no AI spend (Bedrock, SageMaker, Azure OpenAI / AI services) in ${focus.file}`);
    }
    if (options.month && focus.months.length === 0) {
      notes.push(`no billing lines in ${options.month}`);
    }
    if (focus.otherSpend.lines > 0) {
      notes.push(
        `${focus.otherSpend.lines} billing line${focus.otherSpend.lines === 1 ? "" : "s"} (${formatUsd(focus.otherSpend.effectiveCostUsd, "cents")}) of other cloud spend left out: not AI spend`,
      );
    }
  }
  return {
    source: options.source,
    tagPrefix: options.tagPrefix,
    ...(focus
      ? {
          billing: {
            file: focus.file,
            currency: focus.currency,
            months: focus.months,
            aiLines: focus.lines.length,
            otherSpend: focus.otherSpend,
            outsideMonth: focus.outsideMonth,
            ...(options.month ? { month: options.month } : {}),
          },
        }
      : {}),
    allocation,
    notes,
  };
}
