import { describe, expect, it } from "vitest";
import { formatUsd, roundCents } from "../../domain/money";

describe("money", () => {
  it("rounds to whole cents, half away from zero, binary fractions included", () => {
    expect(roundCents(1.005)).toBe(1.01);
    expect(roundCents(2.675)).toBe(2.68);
    expect(roundCents(-1.005)).toBe(-1.01);
    expect(roundCents(0.1 + 0.2)).toBe(0.3);
  });

  it("writes USD in each style with thousands separators", () => {
    expect(formatUsd(1234.5)).toBe("$1,234.5");
    expect(formatUsd(1234.5, "cents")).toBe("$1,234.50");
    expect(formatUsd(1234.5, "plain")).toBe("1,234.50");
    expect(formatUsd(1234.5, "axis")).toBe("$1,235");
    expect(formatUsd(12.5, "axis")).toBe("$12.5");
  });
});
