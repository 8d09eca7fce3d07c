import { describe, expect, it } from "vitest";
import { ENFORCEMENT_LEVELS, isEnforcementLevel } from "../../domain/enforcement";

describe("enforcement levels", () => {
  it("are the four the engine knows, and nothing else passes as one", () => {
    expect(ENFORCEMENT_LEVELS).toEqual(["advisory", "mandatory", "remediate", "disabled"]);
    for (const l of ENFORCEMENT_LEVELS) expect(isEnforcementLevel(l)).toBe(true);
    expect(isEnforcementLevel("advisry")).toBe(false);
    expect(isEnforcementLevel(undefined)).toBe(false);
  });
});
