/**
 * Finance views over allocated AI spend: what a finance lead asks after "what did it buy?". The
 * headline over governed spend only, untagged spend grouped where it comes from, spend by month,
 * month-to-date burn rate and forecast against each ceiling, daily anomalies, and cost per unit
 * of the outcome's KPI. Pure decisions over figures the allocation already made; no I/O.
 */
import { roundCents } from "./money";
import type { Kpi } from "./kpis";

/** Spend of one outcome (and team) on one calendar day (UTC, `YYYY-MM-DD`). */
export interface DailySpend {
  readonly outcome: string;
  readonly team: string;
  readonly date: string;
  readonly usd: number;
}

/** A day whose spend is far above what the days before it spent. */
export interface Anomaly {
  readonly outcome: string;
  readonly team: string;
  readonly date: string;
  readonly usd: number;
  /** The median of the trailing days' spend the day is compared with (at least the floor). */
  readonly baselineUsd: number;
}

export interface AnomalyOptions {
  /** A day is an anomaly above `k` times its baseline (default {@link DEFAULT_ANOMALY_K}). */
  readonly k?: number;
  /** Trailing days the median is taken over (default 7). */
  readonly windowDays?: number;
  /**
   * The least baseline, USD: a week of nothing followed by a few cents is no anomaly, but a week
   * of nothing followed by thousands is (default 1).
   */
  readonly baselineFloorUsd?: number;
}

export const DEFAULT_ANOMALY_K = 3;
export const ANOMALY_WINDOW_DAYS = 7;
const DAY_MS = 86_400_000;

const dayMs = (date: string) => Date.parse(`${date}T00:00:00Z`);
const dayText = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * Days above `k` times the median of the trailing `windowDays` days, per outcome and team. Days
 * without spend inside a series count as zero; a series' first day has no baseline and is never
 * an anomaly. The first day of a runaway (a week at $100 a day, then $150,000) is listed.
 */
export function detectAnomalies(
  daily: readonly DailySpend[],
  options: AnomalyOptions = {},
): Anomaly[] {
  const k = options.k ?? DEFAULT_ANOMALY_K;
  const window = options.windowDays ?? ANOMALY_WINDOW_DAYS;
  const floor = options.baselineFloorUsd ?? 1;
  const series = new Map<string, { outcome: string; team: string; days: Map<number, number> }>();
  for (const d of daily) {
    const key = `${d.team}\u0000${d.outcome}`;
    const s = series.get(key) ?? { outcome: d.outcome, team: d.team, days: new Map() };
    const ms = dayMs(d.date);
    s.days.set(ms, (s.days.get(ms) ?? 0) + d.usd);
    series.set(key, s);
  }
  const found: Anomaly[] = [];
  for (const s of series.values()) {
    const dates = [...s.days.keys()].sort((a, b) => a - b);
    const first = dates[0];
    if (first === undefined) continue;
    for (const ms of dates) {
      if (ms === first) continue;
      const trailing: number[] = [];
      for (let back = 1; back <= window; back++) {
        const prior = ms - back * DAY_MS;
        if (prior < first) break;
        trailing.push(s.days.get(prior) ?? 0);
      }
      const baseline = Math.max(median(trailing), floor);
      const usd = s.days.get(ms) ?? 0;
      if (usd > k * baseline) {
        found.push({
          outcome: s.outcome,
          team: s.team,
          date: dayText(ms),
          usd: roundCents(usd),
          baselineUsd: roundCents(baseline),
        });
      }
    }
  }
  return found.sort(
    (a, b) =>
      a.date.localeCompare(b.date) ||
      a.team.localeCompare(b.team, "en") ||
      a.outcome.localeCompare(b.outcome, "en"),
  );
}

/** Spend of one outcome and team in one calendar month (`YYYY-MM`). */
export interface MonthlySpend {
  readonly outcome: string;
  readonly team: string;
  readonly month: string;
  readonly usd: number;
}

