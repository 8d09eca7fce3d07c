import { describe, expect, it } from "vitest";
import {
  burnForecast,
  daysInMonth,
  detectAnomalies,
  groupUntagged,
  headline,
  kpiUnitCost,
  median,
  spendByMonth,
  type DailySpend,
} from "../../domain/finance";
import { findKpi } from "../../domain/kpis";

const days = (
  from: string,
  usd: readonly number[],
  outcome = "support",
  team = "s",
): DailySpend[] =>
  usd.map((v, i) => ({
    outcome,
    team,
    date: new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10),
    usd: v,
  }));

describe("daily anomalies", () => {
  it("a runaway shows on its first day: $150,000 after a week at $100", () => {
    const found = detectAnomalies(
      days("2026-11-01", [100, 100, 100, 100, 100, 100, 100, 150_000, 100]),
    );
    expect(found).toEqual([
      { outcome: "support", team: "s", date: "2026-11-08", usd: 150_000, baselineUsd: 100 },
    ]);
  });

  it("k is configurable: 2.5x the median is an anomaly at k=2, not at the default 3", () => {
    const series = days("2026-11-01", [100, 100, 100, 250]);
    expect(detectAnomalies(series)).toEqual([]);
    expect(detectAnomalies(series, { k: 2 }).map((a) => a.date)).toEqual(["2026-11-04"]);
  });

  it("the baseline is the median of the 7 days before, missing days counting as zero", () => {
    // Days 1-3 at 100, nothing on days 4-7 (median of [100,100,100,0,0,0,0] is 0 -> floor 1).
    const series = [...days("2026-11-01", [100, 100, 100]), ...days("2026-11-08", [50])];
    expect(detectAnomalies(series)).toEqual([
      expect.objectContaining({ date: "2026-11-08", usd: 50, baselineUsd: 1 }),
    ]);
  });

  it("a series' first day has no baseline and is never listed; cents after nothing are not", () => {
    expect(detectAnomalies(days("2026-11-01", [5_000]))).toEqual([]);
    expect(detectAnomalies(days("2026-11-01", [0, 0, 0, 0.5]))).toEqual([]);
  });

  it("outcomes and teams are separate series", () => {
    const series = [
      ...days("2026-11-01", [100, 100, 100, 100], "a"),
      ...days("2026-11-01", [1, 1, 1, 400], "b"),
    ];
    expect(detectAnomalies(series).map((a) => a.outcome)).toEqual(["b"]);
  });

  it("median", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBe(0);
  });
});

describe("burn rate and forecast", () => {
  it("month to date over the days elapsed, times the days in the month, flagged above the ceiling", () => {
    const f = burnForecast("2026-11", "2026-11-10", 2_000, 5_000);
    expect(f).toMatchObject({
      daysElapsed: 10,
      daysInMonth: 30,
      burnRateUsdPerDay: 200,
      forecastUsd: 6_000,
      forecastPctOfCeiling: 120,
      overCeiling: true,
    });
    expect(burnForecast("2026-11", "2026-11-10", 1_000, 5_000).overCeiling).toBe(false);
  });

  it("a complete month forecasts what it spent; no ceiling is never flagged", () => {
    expect(burnForecast("2026-02", "2026-02-28", 2_800, undefined)).toMatchObject({
      forecastUsd: 2_800,
      overCeiling: false,
    });
    expect(daysInMonth("2028-02")).toBe(29);
  });
});

describe("untagged spend grouped by service, account and region", () => {
  it("the top N, largest first, and the rest summed", () => {
    const items = Array.from({ length: 5 }, (_, i) => ({
      service: "Amazon Bedrock",
      account: `acct-${i}`,
      region: "us-east-1",
      usd: (i + 1) * 10,
      lines: 2,
    }));
    // The same source twice is one group.
    items.push({ ...items[0]!, usd: 5, lines: 1 });
    const g = groupUntagged(items, 2);
    expect(g.top.map((s) => [s.account, s.usd])).toEqual([
      ["acct-4", 50],
      ["acct-3", 40],
    ]);
    expect(g.rest).toEqual({ sources: 3, usd: 15 + 20 + 30, lines: 7 });
    expect(g.totalUsd).toBe(155);
    expect(groupUntagged(items, 10).rest).toBeUndefined();
  });
});

describe("the headline", () => {
  it("percent of ceiling is governed spend over governed ceilings; untagged and not-in-stack apart", () => {
    const h = headline(
      [
        { untagged: false, inStack: true, ceilingUsd: 10_000, actualUsd: 6_070 },
        { untagged: true, inStack: true, ceilingUsd: 0, actualUsd: 2_000 },
        { untagged: false, inStack: false, ceilingUsd: 0, actualUsd: 900 },
      ],
      1,
    );
    expect(h).toEqual({
      governedUsd: 6_070,
      governedCeilingUsd: 10_000,
      governedPctOfCeiling: 60.7,
      untaggedUsd: 2_000,
      notInStackUsd: 900,
    });
    expect(
      headline([{ untagged: false, inStack: true, ceilingUsd: 100, actualUsd: 100 }], 2)
        .governedPctOfCeiling,
    ).toBe(50);
  });
});

describe("cost per outcome unit", () => {
  const actuals = [
    {
      outcome: "support-ticket-deflection",
      period: "2026-11",
      kpi: "support.ticket-deflection-rate",
      value: 800,
    },
    {
      outcome: "support-ticket-deflection",
      period: "2026-10",
      kpi: "support.ticket-deflection-rate",
      value: 700,
    },
  ];

  it("2,000 USD over 800 deflected tickets is 2.50 a ticket, with the KPI's direction", () => {
    expect(kpiUnitCost("support-ticket-deflection", 2_000, actuals, ["2026-11"], findKpi)).toEqual({
      outcome: "support-ticket-deflection",
      kpi: "support.ticket-deflection-rate",
      periods: ["2026-11"],
      kpiActual: 800,
      costPerKpiUnitUsd: 2.5,
      direction: "higher",
    });
  });

  it("the periods the bill covers are summed; none measured is no figure; zero is no cost", () => {
    expect(
      kpiUnitCost("support-ticket-deflection", 3_000, actuals, ["2026-10", "2026-11"], findKpi),
    ).toMatchObject({
      kpiActual: 1_500,
      costPerKpiUnitUsd: 2,
    });
    expect(kpiUnitCost("other", 100, actuals, ["2026-11"], findKpi)).toBeUndefined();
    const zero = kpiUnitCost(
      "x",
      100,
      [{ outcome: "x", period: "2026-11", kpi: "k", value: 0 }],
      [],
      findKpi,
    );
    expect(zero).toMatchObject({ kpiActual: 0 });
    expect(zero?.costPerKpiUnitUsd).toBeUndefined();
    expect(zero?.direction).toBeUndefined();
  });
});

describe("spend by month", () => {
  it("daily spend summed per outcome, team and month", () => {
    const m = spendByMonth([...days("2026-10-30", [1, 2, 3, 4])]);
    expect(m.map((x) => [x.month, x.usd])).toEqual([
      ["2026-10", 3],
      ["2026-11", 7],
    ]);
  });
});
