import { describe, expect, it } from "vitest";
import { DEPARTMENTS, findKpi, KPI_CATALOG, KPI_IDS } from "../../domain/kpis";

describe("the KPI catalog", () => {
  it("finds a KPI by its <department>.<slug> id", () => {
    expect(findKpi("support.ticket-deflection-rate")?.better).toBe("higher");
  });

  it("finds no KPI for an unknown id", () => {
    expect(findKpi("support.tickets-closed")).toBeUndefined();
  });

  it("names every KPI once", () => {
    expect(new Set(KPI_IDS).size).toBe(KPI_CATALOG.length);
  });

  it("prefixes every id with its department", () => {
    expect(KPI_CATALOG.filter((k) => !k.id.startsWith(`${k.department}.`))).toEqual([]);
  });

  it("has KPIs for every department", () => {
    expect(DEPARTMENTS.filter((d) => !KPI_CATALOG.some((k) => k.department === d))).toEqual([]);
  });
});
