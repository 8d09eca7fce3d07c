import { describe, expect, it } from "vitest";
import { readKpiActuals } from "../../../cli/report/kpi-actuals";
import { problemsOf } from "../../support/report-fixtures";

const HEADER = "outcome,period,kpi,value";

describe("readKpiActuals", () => {
  it("reads each row as an outcome's measured KPI value for a month", () => {
    expect(
      readKpiActuals(
        `${HEADER}\nsupport-deflection,2026-11,support.ticket-deflection-rate,800\n`,
        "k.csv",
      ),
    ).toEqual([
      {
        outcome: "support-deflection",
        period: "2026-11",
        kpi: "support.ticket-deflection-rate",
        value: 800,
      },
    ]);
  });

  it("reads a header in any case, after a byte-order mark", () => {
    expect(readKpiActuals(`\ufeffOUTCOME,Period,KPI,Value\na,2026-11,k,1\n`, "k.csv")).toHaveLength(
      1,
    );
  });

  it("refuses another header and says the one it needs", () => {
    expect(problemsOf(() => readKpiActuals("outcome,month,kpi,value\n", "k.csv")).message).toBe(
      "k.csv:1:1: header: must be exactly outcome,period,kpi,value (found: outcome,month,kpi,value)",
    );
  });

  it("names a bad month by line and field", () => {
    expect(problemsOf(() => readKpiActuals(`${HEADER}\na,Nov 2026,k,1\n`, "k.csv")).message).toBe(
      'k.csv:2: period: "Nov 2026" must be a month written YYYY-MM',
    );
  });

  it("refuses a negative value", () => {
    expect(
      problemsOf(() => readKpiActuals(`${HEADER}\na,2026-11,k,-1\n`, "k.csv")).message,
    ).toContain("must not be negative");
  });

  it("names every bad field of every row", () => {
    const e = problemsOf(() =>
      readKpiActuals(`${HEADER}\nA!,2026-11,k,x\nb,2026-13,,1\n`, "k.csv"),
    );
    expect(e.problems.map((p) => `${p.line}:${p.where}`)).toEqual([
      "2:outcome",
      "2:value",
      "3:period",
      "3:kpi",
    ]);
  });

  it("refuses a row with a missing column as not valid CSV", () => {
    expect(problemsOf(() => readKpiActuals(`${HEADER}\na,2026-11,k\n`, "k.csv")).message).toContain(
      "not a valid CSV file",
    );
  });
});