/** Daily spend summed per outcome, team and month, in month order. */
export function spendByMonth(daily: readonly DailySpend[]): MonthlySpend[] {
  const sums = new Map<string, MonthlySpend>();
  for (const d of daily) {
    const month = d.date.slice(0, 7);
    const key = `${d.team}\u0000${d.outcome}\u0000${month}`;
    const prior = sums.get(key);
    sums.set(key, { outcome: d.outcome, team: d.team, month, usd: (prior?.usd ?? 0) + d.usd });
  }
  return [...sums.values()]
    .map((m) => ({ ...m, usd: roundCents(m.usd) }))
    .sort((a, b) => a.month.localeCompare(b.month) || a.outcome.localeCompare(b.outcome, "en"));
}

/** Days in a calendar month (`YYYY-MM`). */
export function daysInMonth(month: string): number {
  const [y, m] = month.split("-").map(Number);
  return new Date(Date.UTC(y ?? 1970, m ?? 1, 0)).getUTCDate();
}

/** Month-to-date burn rate and a straight-line forecast to the month's end, against a ceiling. */
export interface BurnForecast {
  readonly month: string;
  /** The last day the bill covers in that month (`YYYY-MM-DD`). */
  readonly throughDate: string;
  readonly daysElapsed: number;
  readonly daysInMonth: number;
  readonly monthToDateUsd: number;
  readonly burnRateUsdPerDay: number;
  readonly forecastUsd: number;
  readonly ceilingUsd?: number;
  readonly forecastPctOfCeiling?: number;
  /** The forecast is above the monthly ceiling. */
  readonly overCeiling: boolean;
}

/**
 * Burn rate = month-to-date spend over the days elapsed (through the last day the bill covers);
 * forecast = that rate over the whole month. A complete month forecasts what it spent.
 */
export function burnForecast(
  month: string,
  throughDate: string,
  monthToDateUsd: number,
  ceilingUsd: number | undefined,
): BurnForecast {
  const total = daysInMonth(month);
  const elapsed = Math.min(total, Math.max(1, Number(throughDate.slice(8, 10)) || 1));
  const rate = monthToDateUsd / elapsed;
  const forecast = roundCents(rate * total);
  const hasCeiling = ceilingUsd !== undefined && ceilingUsd > 0;
  return {
    month,
    throughDate,
    daysElapsed: elapsed,
    daysInMonth: total,
    monthToDateUsd: roundCents(monthToDateUsd),
    burnRateUsdPerDay: roundCents(rate),
    forecastUsd: forecast,
    ...(hasCeiling
      ? {
          ceilingUsd,
          forecastPctOfCeiling: Math.round((forecast / ceilingUsd) * 1000) / 10,
        }
      : {}),
    overCeiling: hasCeiling && forecast > ceilingUsd,
  };
}

/** Where untagged spend comes from. */
export interface UntaggedSource {
  readonly service: string;
  readonly account: string;
  readonly region: string;
  readonly usd: number;
  readonly lines: number;
}

export interface UntaggedGroups {
  /** The largest sources, largest first. */
  readonly top: readonly UntaggedSource[];
  /** Everything after the top N, summed; undefined when nothing is left. */
  readonly rest?: { readonly sources: number; readonly usd: number; readonly lines: number };
  readonly totalUsd: number;
}

export const DEFAULT_TOP_N = 10;

/** Untagged spend grouped by service, account and region: the top N, the rest summed. */
export function groupUntagged(
  items: readonly UntaggedSource[],
  topN: number = DEFAULT_TOP_N,
): UntaggedGroups {
  const sums = new Map<
    string,
    { service: string; account: string; region: string; usd: number; lines: number }
  >();
  for (const i of items) {
    const key = `${i.service}\u0000${i.account}\u0000${i.region}`;
    const s = sums.get(key) ?? {
      service: i.service,
      account: i.account,
      region: i.region,
      usd: 0,
      lines: 0,
    };
    s.usd += i.usd;
    s.lines += i.lines;
    sums.set(key, s);
  }
  const sorted = [...sums.values()]
    .map((s) => ({ ...s, usd: roundCents(s.usd) }))
    .sort(
      (a, b) =>
        b.usd - a.usd ||
        a.service.localeCompare(b.service, "en") ||
        a.account.localeCompare(b.account, "en") ||
        a.region.localeCompare(b.region, "en"),
    );
  const top = sorted.slice(0, Math.max(0, topN));
  const rest = sorted.slice(top.length);
  const totalUsd = roundCents(sorted.reduce((s, x) => s + x.usd, 0));
  return {
    top,
    ...(rest.length > 0
      ? {
          rest: {
            sources: rest.length,
            usd: roundCents(rest.reduce((s, x) => s + x.usd, 0)),
            lines: rest.reduce((s, x) => s + x.lines, 0),
          },
        }
      : {}),
    totalUsd,
  };
}

