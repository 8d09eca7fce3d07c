/**
 * Read a FOCUS 1.x billing export (CSV) into AI spend lines. Every problem names the file, line
 * and column; the whole file is checked before anything is reported.
 */
import { roundCents } from "../../domain/money";
import { parse } from "csv-parse/sync";
import type { SpendLine } from "../../domain/spend-model";
import {
  billingTag,
  chargeMonth,
  FOCUS_REQUIRED_COLUMNS,
  parseFocusDateTime,
  recogniseAiSpend,
} from "../../domain/focus";
import { asTagMap, type TagKeys } from "../../domain/tags";
import { MAX_LISTED_PROBLEMS, ReportInputError, type InputProblem } from "./errors";

/** A FOCUS CSV read whole into memory: what the report locates bad fields with. */
export interface FocusCsvData {
  readonly file: string;
  /** AI spend lines in scope. */
  readonly lines: readonly SpendLine[];
  /** Calendar months (`YYYY-MM`) of the lines in scope, AI or not. */
  readonly months: readonly string[];
  /** Lines in scope that are not AI spend: counted, never allocated. */
  readonly otherSpend: { readonly lines: number; readonly effectiveCostUsd: number };
  readonly currency: string;
  /** Lines left out because they fall outside `--month`. */
  readonly outsideMonth: number;
}

export interface FocusReadOptions {
  /** Only charge periods starting in this month (`YYYY-MM`). */
  readonly month?: string;
}

/** Ceilings are USD, so the bill must be too. */
export const REPORT_CURRENCY = "USD";

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Offsets of the first character of every field of every record (RFC 4180 quoting). */
function fieldOffsets(text: string, start: number): number[][] {
  const records: number[][] = [];
  let i = start;
  const n = text.length;
  while (i < n) {
    // An empty line is skipped, as the parser does.
    if (text[i] === "\n") {
      i++;
      continue;
    }
    if (text[i] === "\r" && text[i + 1] === "\n") {
      i += 2;
      continue;
    }
    const fields: number[] = [i];
    let quoted = false;
    let fieldStart = true;
    for (; i < n; i++) {
      const c = text[i];
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') i++;
          else quoted = false;
        }
        continue;
      }
      if (c === '"' && fieldStart) {
        quoted = true;
        fieldStart = false;
        continue;
      }
      fieldStart = false;
      if (c === ",") {
        fields.push(i + 1);
        fieldStart = true;
      } else if (c === "\n" || (c === "\r" && text[i + 1] === "\n")) {
        break;
      }
    }
    if (text[i] === "\r") i++;
    i++;
    records.push(fields);
  }
  return records;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function position(starts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
}

/** Remember a pure function's results: a bill repeats the same periods, services and tags. */
function memo<T>(fn: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    if (cache.has(key)) return cache.get(key) as T;
    const value = fn(key);
    cache.set(key, value);
    return value;
  };
}

type TagsRead = { readonly tags: Record<string, string> } | { readonly problem: string };

function readTags(text: string): TagsRead {
  if (text === "") return { tags: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return {
      problem: `not valid JSON (${e instanceof Error ? e.message : String(e)}); FOCUS writes tags as a JSON object such as {"ai-outcome":"support-deflection"}`,
    };
  }
  const tags = asTagMap(parsed);
  if (!tags) {
    return {
      problem: `must be a JSON object of tag keys and values, such as {"ai-outcome":"support-deflection"}`,
    };
  }
  return { tags };
}

/** The required FOCUS columns a file lacks, as one problem at its header; undefined when none. */
export function missingColumns(
  has: (column: string) => boolean,
  present: readonly string[],
  what = "header",
): InputProblem | undefined {
  const missing = FOCUS_REQUIRED_COLUMNS.filter((c) => !has(c));
  if (missing.length === 0) return undefined;
  return {
    line: 1,
    column: 1,
    where: "header",
    message: `missing required column${missing.length === 1 ? "" : "s"} ${missing.join(", ")}; a FOCUS 1.x export for this report needs ${FOCUS_REQUIRED_COLUMNS.join(", ")} (the ${what} has: ${present.join(", ")})`,
  };
}

interface CsvErrorLike {
  code?: string;
  message: string;
  lines?: number;
  column?: number | string;
}

