import { describe, expect, it } from "vitest";
import type { OutcomeSummary, Totals } from "../../../domain/spend-model";
import {
  ceilingTotal,
  coverage,
  hardStopText,
  money,
  NO_TEAM,
  pct,
  projectedTotal,
  sourceLine,
  teamName,
  totalFigures,
} from "../../../cli/report/format";
import { stateReport } from "../../support/report-fixtures";

const totals = (over: Partial<Totals>): Totals =>
  ({
    outcomes: 1,
    endpoints: 2,
    ceilingUsd: 1000,
    endpointsWithoutCeiling: 0,
    projectedMaxUsd: 500,
    uncappedEndpoints: 0,
    ...over,
  }) as Totals;

describe("figures", () => {
  it("writes money with thousands separators and cents", () => {
    expect(money(1234.5)).toBe("1,234.50");
  });

  it("writes nothing for no money", () => {
    expect(money(undefined)).toBe("");
  });

  it("writes a percentage with one decimal", () => {
    expect(pct(12)).toBe("12.0%");
  });
});

describe("projectedTotal", () => {
  it("says uncapped when no endpoint has a projected maximum", () => {
    expect(projectedTotal(totals({ uncappedEndpoints: 2 }))).toBe("uncapped");
  });

  it("writes an at-least figure when some endpoints are uncapped", () => {
    expect(projectedTotal(totals({ uncappedEndpoints: 1 }))).toBe("≥ 500.00");
  });

  it("writes the figure when every endpoint has one", () => {
    expect(projectedTotal(totals({}))).toBe("500.00");
  });
});

describe("ceilingTotal", () => {
  it("says none when no endpoint declares a ceiling", () => {
    expect(ceilingTotal(totals({ endpointsWithoutCeiling: 2 }))).toBe("none");
  });

  it("stars the total when some endpoints declare no ceiling", () => {
    expect(ceilingTotal(totals({ endpointsWithoutCeiling: 1 }))).toBe("1,000.00 *");
  });

  it("writes nothing for a group without endpoints", () => {
    expect(ceilingTotal(totals({ endpoints: 0 }))).toBe("");
  });
});

describe("total columns", () => {
  it("leaves the coverage cells of a total blank", () => {
    expect(totalFigures(totals({}), false)).toEqual(["1,000.00", "500.00", "", "", ""]);
  });

  it("adds actual spend and its share of the ceiling when spend is known", () => {
    expect(totalFigures(totals({ actualUsd: 250, pctOfCeiling: 25 }), true).slice(5)).toEqual([
      "250.00",
      "25.0%",
    ]);
  });
});

describe("outcome columns", () => {
  it("writes n/a for coverage of an outcome not in the stack", () => {
    expect(coverage("yes", false)).toBe("n/a");
  });

  it("names the hard-stop kinds of a partly stopped outcome", () => {
    const o = { inStack: true, hardStop: "partial", hardStopKinds: ["budget-action"] };
    expect(hardStopText(o as unknown as OutcomeSummary)).toBe("partial (budget-action)");
  });

  it("writes the team-less group as (no team)", () => {
    expect(teamName("")).toBe(NO_TEAM);
  });
});

describe("sourceLine", () => {
  it("says there is no billing data and how to add it", () => {
    expect(sourceLine(stateReport())).toBe(
      "Source: stack export prod.json · no billing data (add --focus FILE for actual spend)",
    );
  });
});
