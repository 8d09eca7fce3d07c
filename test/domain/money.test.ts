import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { formatCount, formatDecimal, formatUsd, roundCents } from "../../domain/money";

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

  it("writes every number as Intl.NumberFormat en-US does, for each pair of fraction digits the styles use (each counted)", () => {
    const pairs = [
      [0, 2],
      [2, 2],
      [0, 0],
      [0, 3],
    ] as const;
    const formats = pairs.map(
      ([min, max]) =>
        new Intl.NumberFormat("en-US", { minimumFractionDigits: min, maximumFractionDigits: max }),
    );
    // Doubles of every magnitude, cents and halves (x.xx5) that sit on a rounding boundary.
    const value = fc.oneof(
      fc.double({ noNaN: false }),
      fc.double({ min: -1e7, max: 1e7 }),
      fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }).map((c) => c / 1000),
      fc.integer({ min: -2_000_000, max: 2_000_000 }).map((c) => c / 100 + 0.005),
      fc.constantFrom(0, -0, 0.995, 9.995, 999.9995, 99_999.5, 1e21, 1e-7, Infinity, -Infinity),
    );
    let checked = 0;
    fc.assert(
      fc.property(value, (n) => {
        pairs.forEach(([min, max], i) => {
          expect(formatDecimal(n, min, max), `${n} with ${min}-${max} digits`).toBe(
            formats[i]!.format(n),
          );
          checked++;
        });
      }),
      { numRuns: 3000 },
    );
    expect(checked).toBe(3000 * pairs.length);
    expect(formatCount(1_234_567)).toBe((1_234_567).toLocaleString("en-US"));
  });
});
