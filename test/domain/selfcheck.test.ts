import { describe, expect, it } from "vitest";
import { selfcheck } from "../../cli/selfcheck";

describe("selfcheck", () => {
  it("fails the vague outcome and passes the measurable one", () => {
    const lines: string[] = [];
    expect(selfcheck((l) => lines.push(l))).toBe(0);
    expect(lines).toContain("  FAIL  Use AI to make better content");
    expect(lines).toContain(
      "  PASS  Reduce the time it takes to create a technical blog post from five hours to one hour",
    );
  });
});
