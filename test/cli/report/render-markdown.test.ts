import { describe, expect, it } from "vitest";
import { mdCell, renderMarkdown } from "../../../cli/report/render-markdown";
import { stateReport } from "../../support/report-fixtures";

const md = renderMarkdown(stateReport());

describe("mdCell", () => {
  it("escapes a pipe so it cannot split the cell", () => {
    expect(mdCell("a|b")).toBe("a\\|b");
  });

  it("puts a multi-line value on one line", () => {
    expect(mdCell("a\r\nb")).toBe("a b");
  });

  it("escapes what Markdown would format", () => {
    expect(mdCell("*x* <b>")).toBe("\\*x\\* \\<b\\>");
  });
});

describe("renderMarkdown", () => {
  it("heads the page with the report's title", () => {
    expect(md.startsWith("## AI spend by outcome\n")).toBe(true);
  });

  it("gives each outcome a table row", () => {
    expect(md).toContain(
      "| support | support-ticket-deflection | support.ticket-deflection-rate | Claude Opus 4.1 (premium) | 5,000.00 | uncapped | yes | budget-action | yes |",
    );
  });

  it("flags untagged spend", () => {
    expect(md).toContain("| (no team) | ⚠ untagged |");
  });

  it("right-aligns the money columns", () => {
    expect(md).toContain("| --- | --- | --- | --- | ---: | ---: | --- | --- | --- |");
  });

  it("folds the notes away", () => {
    expect(md).toMatch(/<details><summary>Notes<\/summary>\n[\s\S]*<\/details>/);
  });
});
