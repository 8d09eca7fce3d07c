import { describe, expect, it } from "vitest";
import { packConfigProblems, schemaProblems } from "../../../cli/preview/config-schema";
import type { PolicyPackConfig } from "../../../cli/preview/pack-config";

describe("schemaProblems", () => {
  it("names a value of the wrong type and the type expected", () => {
    expect(schemaProblems({ type: "number" }, "5", "ceiling")).toEqual([
      "ceiling: is string, expected number",
    ]);
  });

  it("accepts an integer where a number is expected", () => {
    expect(schemaProblems({ type: "number" }, 5, "n")).toEqual([]);
  });

  it("refuses a value outside the enum and lists the allowed ones", () => {
    expect(schemaProblems({ enum: ["premium", "standard"] }, "gold", "tier")).toEqual([
      'tier: "gold" is not allowed; allowed: "premium", "standard"',
    ]);
  });

  it("refuses a string that does not match the pattern", () => {
    expect(schemaProblems({ type: "string", pattern: "^[a-z]+:$" }, "Acme", "tagPrefix")).toEqual([
      'tagPrefix: "Acme" does not match ^[a-z]+:$',
    ]);
  });

  it("refuses a number below the minimum", () => {
    expect(schemaProblems({ minimum: 1 }, 0, "days")).toEqual(["days: must be at least 1"]);
  });

  it("refuses a number not above the exclusive minimum", () => {
    expect(schemaProblems({ exclusiveMinimum: 0 }, 0, "usd")).toEqual([
      "usd: must be greater than 0",
    ]);
  });

  it("names a nested problem by its full path", () => {
    const schema = {
      type: "object",
      properties: { maxCeilingUsd: { type: "object", properties: { premium: { maximum: 100 } } } },
    };
    expect(schemaProblems(schema, { maxCeilingUsd: { premium: 500 } }, "")).toEqual([
      "maxCeilingUsd.premium: must be at most 100",
    ]);
  });

  it("names a bad list item by its index", () => {
    expect(schemaProblems({ items: { enum: ["a"] } }, ["a", "b"], "tiers")).toEqual([
      'tiers[1]: "b" is not allowed; allowed: "a"',
    ]);
  });

  it("names a setting additionalProperties: false forbids, and the allowed ones", () => {
    const schema = { type: "object", properties: { a: {}, b: {} }, additionalProperties: false };
    expect(schemaProblems(schema, { c: 1 }, "x")).toEqual([
      "x.c: is not a setting here; allowed: a, b",
    ]);
  });

  it("names a missing required property", () => {
    expect(schemaProblems({ type: "object", required: ["a"] }, {}, "")).toEqual(["a: is required"]);
  });

  it("accepts a value any of anyOf's forms takes", () => {
    expect(schemaProblems({ anyOf: [{ type: "string" }, { type: "number" }] }, 3, "v")).toEqual([]);
  });

  it("reports the closest anyOf form's problems when none matches", () => {
    const schema = { anyOf: [{ type: "string", minLength: 3 }, { type: "number" }] };
    expect(schemaProblems(schema, "ab", "v")).toEqual(["v: must be at least 3 characters"]);
  });
});

describe("packConfigProblems", () => {
  const policies = [
    { name: "p1", configSchema: { properties: { tagPrefix: { type: "string" } }, required: [] } },
    { name: "p2", configSchema: { properties: { maxUsd: { type: "number" } }, required: [] } },
  ] as Parameters<typeof packConfigProblems>[1];
  const config = (policiesConfig: Record<string, Record<string, unknown>>): PolicyPackConfig => ({
    file: "c.json",
    policies: Object.fromEntries(
      Object.entries(policiesConfig).map(([k, properties]) => [k, { properties }]),
    ),
    raw: {},
  });

  it("names a setting no policy takes (a typo) and what the policy takes", () => {
    expect(packConfigProblems(config({ p1: { tagprefix: "x" } }), policies)).toEqual([
      'p1: unknown setting "tagprefix"; p1 takes: tagPrefix',
    ]);
  });

  it("leaves alone a setting another policy of the pack takes", () => {
    expect(packConfigProblems(config({ p1: { maxUsd: 5 } }), policies)).toEqual([]);
  });

  it("names a bad value by policy and setting", () => {
    expect(packConfigProblems(config({ p2: { maxUsd: "lots" } }), policies)).toEqual([
      "p2: maxUsd: is string, expected number",
    ]);
  });
});
