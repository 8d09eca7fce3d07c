/**
 * bench/lib/engine-bench.ts: the verdict arithmetic on samples made up here (the real previews
 * are test/engine/bench.engine.test.ts). The floor adds 1,000 ms to a 3,000 ms preview.
 */
import { describe, expect, it } from "vitest";
import { renderEngineReport, summarize } from "../../bench/lib/engine-bench";

const sample = (ms: number, packCpuMs: number) => ({
  wallMs: ms,
  cpuMs: ms,
  packCpuMs,
  cliCpuMs: 100,
  exact: true,
});
/**
 * Six rounds where OutcomeGuard adds `og` ms and the floor 1,000; the no-pack preview of round r
 * takes `noise(r)` ms more (the program's own variation).
 */
function aws(og: number, noise: (r: number) => number = () => 0) {
  const of = (add: number, extra: (r: number) => number = () => 0) =>
    Array.from({ length: 6 }, (_, r) => sample(3000 + extra(r) + add, add));
  const samples = { none: of(0, noise), empty: of(1000), outcomeguard: of(og) };
  return summarize("aws", 62, samples);
}

describe("engine bench summary", () => {
  it("meets the goal when OutcomeGuard adds 1.05x the floor's time in every round", () => {
    const s = aws(1050);
    expect(s.addedRatio).toEqual({ wall: 1.05, cpu: 1.05, engineCpu: 1.05 });
    expect(renderEngineReport([s])).toContain("aws: wall met (90% interval 1.05x to 1.05x)");
  });

  it("does not meet it at 1.2x", () => {
    const s = aws(1200);
    expect(renderEngineReport([s])).toContain("aws: wall NOT met");
  });

  it("gives a wider interval when the previews move from round to round than when they do not", () => {
    const steady = aws(1050);
    const noisy = aws(1050, (r) => (r % 3) * 300);
    const width = (s: typeof steady) => s.addedInterval.wall!.high - s.addedInterval.wall!.low;
    expect(width(noisy)).toBeGreaterThan(width(steady));
  });
});
