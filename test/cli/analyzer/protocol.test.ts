import { describe, expect, it } from "vitest";
import {
  encodeProperties,
  reconcilePolicyPackConfig,
  resourceUrn,
  secret,
  SECRET_SIG,
  SECRET_SIG_KEY,
  UNKNOWN,
  UNKNOWN_SENTINELS,
  unknownOf,
} from "../../../cli/analyzer/protocol";

describe("the engine's property encoding", () => {
  it("sends unknowns as the engine's sentinels, secrets as signature objects, and drops undefined", () => {
    expect(
      encodeProperties({
        a: UNKNOWN,
        b: unknownOf("object"),
        c: [unknownOf("number"), 1, undefined],
        d: secret("s3cr3t"),
        e: undefined,
        f: { g: NaN, h: null, i: true },
      }),
    ).toEqual({
      a: UNKNOWN_SENTINELS.string,
      b: UNKNOWN_SENTINELS.object,
      c: [UNKNOWN_SENTINELS.number, 1, null],
      d: { [SECRET_SIG_KEY]: SECRET_SIG, value: "s3cr3t" },
      f: { g: null, h: null, i: true },
    });
    expect(unknownOf("string")).toBe(UNKNOWN);
  });

  it("builds URNs with the parent chain", () => {
    expect(
      resourceUrn({
        stack: "dev",
        project: "p",
        type: "aws:x/y:Y",
        name: "n",
        parentTypes: ["outcomeguard:aws:GatedEndpoint"],
      }),
    ).toBe("urn:pulumi:dev::p::outcomeguard:aws:GatedEndpoint$aws:x/y:Y::n");
  });
});

describe("reconcilePolicyPackConfig (what the engine sends in Configure)", () => {
  const policies = [
    {
      name: "a",
      enforcementLevel: "mandatory" as const,
      configSchema: {
        properties: { x: { type: "number", default: 1 }, y: { type: "string" } },
        required: [],
      },
    },
    { name: "b", enforcementLevel: "advisory" as const },
  ];

  it("fills every policy's level and schema defaults", () => {
    expect(reconcilePolicyPackConfig(policies, {})).toEqual({
      a: { enforcementLevel: "mandatory", properties: { x: 1 } },
      b: { enforcementLevel: "advisory", properties: {} },
    });
  });

  it("applies `all`'s level, then each entry's level and properties over it", () => {
    const r = reconcilePolicyPackConfig(policies, {
      all: "disabled",
      a: { y: "z" },
      b: "mandatory",
    });
    expect(r.a).toEqual({ enforcementLevel: "disabled", properties: { x: 1, y: "z" } });
    expect(r.b).toEqual({ enforcementLevel: "mandatory", properties: {} });
    expect(r.all).toEqual({ enforcementLevel: "disabled", properties: {} });
  });

  it("rejects what the engine rejects", () => {
    expect(() => reconcilePolicyPackConfig(policies, { a: "sometimes" })).toThrow(
      /not a valid enforcement level/,
    );
    expect(() => reconcilePolicyPackConfig(policies, { a: { enforcementLevel: 3 } })).toThrow(
      /not a valid enforcement level/,
    );
    expect(() => reconcilePolicyPackConfig(policies, { a: 5 })).toThrow(
      /must be a string or object/,
    );
    expect(() => reconcilePolicyPackConfig(policies, { c: { x: 1 } })).toThrow(
      /not a policy of this pack/,
    );
  });
});
