/** Build the whole report in memory from the stacks' resources and, optionally, a summed bill. */
import { allocate } from "../../domain/allocation";
import { type Allocation } from "../../domain/spend-model";
import { formatUsd, roundCents } from "../../domain/money";
import { DEFAULT_CATALOG, type Catalog } from "../../domain/catalog";
import {
  burnForecast,
  DEFAULT_ANOMALY_K,
  DEFAULT_TOP_N,
  detectAnomalies,
  groupUntagged,
  headline,
  kpiUnitCost,
  spendByMonth,
  type Anomaly,
  type BurnForecast,
  type Headline,
  type KpiActual,
  type KpiUnitCost,
  type MonthlySpend,
  type UntaggedGroups,
} from "../../domain/finance";
import { findKpi } from "../../domain/kpis";
import type { TagKeys } from "../../domain/tags";
import type { FocusData } from "./duck";
import type { ReportResource } from "./resource";
import { analyseStack } from "./stack";

export interface ReportSource {
  /** `state`: stack state (export or DIY backend file); `stack`: an offline preview of a program. */
  readonly kind: "state" | "stack";
  /** The file paths or the stack name. */
  readonly name: string;
}

export interface ReportBilling {
  readonly file: string;
  readonly files: readonly string[];
  readonly currency: string;
  readonly months: readonly string[];
  /** AI billing lines in scope. */
  readonly aiLines: number;
  readonly otherSpend: { readonly lines: number; readonly effectiveCostUsd: number };
  readonly outsideMonth: number;
  readonly month?: string;
  readonly lastDay?: string;
}

export interface OutcomeForecast extends BurnForecast {
  readonly team: string;
  readonly outcome: string;
}

export interface TeamBudget {
  readonly team: string;
  readonly costCenters: readonly string[];
  /** The team's monthly ceilings (its budget), times the months the bill covers. */
  readonly budgetUsd: number;
  readonly actualUsd: number;
  readonly pctOfBudget?: number;
  readonly forecast?: BurnForecast;
}

/** What finance reads beyond the per-outcome table; only with a bill. */
export interface FinanceViews {
  readonly headline: Headline;
  readonly untagged: UntaggedGroups;
  /** Spend per outcome and month (the bill spans {@link ReportBilling.months}). */
  readonly monthly: readonly MonthlySpend[];
  /** Month-to-date burn rate and forecast of the bill's last month, per outcome. */
  readonly forecasts: readonly OutcomeForecast[];
  readonly anomalyK: number;
  readonly anomalies: readonly Anomaly[];
  readonly teamBudgets: readonly TeamBudget[];
  /** Cost per outcome unit, for outcomes with KPI actuals. */
  readonly kpi: readonly KpiUnitCost[];
}

export interface StackInput {
  /** The stack's name (`project/stack`), shown in the `stack` column when there are several. */
  readonly name: string;
  readonly resources: readonly ReportResource[];
}

export interface Report {
  readonly source: ReportSource;
  readonly stacks: readonly string[];
  readonly tagPrefix: string;
  readonly billing?: ReportBilling;
  readonly allocation: Allocation;
  readonly finance?: FinanceViews;
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
  readonly kpiActuals?: readonly KpiActual[];
  readonly anomalyK?: number;
  readonly topN?: number;
}

