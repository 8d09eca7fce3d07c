/**
 * What the bench reads from /proc (Linux): a process's CPU time and peak resident memory, sampled
 * while work runs, for one process or the whole tree below the bench. And cold start the way the
 * engine does it, through the project's Analyzer client (`launchPolicyPack`:
 * `node <run-policy-pack> <engine-address> .` with the pack directory as the working directory,
 * what `pulumi-analyzer-policy` runs), timed from spawn to the port line on stdout, with the
 * process's CPU time and peak resident memory read right after.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { launchPolicyPack } from "../../cli/analyzer/client";
import type { PackId, ReadyPack } from "./packs";
import type { ColdStart } from "./results";
import { median, medianOf, round, rounds, type Log } from "./stats";

/** /proc/<pid>/<file>, or "" once the process is gone (or off Linux). */
function readProc(pid: number | undefined, file: string): string {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return "";
  }
}

/** VmHWM of a process in MiB from /proc/<pid>/status, or null. */
export function peakRssMb(pid: number | undefined): number | null {
  const kb = /^VmHWM:\s+(\d+)\s+kB/m.exec(readProc(pid, "status"))?.[1];
  return kb ? round(Number(kb) / 1024, 1) : null;
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** The parent and the CPU time (user + system, ms) of a process from /proc/<pid>/stat, or null. */
function procStat(pid: number): { ppid: number; cpuMs: number } | null {
  const stat = readProc(pid, "stat");
  // Fields after the command name (which may contain spaces) start with the state (field 3).
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const [ppid, ticks] = [Number(f[1]), Number(f[11]) + Number(f[12])];
  return Number.isFinite(ticks) ? { ppid, cpuMs: (ticks * 1000) / CLOCK_TICKS } : null;
}

/** CPU time (user + system) a process has used, in ms; null if unavailable. */
export const cpuTimeMs = (pid: number): number | null => procStat(pid)?.cpuMs ?? null;

/** `work`'s value, calling `sample` every `intervalMs` until it settles. */
export async function sampling<T>(work: Promise<T>, intervalMs: number, sample: () => void) {
  const timer = setInterval(sample, intervalMs);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}

/**
 * CPU time (ms) of every process below this one while `work` runs, sampled every 250 ms (the last
 * reading of each process counts), and of those whose command line has `marker` alone. A process
 * that lives less than one interval may be missed.
 */
export async function treeCpu<T>(work: Promise<T>, marker: string) {
  const cpu = new Map<number, number>();
  const marked = new Map<number, boolean>();
  const sample = () => {
    const stats = new Map<number, ReturnType<typeof procStat>>();
    for (const name of fs.readdirSync("/proc"))
      if (/^\d+$/.test(name)) stats.set(+name, procStat(+name));
    const below = (pid: number): boolean => {
      const p = stats.get(pid)?.ppid ?? 0;
      return p === process.pid || (p > 1 && below(p));
    };
    for (const [pid, s] of stats) {
      if (!s || !below(pid)) continue;
      cpu.set(pid, Math.max(cpu.get(pid) ?? 0, s.cpuMs));
      if (!marked.has(pid)) marked.set(pid, readProc(pid, "cmdline").includes(marker));
    }
  };
  const value = await sampling(work, 250, sample);
  const total = (pids: number[]) =>
    round(
      pids.reduce((a, p) => a + (cpu.get(p) ?? 0), 0),
      0,
    );
  const pids = [...cpu.keys()];
  return { value, cpuMs: total(pids), markedCpuMs: total(pids.filter((p) => marked.get(p))) };
}

const present = (xs: readonly (number | null)[]) => xs.filter((x): x is number => x !== null);

/**
 * Cold-start every pack `runs` times, round-robin so drift on the machine hits all packs alike,
 * after one unrecorded warm-up start each (the first start pays for a cold file cache).
 */
export async function measureColdStarts(
  packs: readonly ReadyPack[],
  runs: number,
  warmup: boolean,
  log: Log,
): Promise<Map<PackId, ColdStart | { status: "failed"; reason: string }>> {
  type Run = { ms: number; cpuMs: number | null; rssMb: number | null };
  const start = async (pack: ReadyPack): Promise<Run> => {
    const session = await launchPolicyPack(pack.dir);
    const [cpuMs, rssMb] = [cpuTimeMs(session.pid), peakRssMb(session.pid)];
    await session.close();
    const ms = round(session.startupMs, 1);
    return { ms, cpuMs: cpuMs === null ? null : round(cpuMs, 0), rssMb };
  };
  const skip = warmup ? 1 : 0;
  const done = await rounds(packs, runs + skip, start, {
    round: (n) => log(n > skip ? `cold start round ${n - skip}/${runs}` : "cold start warm-up"),
    failed: (pack, error) => log(`cold start of ${pack.id} failed: ${error}`),
  });
  const failed = (reason: string) => ({ status: "failed" as const, reason });
  const ok = (all: Run[]): ColdStart => {
    const pick = (k: keyof Run) => present(all.map((r) => r[k]));
    const [runsMs, cpuRunsMs, peakRssMbRuns] = [pick("ms"), pick("cpuMs"), pick("rssMb")];
    const [medianMs, medianCpuMs] = [round(median(runsMs), 1), medianOf(cpuRunsMs, 0)];
    const medianPeakRssMb = medianOf(peakRssMbRuns, 1);
    return {
      status: "ok",
      runsMs,
      medianMs,
      cpuRunsMs,
      medianCpuMs,
      peakRssMbRuns,
      medianPeakRssMb,
    };
  };
  return new Map(
    packs.map(({ id }, k) => {
      const all = done[k] ?? [];
      if (typeof all === "string") return [id, failed(all)];
      return [id, all.length > skip ? ok(all.slice(skip)) : failed("no run completed")];
    }),
  );
}
