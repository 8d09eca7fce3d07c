/** Small statistics and formatting helpers for the bench. */
import { Random } from "../../test/support/random";
import type { ReadyPack } from "./packs";

/** Where a bench writes its progress (stderr, a line at a time). */
export type Log = (line: string) => void;
/** The median of a non-empty list (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("median of an empty list");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const hi = sorted[mid] as number;
  return sorted.length % 2 === 1 ? hi : ((sorted[mid - 1] as number) + hi) / 2;
}

/** The median rounded to `decimals`, or null for an empty list. */
export const medianOf = (values: readonly number[], decimals = 1): number | null =>
  values.length ? round(median(values), decimals) : null;

/** The p-th percentile (0-100) by nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError("percentile of an empty list");
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

/**
 * A percentile bootstrap interval of `statistic` over `items` (e.g. a run's rounds, each kept
 * whole): `resamples` draws of as many items with replacement, seeded so that the same samples
 * give the same interval. Draws where the statistic has no value (null) are left out; the interval
 * is null when more than a tenth of them are. `used`: the draws that had a value.
 */
export function bootstrapInterval<T>(
  items: readonly T[],
  statistic: (draw: readonly T[]) => number | null,
  { level = 0.9, resamples = 2000, seed = 20261201 } = {},
): { low: number; high: number; used: number } | null {
  if (items.length === 0) return null;
  const random = new Random(seed);
  const values: number[] = [];
  for (let i = 0; i < resamples; i++) {
    const draw = items.map(() => items[random.int(0, items.length - 1)] as T);
    const v = statistic(draw);
    if (v !== null) values.push(v);
  }
  if (values.length < resamples * 0.9) return null;
  const tail = ((1 - level) / 2) * 100;
  const [low, high] = [percentile(values, tail), percentile(values, 100 - tail)];
  return { low, high, used: values.length };
}

/** How a bench section measures one pack once, and sums up one pack's runs. */
export const measurement = <R, T>(
  run: (pack: ReadyPack) => Promise<R>,
  summarise: (runs: R[]) => T,
) => ({ run, summarise });
export type Measurement<R, T> = ReturnType<typeof measurement<R, T>>;

/** The values that are there. */
export const present = (xs: readonly (number | null)[]) =>
  xs.filter((x): x is number => x !== null);

export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * `runs` rounds over `items`, each measured once a round so that drift on the machine hits all
 * alike: per item its measurements, or the error of the one that threw (it is not tried again).
 */
export async function rounds<I, R>(
  items: readonly I[],
  runs: number,
  measure: (item: I) => Promise<R>,
  log: { round: (done: number) => void; failed: (item: I, error: string) => void },
): Promise<(R[] | string)[]> {
  const out: (R[] | string)[] = items.map(() => []);
  for (let r = 0; r < runs; r++) {
    for (const [k, item] of items.entries()) {
      const sofar = out[k];
      if (typeof sofar === "string") continue;
      try {
        sofar?.push(await measure(item));
      } catch (e) {
        out[k] = errorText(e);
        log.failed(item, errorText(e));
      }
    }
    log.round(r + 1);
  }
  return out;
}

/** Round to a number of decimals, for figures written to results.json. */
export function round(value: number, decimals = 1): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/** a / b rounded to two decimals, or null when either side is missing. */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a === null || a === undefined || b === null || b === undefined || b === 0) return null;
  return round(a / b, 2);
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "-";
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

export function formatNumber(n: number | null | undefined, decimals = 0): string {
  if (n === null || n === undefined) return "-";
  return n.toLocaleString("en-US", {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
}

/** A plain-text table: first row is the header; columns are padded to their widest cell. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  const [header, ...body] = rows;
  if (!header) return "";
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(header), rule, ...body.map(line)].join("\n");
}
