/** bench/lib/stats.ts: the bootstrap interval the engine bench prints beside each ratio. */
import { describe, expect, it } from "vitest";
import { bootstrapInterval, median } from "../../bench/lib/stats";

// Eight rounds of a spread measure, and the same spread over 48 rounds.
const spread = [0.8, 0.9, 1.0, 1.0, 1.1, 1.2, 1.3, 1.5];
const longer = Array.from({ length: 6 }, () => spread).flat();

describe("bootstrapInterval", () => {
  it("gives the same interval for the same samples", () => {
    expect(bootstrapInterval(spread, median)).toEqual(bootstrapInterval(spread, median));
  });

  it("holds the sample's median inside it", () => {
    const i = bootstrapInterval(spread, median);
    expect(i!.low).toBeLessThanOrEqual(median(spread));
    expect(i!.high).toBeGreaterThanOrEqual(median(spread));
  });

  it("narrows when the same spread comes from more rounds", () => {
    const [short, long] = [bootstrapInterval(spread, median)!, bootstrapInterval(longer, median)!];
    expect(long.high - long.low).toBeLessThan(short.high - short.low);
  });

  it("is a single point when every round measured the same", () => {
    expect(bootstrapInterval([1.05, 1.05, 1.05], median)).toMatchObject({ low: 1.05, high: 1.05 });
  });

  it("leaves out draws without a value and counts the rest", () => {
    // No value when a draw starts with two 0.8s: 1 in 64 of the 2,000 draws.
    const i = bootstrapInterval(spread, (d) => (d[0] === 0.8 && d[1] === 0.8 ? null : median(d)));
    expect(i!.used).toBeGreaterThan(1900);
    expect(i!.used).toBeLessThan(2000);
  });

  it("has no interval when more than a tenth of the draws have no value", () => {
    // No value when a draw starts with 0.8: 1 in 8.
    expect(bootstrapInterval(spread, (d) => (d[0] === 0.8 ? null : median(d)))).toBeNull();
  });
});
