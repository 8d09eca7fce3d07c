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
import type { ColdStart } from "./results";
import { measurement, median, medianOf, present, round } from "./stats";

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
 * reading of each process counts), of those whose command line has `marker` alone, and of this
 * process's own children alone (the process `work` started). A process that lives less than one
 * interval may be missed.
 */
export async function treeCpu<T>(work: Promise<T>, marker: string) {
  const cpu = new Map<number, number>();
  const marked = new Map<number, boolean>();
  const parents = new Map<number, number>();
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
      parents.set(pid, s.ppid);
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
  const markedPids = pids.filter((p) => marked.get(p));
  return {
    value,
    cpuMs: total(pids),
    markedCpuMs: total(markedPids),
    rootCpuMs: total(pids.filter((p) => parents.get(p) === process.pid)),
    /** The pids of the marked processes. */
    markedPids,
  };
}

/** Cold start: spawn to the port line, with the process's CPU time and peak RSS right after. */
export const coldStart = measurement(
  async (pack) => {
    const session = await launchPolicyPack(pack.dir);
    const [cpuMs, rssMb] = [cpuTimeMs(session.pid), peakRssMb(session.pid)];
    await session.close();
    return { ms: round(session.startupMs, 1), cpuMs, rssMb };
  },
  (all): ColdStart => {
    const runsMs = all.map((r) => r.ms);
    const [cpuRunsMs, peakRssMbRuns] = [
      present(all.map((r) => r.cpuMs)),
      present(all.map((r) => r.rssMb)),
    ];
    return {
      status: "ok",
      runsMs,
      medianMs: round(median(runsMs), 1),
      cpuRunsMs: cpuRunsMs.map((c) => round(c, 0)),
      medianCpuMs: medianOf(cpuRunsMs, 0),
      peakRssMbRuns,
      medianPeakRssMb: medianOf(peakRssMbRuns, 1),
    };
  },
);