/** What an outcome summary needs for the headline split. */
export interface HeadlineOutcome {
  readonly untagged: boolean;
  readonly inStack: boolean;
  readonly ceilingUsd: number;
  readonly actualUsd: number;
}

export interface Headline {
  /** Spend of outcomes the stack declares: what the ceilings govern. */
  readonly governedUsd: number;
  readonly governedCeilingUsd: number;
  /** Governed spend over governed ceilings times the months; undefined without ceilings. */
  readonly governedPctOfCeiling?: number;
  readonly untaggedUsd: number;
  /** Spend tagged with outcomes the stack does not declare. */
  readonly notInStackUsd: number;
}

/**
 * The headline: percent of ceiling over governed spend only. Untagged spend and spend of outcomes
 * not in the stack have no ceiling, so dividing them by the governed ceilings would overstate it.
 */
export function headline(outcomes: readonly HeadlineOutcome[], months: number): Headline {
  let governed = 0;
  let ceiling = 0;
  let untagged = 0;
  let notInStack = 0;
  for (const o of outcomes) {
    if (o.untagged) untagged += o.actualUsd;
    else if (!o.inStack) notInStack += o.actualUsd;
    else {
      governed += o.actualUsd;
      ceiling += o.ceilingUsd;
    }
  }
  const m = Math.max(1, months);
  return {
    governedUsd: roundCents(governed),
    governedCeilingUsd: roundCents(ceiling),
    ...(ceiling > 0
      ? { governedPctOfCeiling: Math.round((governed / (ceiling * m)) * 1000) / 10 }
      : {}),
    untaggedUsd: roundCents(untagged),
    notInStackUsd: roundCents(notInStack),
  };
}

/** One measured KPI value: the outcome's result in a period (`YYYY-MM`). */
export interface KpiActual {
  readonly outcome: string;
  readonly period: string;
  readonly kpi: string;
  readonly value: number;
}

export interface KpiUnitCost {
  readonly outcome: string;
  readonly kpi: string;
  /** The periods summed (those the bill covers). */
  readonly periods: readonly string[];
  readonly kpiActual: number;
  /** Spend over the KPI's value: what one unit of the outcome cost. */
  readonly costPerKpiUnitUsd?: number;
  /** Which way the KPI is better, from the catalog; undefined for a KPI the catalog lacks. */
  readonly direction?: Kpi["better"];
}

/**
 * Cost per outcome unit: an outcome's spend over the KPI values measured in the months the spend
 * covers (2,000 USD over 800 deflected tickets = 2.50 per ticket). No value, or zero: no cost.
 */
export function kpiUnitCost(
  outcome: string,
  spendUsd: number,
  actuals: readonly KpiActual[],
  months: readonly string[],
  findKpi: (id: string) => Kpi | undefined,
): KpiUnitCost | undefined {
  const inScope = actuals.filter(
    (a) => a.outcome === outcome && (months.length === 0 || months.includes(a.period)),
  );
  const first = inScope[0];
  if (!first) return undefined;
  const value = inScope.reduce((s, a) => s + a.value, 0);
  const direction = findKpi(first.kpi)?.better;
  return {
    outcome,
    kpi: first.kpi,
    periods: [...new Set(inScope.map((a) => a.period))].sort(),
    kpiActual: value,
    ...(value > 0 ? { costPerKpiUnitUsd: roundCents(spendUsd / value) } : {}),
    ...(direction ? { direction } : {}),
  };
}
