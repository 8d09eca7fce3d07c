/**
 * bench/lib/engine-bench.ts: the verdict arithmetic on samples made up here (the real previews
 * are test/engine/bench.engine.test.ts). The floor adds 1,000 ms to a 3,000 ms preview.
 */
import { describe, expect, it } from "vitest";
import { renderEngineReport, summarize } from "../../bench/lib/engine-bench";

const sample = (wallMs: number, cpuMs = wallMs, packCpuMs = 0, cliCpuMs = 100) => ({
  ...{ wallMs, cpuMs, packCpuMs, cliCpuMs, exact: true },
});
/** Rounds where OutcomeGuard adds `og(r)` ms and the floor 1,000; the no-pack preview of round
 * r takes `noise(r)` ms more (the program's own variation). */
function rounds(og: (r: number) => number, noise: (r: number) => number, n = 6) {
  const of = (add: (r: number) => number, pack: boolean, extra = (_r: number) => 0) =>
    Array.from({ length: n }, (_, r) => {
      const ms = 3000 + extra(r) + add(r);
      return sample(ms, ms, pack ? add(r) : 0);
    });
  return {
    none: of(() => 0, false, noise),
    empty: of(() => 1000, true),
    outcomeguard: of(og, true),
  };
}

const aws = (og: (r: number) => number, noise: (r: number) => number) =>
  summarize("aws", 62, rounds(og, noise));

describe("engine bench summary", () => {
  it("meets the goal when OutcomeGuard adds 1.05x the floor's time in every round", () => {
    const s = aws(
      () => 1050,
      () => 0,
    );
    expect(s.addedRatio).toEqual({ wall: 1.05, cpu: 1.05, engineCpu: 1.05 });
    expect(renderEngineReport([s])).toContain("aws: wall met (90% interval 1.05x to 1.05x)");
  });

  it("does not meet it at 1.2x", () => {
    const s = aws(
      () => 1200,
      () => 0,
    );
    expect(renderEngineReport([s])).toContain("aws: wall NOT met");
  });

  it("gives a wider interval when the previews move from round to round than when they do not", () => {
    const steady = aws(
      () => 1050,
      () => 0,
    );
    const noisy = aws(
      () => 1050,
      (r) => (r % 3) * 300,
    );
    const width = (s: typeof steady) => s.addedInterval.wall!.high - s.addedInterval.wall!.low;
    expect(width(noisy)).toBeGreaterThan(width(steady));
  });
});
