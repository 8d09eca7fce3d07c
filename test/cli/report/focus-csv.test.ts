import { describe, expect, it } from "vitest";
import { readFocusCsv } from "../../../cli/report/focus-csv";
import {
  FOCUS_COLUMNS,
  focusCsv,
  KEYS,
  problemsOf,
  realisticBill,
  REALISTIC,
} from "../../support/report-fixtures";

/** 1-based column of field `index` on a CSV line without quoted commas before it. */
function columnOfField(line: string, index: number): number {
  let col = 1;
  let quoted = false;
  let field = 0;
  for (let i = 0; i < line.length && field < index; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === "," && !quoted) {
      field++;
      col = i + 2;
    }
  }
  return col;
}

describe("reading a FOCUS billing export", () => {
  it("keeps AI lines with their outcome and team tags, and counts the rest as other spend", () => {
    const bill = readFocusCsv(focusCsv(realisticBill()), "nov.csv", KEYS);
    expect(bill.lines.map((l) => [l.service, l.outcome ?? null, l.effectiveCostUsd])).toEqual([
      ["amazon-bedrock", "support-ticket-deflection", 2000.25],
      ["amazon-bedrock", "support-ticket-deflection", 1000],
      ["bedrock-marketplace", "support-ticket-deflection", 300],
      ["amazon-bedrock", "support-ticket-deflection", -50],
      ["amazon-bedrock", "invoice-extraction", 900],
      ["azure-openai", "content-velocity", 1200],
      ["amazon-sagemaker", "churn-prediction", 640],
      ["amazon-bedrock", null, 450],
      ["bedrock-marketplace", null, 75.5],
    ]);
    expect(bill.lines[0]).toMatchObject({
      billedCostUsd: 2100.5,
      resourceId: REALISTIC.supportProfileArn,
      team: "support",
      line: 2,
    });
    expect(bill.lines[2]?.model).toBe("Claude Opus 4.1");
    expect(bill.otherSpend).toEqual({ lines: 2, effectiveCostUsd: 1011.34 });
    expect(bill.months).toEqual(["2026-11"]);
    expect(bill.currency).toBe("USD");
  });

  it("reads CRLF files with a byte-order mark, and columns in any order and case", () => {
    const csv = focusCsv(realisticBill(), [...FOCUS_COLUMNS].reverse(), "\r\n");
    const eol = csv.indexOf("\r\n");
    const text = `\ufeff${csv.slice(0, eol).toLowerCase()}${csv.slice(eol)}`;
    const bill = readFocusCsv(text, "nov.csv", KEYS);
    expect(bill.lines).toHaveLength(9);
    expect(bill.lines.reduce((s, l) => s + l.effectiveCostUsd, 0)).toBeCloseTo(6515.75, 2);
  });

  it("a missing required column fails at the header, naming it", () => {
    const cols = FOCUS_COLUMNS.filter((c) => c !== "EffectiveCost" && c !== "Tags");
    const e = problemsOf(() => readFocusCsv(focusCsv(realisticBill(), cols), "nov.csv", KEYS));
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0]).toMatchObject({ line: 1, column: 1, where: "header" });
    expect(e.message).toMatch(
      /^nov\.csv:1:1: header: missing required columns EffectiveCost, Tags/,
    );
  });

  it("mixed currencies fail at the first line in another currency, naming line and column", () => {
    const rows = realisticBill();
    rows[4] = { ...rows[4]!, currency: "EUR" };
    const text = focusCsv(rows);
    const e = problemsOf(() => readFocusCsv(text, "nov.csv", KEYS));
    const lineText = text.split("\n")[5]!;
    expect(e.problems).toEqual([
      expect.objectContaining({
        line: 6,
        column: columnOfField(lineText, FOCUS_COLUMNS.indexOf("BillingCurrency")),
        where: "BillingCurrency",
      }),
    ]);
    expect(e.message).toMatch(/EUR, but line 2 is USD: the file mixes currencies/);
  });

  it("several currencies: every line in another currency is named", () => {
    const rows = realisticBill();
    rows[1] = { ...rows[1]!, currency: "EUR" };
    rows[6] = { ...rows[6]!, currency: "GBP" };
    const e = problemsOf(() => readFocusCsv(focusCsv(rows), "nov.csv", KEYS));
    expect(e.problems.map((p) => [p.line, p.where])).toEqual([
      [3, "BillingCurrency"],
      [8, "BillingCurrency"],
    ]);
  });

  it("a bill in one currency other than USD is refused: ceilings are USD", () => {
    const rows = realisticBill().map((r) => ({ ...r, currency: "EUR" }));
    const e = problemsOf(() => readFocusCsv(focusCsv(rows), "nov.csv", KEYS));
    expect(e.problems).toHaveLength(1);
    expect(e.message).toMatch(
      /nov\.csv:2:\d+: BillingCurrency: billing is in EUR, but cost ceilings are in USD/,
    );
  });

  it("bad numbers, dates and tags are each named by line and column", () => {
    const rows = realisticBill();
    rows[0] = { ...rows[0]!, effective: "$2,000.25" };
    rows[2] = { ...rows[2]!, start: "11/01/2026" };
    rows[3] = { ...rows[3]!, tags: '{"user:ai-outcome": ' };
    rows[5] = { ...rows[5]!, tags: '["content-velocity"]' };
    const text = focusCsv(rows);
    const lines = text.split("\n");
    const e = problemsOf(() => readFocusCsv(text, "nov.csv", KEYS));
    expect(e.problems.map((p) => [p.line, p.column, p.where])).toEqual([
      [2, columnOfField(lines[1]!, FOCUS_COLUMNS.indexOf("EffectiveCost")), "EffectiveCost"],
      [
        4,
        columnOfField(lines[3]!, FOCUS_COLUMNS.indexOf("ChargePeriodStart")),
        "ChargePeriodStart",
      ],
      [5, columnOfField(lines[4]!, FOCUS_COLUMNS.indexOf("Tags")), "Tags"],
      [7, columnOfField(lines[6]!, FOCUS_COLUMNS.indexOf("Tags")), "Tags"],
    ]);
    expect(e.message).toMatch(/"\$2,000\.25" is not a number/);
    expect(e.message).toMatch(/"11\/01\/2026" is not an ISO 8601 date-time/);
    expect(e.message).toMatch(/Tags: not valid JSON/);
    expect(e.message).toMatch(/Tags: must be a JSON object/);
  });

  it("positions stay right after a quoted field that spans lines", () => {
    const header =
      "BilledCost,EffectiveCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ServiceName,ResourceId,Tags";
    const text = [
      header,
      '1,1,USD,2026-11-01,2026-11-02,"Amazon\nBedrock",,{}',
      "2,two,USD,2026-11-01,2026-11-02,Amazon Bedrock,,{}",
      "",
    ].join("\n");
    const e = problemsOf(() => readFocusCsv(text, "x.csv", KEYS));
    expect(e.problems[0]).toMatchObject({ line: 4, column: 3, where: "EffectiveCost" });
  });

  it("a row with the wrong number of fields is not a valid CSV", () => {
    const text = focusCsv(realisticBill()).replace("\n2100.50,", "\n2100.50,,");
    const e = problemsOf(() => readFocusCsv(text, "nov.csv", KEYS));
    expect(e.problems[0]?.line).toBe(2);
    expect(e.message).toMatch(/^nov\.csv:2(:\d+)?: not a valid CSV file/);
  });

  it("--month keeps only charge periods starting in that month", () => {
    const rows = realisticBill();
    rows[0] = { ...rows[0]!, start: "2026-10-31T00:00:00Z", end: "2026-11-01T00:00:00Z" };
    const bill = readFocusCsv(focusCsv(rows), "nov.csv", KEYS, { month: "2026-11" });
    expect(bill.lines).toHaveLength(8);
    expect(bill.outsideMonth).toBe(1);
    expect(bill.months).toEqual(["2026-11"]);
    const both = readFocusCsv(focusCsv(rows), "nov.csv", KEYS);
    expect(both.months).toEqual(["2026-10", "2026-11"]);
  });
});
