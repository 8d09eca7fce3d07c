import { describe, expect, it } from "vitest";
import { readStackExport } from "../../../cli/report/state";
import { analyseStack, observeTags } from "../../../cli/report/stack";
import { Unknown } from "../../../cli/report/resource";
import { KEYS, realisticStack } from "../../support/report-fixtures";

const resource = (tags: unknown, outputs?: Record<string, unknown>) => ({
  urn: "urn:pulumi:s::p::t:m:T::x",
  type: "t:m:T",
  name: "x",
  inputs: { tags },
  ...(outputs ? { outputs } : {}),
});

describe("observeTags", () => {
  it("reads Azure tag names case-insensitively as ours", () => {
    expect(observeTags(resource({ "AI-Team": "search" }), "azure", KEYS).values[KEYS.team]).toBe(
      "search",
    );
  });

  it("keeps AWS tag names as written (case-sensitive)", () => {
    expect(observeTags(resource({ "AI-Team": "search" }), "aws", KEYS).values[KEYS.team]).toBe(
      undefined,
    );
  });

  it("reads the cloud's tagsAll as well as the declared tags", () => {
    const r = resource({}, { tagsAll: { [KEYS.costCenter]: "CC-1" } });
    expect(observeTags(r, "aws", KEYS).values[KEYS.costCenter]).toBe("CC-1");
  });

  it("says a tag map computed at deploy time is wholly unknown", () => {
    expect(observeTags(resource(new Unknown("tags")), "aws", KEYS).wholeMapUnknown).toBe(true);
  });
});

describe("analyseStack", () => {
  const analysis = analyseStack(readStackExport(realisticStack().text(), "prod.json"), KEYS);

  it("finds the stack's model endpoints", () => {
    expect(analysis.endpoints.map((e) => e.resource).sort()).toEqual([
      "blog-writer-gpt5",
      "invoice-reader-profile",
      "summarizer-experiment",
      "support-bot-profile",
    ]);
  });

  it("reads each endpoint's outcome from its tags", () => {
    expect(analysis.endpoints.find((e) => e.resource === "support-bot-profile")?.outcome).toBe(
      "support-ticket-deflection",
    );
  });

  it("finds the budget alarm watching an endpoint's outcome", () => {
    expect(analysis.endpoints.find((e) => e.resource === "support-bot-profile")?.budgetAlarm).toBe(
      "yes",
    );
  });

  it("finds the hard stop an endpoint's outcome has", () => {
    expect(analysis.endpoints.find((e) => e.resource === "support-bot-profile")?.hardStop).toBe(
      "budget-action",
    );
  });

  it("finds no endpoint in a stack with none", () => {
    expect(analyseStack([], KEYS).endpoints).toEqual([]);
  });
});
