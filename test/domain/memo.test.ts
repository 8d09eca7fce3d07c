import { describe, expect, it } from "vitest";
import { BoundedCache } from "../../domain/memo";

describe("BoundedCache", () => {
  it("makes a value once per key and serves it again", () => {
    const cache = new BoundedCache<string, { n: number }>(10);
    let made = 0;
    const a = cache.get("a", () => ({ n: ++made }));
    expect(cache.get("a", () => ({ n: ++made }))).toBe(a);
    expect(made).toBe(1);
  });

  it("caches a value that is undefined, too", () => {
    const cache = new BoundedCache<string, undefined>(10);
    let made = 0;
    cache.get("a", () => void made++);
    cache.get("a", () => void made++);
    expect(made).toBe(1);
  });

  it("forgets everything once it holds its limit, so inputs that never repeat stay bounded", () => {
    const cache = new BoundedCache<number, number>(100);
    for (let i = 0; i < 1_000; i++) cache.get(i, () => i);
    expect(cache.size).toBeLessThanOrEqual(100);
    expect(cache.size).toBeGreaterThan(0);
  });
});
