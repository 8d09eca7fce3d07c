/**
 * Analyze throughput and AnalyzeStack scaling over the Analyzer gRPC protocol, through the
 * project's Analyzer client (`cli/analyzer/client.ts`: it launches a pack the way the engine does
 * and speaks the protocol), in a fresh pack per run.
 */
import { performance } from "node:perf_hooks";
import { cpuTimeMs, peakRssMb } from "./coldstart";
import type { ReadyPack } from "./packs";
import type { AnalyzeStack, Throughput } from "./results";
import { measurement, median, medianOf, percentile, present, ratio, round } from "./stats";
import {
  launchPolicyPack,
  type AnalyzerResource,
  type PolicyPackSession,
} from "../../cli/analyzer/client";

/**
 * One fresh pack through the engine's handshake (ConfigureStack, GetAnalyzerInfo, and Configure
 * with the defaults of every policy's config schema: what the engine sends with no
 * --policy-pack-config) before `use` times anything; its peak RSS. The caller runs the packs in
 * turn, round by round (`rounds` in ./stats.ts), so drift on the machine hits them alike.
 */
async function inSession<T>(
  pack: ReadyPack,
  use: (session: PolicyPackSession) => Promise<T>,
): Promise<T & { peak: number | null }> {
  const session = await launchPolicyPack(pack.dir);
  try {
    await session.configureStack({ stack: "bench", project: "outcomeguard", dryRun: true });
    await session.getAnalyzerInfo();
    await session.configure({});
    return { ...(await use(session)), peak: peakRssMb(session.pid) };
  } finally {
    await session.close();
  }
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

/** Analyze throughput: per run a fresh pack, `resources` Analyze calls with `inFlight` outstanding. */
export const throughput = (resources: readonly AnalyzerResource[], inFlight: number) =>
  measurement(
    (pack) =>
      inSession(pack, async (session) => {
        const cpu0 = cpuTimeMs(session.pid);
        const r = await analyzeAll(session, resources, inFlight);
        const cpu1 = cpuTimeMs(session.pid);
        const cpu =
          cpu0 !== null && cpu1 !== null ? ((cpu1 - cpu0) * 1000) / resources.length : null;
        return { ...r, rate: round((resources.length / r.ms) * 1000, 0), cpu };
      }),
    (runs): Throughput => {
      const [rates, latencies] = [runs.map((r) => r.rate), runs.flatMap((r) => r.latencies)];
      return {
        status: "ok",
        resources: resources.length,
        inFlight,
        runsPerSecond: rates,
        medianPerSecond: round(median(rates), 0),
        p50LatencyMs: round(percentile(latencies, 50), 2),
        p99LatencyMs: round(percentile(latencies, 99), 2),
        diagnosticsPerRun: runs.at(-1)?.diagnostics ?? 0,
        packCpuUsPerRequest: medianOf(present(runs.map((r) => r.cpu)), 0),
        medianPeakRssMb: medianOf(present(runs.map((r) => r.peak)), 1),
      };
    },
  );

/**
 * AnalyzeStack at each size, per run in a fresh pack: a small warm-up stack first (the engine
 * calls AnalyzeStack after every Analyze, so the pack is warm), then each size in turn.
 */
export const analyzeStack = (
  stacks: readonly (readonly AnalyzerResource[])[],
  warmup: readonly AnalyzerResource[],
) =>
  measurement(
    (pack) =>
      inSession(pack, async (session) => {
        await session.analyzeStack([...warmup]);
        const [times, diagnostics]: [number[], number[]] = [[], []];
        for (const stack of stacks) {
          const t0 = performance.now();
          diagnostics.push((await session.analyzeStack([...stack])).length);
          times.push(round(performance.now() - t0, 1));
        }
        return { times, diagnostics };
      }),
    (runs): AnalyzeStack => {
      const sizes = stacks.map((s, k) => {
        const runsMs = runs.map((r) => r.times[k] ?? 0);
        const diagnostics = runs.at(-1)?.diagnostics[k] ?? 0;
        return { resources: s.length, runsMs, medianMs: round(median(runsMs), 1), diagnostics };
      });
      const ends = [sizes.at(-1)?.medianMs, sizes[0]?.medianMs] as const;
      return {
        status: "ok",
        sizes,
        ratio: sizes.length > 1 ? ratio(...ends) : null,
        medianPeakRssMb: medianOf(present(runs.map((r) => r.peak)), 1),
      };
    },
  );
