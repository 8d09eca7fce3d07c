/**
 * Analyze throughput and AnalyzeStack scaling over the Analyzer gRPC protocol, through the
 * project's Analyzer client (`cli/analyzer/client.ts`: it launches a pack the way the engine does
 * and speaks the protocol). Each run starts a fresh pack process and goes through the engine's
 * handshake before anything is timed.
 */
import { performance } from "node:perf_hooks";
import { launchPolicyPack, type PolicyPackSession } from "../../cli/analyzer/client";
import { cpuTimeMs, peakRssMb } from "./coldstart";
import type { ReadyPack } from "./packs";
import type { AnalyzeStack, Throughput } from "./results";
import { median, medianOf, percentile, round } from "./stats";
import type { BenchResource } from "./workload";

/**
 * A fresh pack, through the engine's handshake: ConfigureStack, GetAnalyzerInfo, and Configure
 * with the defaults of every policy's config schema (what the engine sends with no
 * --policy-pack-config).
 */
async function open(pack: ReadyPack): Promise<PolicyPackSession> {
  const session = await launchPolicyPack(pack.dir);
  try {
    await session.configureStack({ stack: "bench", project: "outcomeguard", dryRun: true });
    await session.getAnalyzerInfo();
    await session.configure({});
  } catch (e) {
    await session.close();
    throw e;
  }
  return session;
}

/** `resources` Analyze calls with `inFlight` outstanding at a time, timed from first to last. */
async function analyzeAll(
  session: PolicyPackSession,
  resources: readonly BenchResource[],
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
  resources: readonly BenchResource[],
  opts: { runs: number; inFlight: number },
): Promise<Throughput> {
  const rates: number[] = [];
  const latencies: number[] = [];
  const peaks: number[] = [];
  const cpus: number[] = [];
  let diagnostics = 0;
  for (let i = 0; i < opts.runs; i++) {
    const session = await open(pack);
    try {
      const cpu0 = cpuTimeMs(session.pid);
      const r = await analyzeAll(session, resources, opts.inFlight);
      const cpu1 = cpuTimeMs(session.pid);
      if (cpu0 !== null && cpu1 !== null) cpus.push(((cpu1 - cpu0) * 1000) / resources.length);
      rates.push(round((resources.length / r.ms) * 1000, 0));
      latencies.push(...r.latencies);
      diagnostics = r.diagnostics;
      const peak = peakRssMb(session.pid);
      if (peak !== null) peaks.push(peak);
    } finally {
      await session.close();
    }
  }
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
  stacks: readonly (readonly BenchResource[])[],
  opts: { runs: number; warmup: readonly BenchResource[] },
): Promise<AnalyzeStack> {
  const times: number[][] = stacks.map(() => []);
  const diagnostics: number[] = stacks.map(() => 0);
  const peaks: number[] = [];
  for (let i = 0; i < opts.runs; i++) {
    const session = await open(pack);
    try {
      await session.analyzeStack([...opts.warmup]);
      for (const [k, stack] of stacks.entries()) {
        const t0 = performance.now();
        const ds = await session.analyzeStack([...stack]);
        (times[k] as number[]).push(round(performance.now() - t0, 1));
        diagnostics[k] = ds.length;
      }
      const peak = peakRssMb(session.pid);
      if (peak !== null) peaks.push(peak);
    } finally {
      await session.close();
    }
  }
  const sizes = stacks.map((s, k) => ({
    resources: s.length,
    runsMs: times[k] as number[],
    medianMs: round(median(times[k] as number[]), 1),
    diagnostics: diagnostics[k] as number,
  }));
  const first = sizes[0];
  const last = sizes[sizes.length - 1];
  return {
    status: "ok",
    sizes,
    ratio: first && last && sizes.length > 1 ? round(last.medianMs / first.medianMs, 2) : null,
    medianPeakRssMb: medianOf(peaks, 1),
  };
}
