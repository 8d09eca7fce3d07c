import { describe, expect, it } from "vitest";
import {
  escapeHtml,
  financeHtml,
  governedCards,
  niceStep,
  trendChart,
  wrapIds,
} from "../../../cli/report/render-html-finance";
import { stateReport } from "../../support/report-fixtures";

describe("escapeHtml", () => {
  it("escapes every character HTML gives meaning to", () => {
    expect(escapeHtml(`<a href="x">&'</a>`)).toBe(
      "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;",
    );
  });
});

describe("wrapIds", () => {
  it("lets a long id break after its separators", () => {
    expect(wrapIds("arn:aws:bedrock:us-east-1:123456789012")).toBe(
      "arn:<wbr>aws:<wbr>bedrock:<wbr>us-<wbr>east-<wbr>1:<wbr>123456789012",
    );
  });

  it("leaves short text whole", () => {
    expect(wrapIds("a-b")).toBe("a-b");
  });
});

describe("niceStep", () => {
  it("picks a 1, 2 or 5 step for about five ticks", () => {
    expect([niceStep(100), niceStep(900), niceStep(42_000)]).toEqual([20, 200, 10_000]);
  });

  it("steps by 1 when there is nothing to show", () => {
    expect(niceStep(0)).toBe(1);
  });
});

describe("without a bill", () => {
  it("has no governed cards", () => {
    expect(governedCards(stateReport())).toEqual([]);
  });

  it("has no trend chart", () => {
    expect(trendChart(stateReport())).toBe("");
  });

  it("has no finance sections", () => {
    expect(financeHtml(stateReport())).toBe("");
  });
});
