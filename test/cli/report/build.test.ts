import { describe, expect, it } from "vitest";
import { buildReport } from "../../../cli/report/build";
import { readStackExport } from "../../../cli/report/state";
import { KEYS, realisticStack, stateReport } from "../../support/report-fixtures";

describe("buildReport without a bill", () => {
  it("adds up the declared monthly ceilings over the stack's endpoints", () => {
    expect(stateReport().allocation.total).toMatchObject({ endpoints: 4, ceilingUsd: 10_800 });
  });

  it("carries no billing and no finance views", () => {
    const r = stateReport();
    expect([r.billing, r.finance]).toEqual([undefined, undefined]);
  });

  it("notes each endpoint that has no projected maximum, and why", () => {
    expect(stateReport().notes).toContain(
      "support-bot-profile: no projected maximum: on-demand Bedrock has no capacity limit, so nothing but a hard stop caps its monthly spend",
    );
  });

  it("notes an endpoint's missing cost-allocation tags", () => {
    expect(stateReport().notes).toContain("invoice-reader-profile: tags missing ai-cost-center");
  });

  it("lists every stack it read, in order", () => {
    const resources = readStackExport(realisticStack().text(), "prod.json");
    const r = buildReport(
      [
        { name: "acme/prod", resources },
        { name: "acme/dev", resources: [] },
      ],
      { source: { kind: "state", name: "a.json, b.json" }, keys: KEYS, tagPrefix: "ai-" },
    );
    expect(r.stacks).toEqual(["acme/prod", "acme/dev"]);
  });

  it("lists every note once", () => {
    const notes = stateReport().notes;
    expect(new Set(notes).size).toBe(notes.length);
  });

  it("puts an endpoint without an outcome tag under untagged", () => {
    const untagged = stateReport().allocation.rows.filter((r) => r.outcome === "untagged");
    expect(untagged.map((r) => r.resource)).toEqual(["summarizer-experiment"]);
  });
});