function financeViews(
  allocation: Allocation,
  focus: FocusData,
  options: BuildOptions,
): FinanceViews {
  const months = allocation.months ?? [];
  const m = Math.max(1, months.length);
  const outcomes = allocation.outcomes;
  const last = months[months.length - 1];
  const through =
    last && focus.lastDay?.startsWith(last) ? focus.lastDay : last ? `${last}-01` : undefined;
  const monthly = spendByMonth(allocation.daily);
  const forecasts: OutcomeForecast[] = [];
  if (last && through) {
    for (const o of outcomes) {
      const mtd = monthly
        .filter((x) => x.month === last && x.outcome === o.outcome && x.team === o.team)
        .reduce((s, x) => s + x.usd, 0);
      const ceiling =
        o.totals.endpoints > 0 && o.totals.ceilingUsd > 0 ? o.totals.ceilingUsd : undefined;
      forecasts.push({
        team: o.team,
        outcome: o.outcome,
        ...burnForecast(last, through, mtd, ceiling),
      });
    }
  }
  const teamBudgets: TeamBudget[] = allocation.teams.map((t) => {
    const budget = roundCents(t.totals.ceilingUsd * m);
    const actual = t.totals.actualUsd ?? 0;
    const costCenters = [
      ...new Set(
        allocation.rows
          .filter((r) => r.team === t.team && r.costCenter)
          .map((r) => r.costCenter as string),
      ),
    ].sort();
    const mtd = last
      ? monthly.filter((x) => x.month === last && x.team === t.team).reduce((s, x) => s + x.usd, 0)
      : 0;
    return {
      team: t.team,
      costCenters,
      budgetUsd: budget,
      actualUsd: actual,
      ...(budget > 0 ? { pctOfBudget: Math.round((actual / budget) * 1000) / 10 } : {}),
      ...(last && through
        ? {
            forecast: burnForecast(
              last,
              through,
              mtd,
              t.totals.ceilingUsd > 0 ? t.totals.ceilingUsd : undefined,
            ),
          }
        : {}),
    };
  });
  const kpi: KpiUnitCost[] = [];
  for (const o of outcomes) {
    if (o.untagged) continue;
    const c = kpiUnitCost(
      o.outcome,
      o.totals.actualUsd ?? 0,
      options.kpiActuals ?? [],
      months,
      findKpi,
    );
    if (c) kpi.push(c);
  }
  const anomalyK = options.anomalyK ?? DEFAULT_ANOMALY_K;
  return {
    headline: headline(
      outcomes.map((o) => ({
        untagged: o.untagged,
        inStack: o.inStack,
        ceilingUsd: o.totals.ceilingUsd,
        actualUsd: o.totals.actualUsd ?? 0,
      })),
      m,
    ),
    untagged: groupUntagged(allocation.untaggedSources, options.topN ?? DEFAULT_TOP_N),
    monthly,
    forecasts,
    anomalyK,
    anomalies: detectAnomalies(allocation.daily, { k: anomalyK }),
    teamBudgets,
    kpi,
  };
}

export function buildReport(stacks: readonly StackInput[], options: BuildOptions): Report {
  const catalog = options.catalog ?? DEFAULT_CATALOG;
  const several = stacks.length > 1;
  const endpoints = [];
  const stackNotes: string[] = [];
  for (const s of stacks) {
    const analysis = analyseStack(s.resources, options.keys, catalog);
    endpoints.push(...analysis.endpoints.map((e) => ({ ...e, stack: s.name })));
    stackNotes.push(...analysis.notes.map((n) => (several ? `${s.name}: ${n}` : n)));
  }
  const focus = options.focus;
  const allocation = allocate(
    endpoints,
    focus ? { lines: focus.lines, months: focus.months } : undefined,
  );
  const notes: string[] = [...stackNotes, ...allocation.notes];
  for (const e of endpoints) {
    if (e.projectedMax.usd === undefined) {
      notes.push(`${e.resource}: no projected maximum: ${e.projectedMax.reason}`);
    }
  }
  for (const e of endpoints) {
    if (e.tags.problems.length > 0) {
      notes.push(`${e.resource}: tags ${e.tags.problems.join("; ")}`);
    }
  }
  if (focus) {
    notes.push(...focus.notes);
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
    for (const a of options.kpiActuals ?? []) {
      const declared = allocation.outcomes.find((o) => o.outcome === a.outcome && !o.untagged);
      if (declared?.kpi && !declared.kpi.split(", ").includes(a.kpi)) {
        notes.push(
          `KPI actuals give ${a.kpi} for ${a.outcome}, but the outcome's KPI is ${declared.kpi}`,
        );
      }
    }
  }
  const finance = focus ? financeViews(allocation, focus, options) : undefined;
  return {
    source: options.source,
    stacks: stacks.map((s) => s.name),
    tagPrefix: options.tagPrefix,
    ...(focus
      ? {
          billing: {
            file: focus.file,
            files: focus.files,
            currency: focus.currency,
            months: focus.months,
            aiLines: focus.aiLineCount,
            otherSpend: focus.otherSpend,
            outsideMonth: focus.outsideMonth,
            ...(options.month ? { month: options.month } : {}),
            ...(focus.lastDay ? { lastDay: focus.lastDay } : {}),
          },
        }
      : {}),
    allocation,
    ...(finance ? { finance } : {}),
    notes: [...new Set(notes)],
  };
}