/** Read a FOCUS CSV; throws {@link ReportInputError} naming every bad field. */
export function readFocusCsv(
  text: string,
  file: string,
  keys: TagKeys,
  options: FocusReadOptions = {},
): FocusCsvData {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let records: string[][];
  try {
    records = parse(text.slice(bom), { skip_empty_lines: true }) as string[][];
  } catch (e) {
    const err = e as CsvErrorLike;
    const line = typeof err.lines === "number" ? err.lines : undefined;
    const column = typeof err.column === "number" ? err.column + 1 : undefined;
    throw new ReportInputError(file, [
      {
        ...(line !== undefined ? { line } : {}),
        ...(line !== undefined && column !== undefined ? { column } : {}),
        message: `not a valid CSV file: ${err.message.replace(/^[A-Za-z ]+: /, "")}`,
      },
    ]);
  }
  const starts = lineStarts(text);
  const offsets = fieldOffsets(text, bom);
  const at = (record: number, field: number) => {
    const rec = offsets[record];
    const off = rec?.[Math.min(field, rec.length - 1)];
    return off === undefined ? { line: record + 1, column: 1 } : position(starts, off);
  };

  const header = records[0];
  if (!header || header.every((h) => h.trim() === "")) {
    throw new ReportInputError(file, [
      {
        line: 1,
        column: 1,
        message: `empty: a FOCUS export starts with a header naming its columns (${FOCUS_REQUIRED_COLUMNS.join(", ")})`,
      },
    ]);
  }
  const index = new Map<string, number>();
  const problems: InputProblem[] = [];
  header.forEach((name, i) => {
    const key = name.trim().toLowerCase();
    if (index.has(key)) {
      problems.push({
        ...at(0, i),
        where: "header",
        message: `column "${name.trim()}" appears twice`,
      });
    } else index.set(key, i);
  });
  const missing = missingColumns(
    (c) => index.has(c.toLowerCase()),
    header.map((h) => h.trim()),
  );
  if (missing) problems.push(missing);
  if (problems.length > 0) throw new ReportInputError(file, problems);

  const col = (name: string): number => index.get(name.toLowerCase()) ?? -1;
  const C = {
    billed: col("BilledCost"),
    effective: col("EffectiveCost"),
    currency: col("BillingCurrency"),
    start: col("ChargePeriodStart"),
    end: col("ChargePeriodEnd"),
    service: col("ServiceName"),
    resource: col("ResourceId"),
    tags: col("Tags"),
    serviceCode: col("x_ServiceCode"),
  };

  let totalProblems = 0;
  const report = (record: number, field: number, message: string) => {
    totalProblems++;
    if (problems.length < MAX_LISTED_PROBLEMS) {
      problems.push({ ...at(record, field), where: header[field]?.trim() ?? "", message });
    }
  };

  const tagsOf = memo(readTags);
  const dateTime = memo(parseFocusDateTime);
  const monthOf = memo((ms) => chargeMonth(Number(ms)));
  const recognise = memo((key) => {
    const [serviceName = "", serviceCode = "", resourceId = ""] = key.split("\u0000");
    return recogniseAiSpend({
      serviceName,
      ...(resourceId ? { resourceId } : {}),
      ...(serviceCode ? { serviceCode } : {}),
    });
  });

  let firstCurrency: { value: string; line: number } | undefined;
  const lines: SpendLine[] = [];
  const months = new Set<string>();
  let otherLines = 0;
  let otherUsd = 0;
  let outsideMonth = 0;

  for (let r = 1; r < records.length; r++) {
    const rec = records[r] ?? [];
    const cell = (c: number) => (c >= 0 ? (rec[c] ?? "") : "");
    const lineNo = at(r, 0).line;

    const money = (c: number): number | undefined => {
      const v = cell(c).trim();
      if (!NUMBER.test(v)) {
        report(
          r,
          c,
          v === ""
            ? "empty; FOCUS requires a number here (0 when nothing was charged)"
            : `"${v}" is not a number (write it like 12.5 or -0.03, without currency signs or thousands separators)`,
        );
        return undefined;
      }
      return Number(v);
    };
    const billed = money(C.billed);
    const effective = money(C.effective);

    const currency = cell(C.currency).trim().toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) {
      report(r, C.currency, `"${cell(C.currency)}" is not an ISO 4217 currency code such as USD`);
    } else if (firstCurrency === undefined) {
      firstCurrency = { value: currency, line: lineNo };
      if (currency !== REPORT_CURRENCY) {
        report(
          r,
          C.currency,
          `billing is in ${currency}, but cost ceilings are in ${REPORT_CURRENCY}; export the billing data in ${REPORT_CURRENCY} so spend can be compared with ceilings`,
        );
      }
    } else if (currency !== firstCurrency.value) {
      report(
        r,
        C.currency,
        `${currency}, but line ${firstCurrency.line} is ${firstCurrency.value}: the file mixes currencies, and a report cannot add them; export one currency (${REPORT_CURRENCY})`,
      );
    }

    const startText = cell(C.start);
    const endText = cell(C.end);
    const start = dateTime(startText);
    const end = dateTime(endText);
    if (start === undefined)
      report(
        r,
        C.start,
        `"${startText}" is not an ISO 8601 date-time such as 2026-11-01T00:00:00Z`,
      );
    if (end === undefined)
      report(r, C.end, `"${endText}" is not an ISO 8601 date-time such as 2026-12-01T00:00:00Z`);
    if (start !== undefined && end !== undefined && end < start) {
      report(r, C.end, `the charge period ends (${endText}) before it starts (${startText})`);
    }

    const tagsRead = tagsOf(cell(C.tags).trim());
    if ("problem" in tagsRead) report(r, C.tags, tagsRead.problem);
    const tags = "tags" in tagsRead ? tagsRead.tags : {};

    if (billed === undefined || effective === undefined || start === undefined) continue;
    const month = monthOf(String(start));
    if (options.month !== undefined && month !== options.month) {
      outsideMonth++;
      continue;
    }
    months.add(month);

    const serviceName = cell(C.service).trim();
    const resourceId = cell(C.resource).trim();
    const serviceCode = cell(C.serviceCode).trim();
    const ai = recognise(`${serviceName}\u0000${serviceCode}\u0000${resourceId}`);
    if (!ai) {
      otherLines++;
      otherUsd += effective;
      continue;
    }
    const outcome = billingTag(tags, keys.outcome);
    const team = billingTag(tags, keys.team);
    lines.push({
      line: lineNo,
      cloud: ai.cloud,
      service: ai.service,
      serviceName,
      ...(ai.model ? { model: ai.model } : {}),
      ...(resourceId ? { resourceId } : {}),
      ...(outcome ? { outcome } : {}),
      ...(team ? { team } : {}),
      effectiveCostUsd: effective,
      billedCostUsd: billed,
    });
  }

  if (problems.length > 0) {
    throw new ReportInputError(file, problems, totalProblems - problems.length);
  }
  return {
    file,
    lines,
    months: months.size > 0 ? [...months].sort() : options.month ? [options.month] : [],
    otherSpend: { lines: otherLines, effectiveCostUsd: roundCents(otherUsd) },
    currency: firstCurrency?.value ?? REPORT_CURRENCY,
    outsideMonth,
  };
}
