import { describe, expect, it } from "vitest";
import { describeUnknowns, isUnknown, Unknown, unknownsIn } from "../../domain/unknown";

describe("unknown values", () => {
  it("are found anywhere in a value and described by path", () => {
    const a = new Unknown("tags.ai-team");
    const b = new Unknown("sku.capacity");
    expect(unknownsIn({ x: [1, { y: a }], z: b, w: "04da6b54" })).toEqual([a, b]);
    expect(unknownsIn("text")).toEqual([]);
    expect(isUnknown(a)).toBe(true);
    expect(isUnknown({ path: "x" })).toBe(false);
    expect(describeUnknowns([a, b, new Unknown("c")])).toBe("tags.ai-team, sku.capacity and c");
    expect(describeUnknowns([a, a])).toBe("tags.ai-team");
    expect(String(b)).toBe("sku.capacity (unknown until update)");
  });
});
