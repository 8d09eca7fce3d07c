import { describe, expect, it } from "vitest";
import { formatProblems, ReportInputError } from "../../../cli/report/errors";

describe("formatProblems", () => {
  it("writes file:line:column: message, so an editor can jump to it", () => {
    expect(formatProblems("bill.csv", [{ line: 3, column: 7, message: "bad" }])).toBe(
      "bill.csv:3:7: bad",
    );
  });

  it("writes file:line without a column", () => {
    expect(formatProblems("bill.csv", [{ line: 3, message: "bad" }])).toBe("bill.csv:3: bad");
  });

  it("puts the extra location words before the message", () => {
    expect(formatProblems("b.csv", [{ line: 2, where: "(BillingCurrency)", message: "x" }])).toBe(
      "b.csv:2: (BillingCurrency): x",
    );
  });

  it("counts the problems it does not list", () => {
    expect(formatProblems("b.csv", [{ message: "x" }], 2).split("\n")[1]).toBe(
      "b.csv: ... and 2 more problems",
    );
  });

  it("says problem, singular, for one more", () => {
    expect(formatProblems("b.csv", [], 1)).toBe("b.csv: ... and 1 more problem");
  });
});

describe("ReportInputError", () => {
  it("carries the formatted problems as its message", () => {
    expect(new ReportInputError("b.csv", [{ line: 1, message: "x" }]).message).toBe("b.csv:1: x");
  });
});
