import { describe, expect, it } from "vitest";
import { renderTable } from "../../../cli/report/render-table";
import { stateReport } from "../../support/report-fixtures";

const table = renderTable(stateReport());
const lines = table.split("\n");

describe("renderTable", () => {
  it("starts with the title and the source", () => {
    expect(lines.slice(0, 2)).toEqual([
      "OutcomeGuard: AI spend by outcome (USD per month)",
      "Source: stack export prod.json · no billing data (add --focus FILE for actual spend)",
    ]);
  });

  it("gives each team a total line", () => {
    expect(
      lines.filter((l) => /^\s+total /.test(l)).map((l) => l.trim().split(/\s{2,}/)[0]),
    ).toEqual(["total finance", "total marketing", "total support", "total (no team)"]);
  });

  it("lists each endpoint with its cloud under its outcome", () => {
    expect(table).toMatch(/^ {4}support-bot-profile \(aws\) .*Claude Opus 4\.1 \(premium\)/m);
  });

  it("footnotes a ceiling total that leaves out endpoints without a ceiling", () => {
    expect(table).toContain("* some endpoints declare no ceiling; the total covers those that do");
  });

  it("ends with the notes", () => {
    expect(lines.slice(lines.indexOf("Notes:") + 1).filter(Boolean)).toHaveLength(
      stateReport().notes.length,
    );
  });

  it("aligns every column: the header and the rule are the same width", () => {
    const header = lines.find((l) => l.startsWith("TEAM / OUTCOME"));
    const rule = lines.find((l) => l.startsWith("----"));
    expect(header?.trimEnd().length).toBe(rule?.length);
  });
});
