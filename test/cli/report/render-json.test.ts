import { describe, expect, it } from "vitest";
import { renderJson, REPORT_JSON_SCHEMA } from "../../../cli/report/render-json";
import { stateReport } from "../../support/report-fixtures";

const json = JSON.parse(renderJson(stateReport())) as Record<string, unknown>;

describe("renderJson", () => {
  it("names its schema", () => {
    expect(json.schema).toBe(REPORT_JSON_SCHEMA);
  });

  it("says its figures are USD", () => {
    expect(json.currency).toBe("USD");
  });

  it("carries the totals, teams, outcomes and rows", () => {
    expect((json.total as { ceilingUsd: number }).ceilingUsd).toBe(10_800);
  });

  it("leaves out the billing and finance views without a bill", () => {
    expect(Object.keys(json).filter((k) => ["billing", "headline", "monthly"].includes(k))).toEqual(
      [],
    );
  });

  it("ends with a newline", () => {
    expect(renderJson(stateReport()).endsWith("}\n")).toBe(true);
  });
});
