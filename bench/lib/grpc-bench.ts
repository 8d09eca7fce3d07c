/**
 * Analyze throughput and AnalyzeStack scaling over the Analyzer gRPC protocol, through the
 * project's Analyzer client (`cli/analyzer/client.ts`: it launches a pack the way the engine does
 * and speaks the protocol), in a fresh pack per run.
 */
import { performance } from "node:perf_hooks";
import { cpuTimeMs, peakRssMb } from "./coldstart";
import type { ReadyPack } from "./packs";
import type { AnalyzeStack, Throughput } from "./results";
import { median, medianOf, percentile, ratio, round } from "./stats";
import {
  launchPolicyPack,
  type AnalyzerResource,
  type PolicyPackSession,
} from "../../cli/analyzer/client";

/**
 * `runs` fresh packs in turn, each through the engine's handshake (ConfigureStack,
 * GetAnalyzerInfo, and Configure with the defaults of every policy's config schema: what the
 * engine sends with no --policy-pack-config) before `use` times anything; the peak RSS of each.
 */
async function eachSession(
  pack: ReadyPack,
  runs: number,
  use: (session: PolicyPackSession) => Promise<void>,
): Promise<number[]> {
  const peaks: number[] = [];
  for (let i = 0; i < runs; i++) {
    const session = await launchPolicyPack(pack.dir);
    try {
      await session.configureStack({ stack: "bench", project: "outcomeguard", dryRun: true });
      await session.getAnalyzerInfo();
      await session.configure({});
      await use(session);
      const peak = peakRssMb(session.pid);
      if (peak !== null) peaks.push(peak);
    } finally {
      await session.close();
    }
  }
  return peaks;
}

/** `resources` Analyze calls with `inFlight` outstanding at a time, timed from first to last. */
async function analyzeAll(
  session: PolicyPackSession,
  resources: readonly AnalyzerResource[],
  inFlight: number,
): Promise<{ ms: number; latencies: number[]; diagnostics: number }> {
  let next = 0;
  let diagnostics = 0;
  const latencies: number[] = [];
  const worker = async () => {
    for (;;) {
      const i = next++;
      const r = resources[i];
      if (!r) return;
      const t = performance.now();
      const ds = await session.analyze(r);
      latencies.push(performance.now() - t);
      diagnostics += ds.length;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  return { ms: performance.now() - t0, latencies, diagnostics };
}

export async function measureThroughput(
  pack: ReadyPack,
  resources: readonly AnalyzerResource[],
  opts: { runs: number; inFlight: number },
): Promise<Throughput> {
  const [rates, latencies, cpus]: [number[], number[], number[]] = [[], [], []];
  let diagnostics = 0;
  const peaks = await eachSession(pack, opts.runs, async (session) => {
    const cpu0 = cpuTimeMs(session.pid);
    const r = await analyzeAll(session, resources, opts.inFlight);
    const cpu1 = cpuTimeMs(session.pid);
    if (cpu0 !== null && cpu1 !== null) cpus.push(((cpu1 - cpu0) * 1000) / resources.length);
    rates.push(round((resources.length / r.ms) * 1000, 0));
    latencies.push(...r.latencies);
    diagnostics = r.diagnostics;
  });
  return {
    status: "ok",
    resources: resources.length,
    inFlight: opts.inFlight,
    runsPerSecond: rates,
    medianPerSecond: round(median(rates), 0),
    p50LatencyMs: round(percentile(latencies, 50), 2),
    p99LatencyMs: round(percentile(latencies, 99), 2),
    diagnosticsPerRun: diagnostics,
    packCpuUsPerRequest: medianOf(cpus, 0),
    medianPeakRssMb: medianOf(peaks, 1),
  };
}

/**
 * AnalyzeStack at each size, in one fresh pack per run: a small warm-up stack first (the engine
 * calls AnalyzeStack after every Analyze, so the pack is warm), then each size in turn.
 */
export async function measureAnalyzeStack(
  pack: ReadyPack,
  stacks: readonly (readonly AnalyzerResource[])[],
  opts: { runs: number; warmup: readonly AnalyzerResource[] },
): Promise<AnalyzeStack> {
  const times: number[][] = stacks.map(() => []);
  const diagnostics: number[] = stacks.map(() => 0);
  const peaks = await eachSession(pack, opts.runs, async (session) => {
    await session.analyzeStack([...opts.warmup]);
    for (const [k, stack] of stacks.entries()) {
      const t0 = performance.now();
      const ds = await session.analyzeStack([...stack]);
      times[k]?.push(round(performance.now() - t0, 1));
      diagnostics[k] = ds.length;
    }
  });
  const sizes = stacks.map((s, k) => ({
    resources: s.length,
    runsMs: times[k] ?? [],
    medianMs: round(median(times[k] ?? []), 1),
    diagnostics: diagnostics[k] ?? 0,
  }));
  return {
    status: "ok",
    sizes,
    ratio: sizes.length > 1 ? ratio(sizes.at(-1)?.medianMs, sizes[0]?.medianMs) : null,
    medianPeakRssMb: medianOf(peaks, 1),
  };
}
