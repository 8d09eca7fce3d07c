import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { CSV_HEADER, CSV_STACK_HEADER, csvText, renderCsv } from "../../../cli/report/render-csv";
import { stateReport } from "../../support/report-fixtures";

const csv = renderCsv(stateReport());
const rows = parse(csv, { columns: true }) as Record<string, string>[];

describe("csvText", () => {
  it("quotes a value with a comma", () => {
    expect(csvText("a,b")).toBe('"a,b"');
  });

  it("doubles a quote inside a quoted value", () => {
    expect(csvText('say "hi",')).toBe('"say ""hi"","');
  });

  it("keeps a spreadsheet from running a value as a formula", () => {
    expect(csvText("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
  });

  it("leaves plain text alone", () => {
    expect(csvText("support")).toBe("support");
  });
});

describe("renderCsv without a bill", () => {
  it("has the fixed columns, then the stack columns, and no spend columns", () => {
    expect(csv.split("\n")[0]).toBe([...CSV_HEADER, ...CSV_STACK_HEADER].join(","));
  });

  it("has one row per endpoint", () => {
    expect(rows.map((r) => r.resource)).toEqual([
      "invoice-reader-profile",
      "blog-writer-gpt5",
      "support-bot-profile",
      "summarizer-experiment",
    ]);
  });

  it("writes money with two decimals and no separators", () => {
    expect(rows.find((r) => r.resource === "blog-writer-gpt5")?.cost_ceiling_usd).toBe("5000.00");
  });

  it("writes no for an endpoint without a hard stop", () => {
    expect(rows.find((r) => r.resource === "invoice-reader-profile")?.hard_stop).toBe("no");
  });
});
