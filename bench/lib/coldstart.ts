/**
 * Cold start the way the engine does it, through the project's Analyzer client
 * (`launchPolicyPack`: `node <run-policy-pack> <engine-address> .` with the pack directory as the
 * working directory, what `pulumi-analyzer-policy` runs), timed from spawn to the port line on
 * stdout, with the process's CPU time and peak resident memory read from /proc right after.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { launchPolicyPack } from "../../cli/analyzer/client";
import type { ReadyPack } from "./packs";
import type { ColdStart } from "./results";
import { median, medianOf, round } from "./stats";

/** VmHWM of a process in MiB from /proc/<pid>/status (Linux), or null. */
export function peakRssMb(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    return m?.[1] ? round(Number(m[1]) / 1024, 1) : null;
  } catch {
    return null;
  }
}

let clockTicks: number | undefined;

/** CPU time (user + system) a process has used, in ms, from /proc/<pid>/stat; null if unavailable. */
export function cpuTimeMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may contain spaces) start with the state (field 3).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    if (!Number.isFinite(utime) || !Number.isFinite(stime)) return null;
    if (clockTicks === undefined) {
      try {
        clockTicks =
          Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
      } catch {
        clockTicks = 100;
      }
    }
    return ((utime + stime) * 1000) / clockTicks;
  } catch {
    return null;
  }
}

/**
 * Cold-start every pack `runs` times, round-robin so drift on the machine hits all packs alike,
 * after one unrecorded warm-up start each (the first start pays for a cold file cache).
 */
export async function measureColdStarts(
  packs: readonly ReadyPack[],
  runs: number,
  warmup: boolean,
  log: (line: string) => void,
): Promise<Map<string, ColdStart | { status: "failed"; reason: string }>> {
  const times = new Map<string, number[]>();
  const cpu = new Map<string, number[]>();
  const rss = new Map<string, number[]>();
  const failed = new Map<string, string>();
  const once = async (pack: ReadyPack, record: boolean) => {
    if (failed.has(pack.id)) return;
    try {
      const session = await launchPolicyPack(pack.dir);
      const cpuMs = cpuTimeMs(session.pid);
      const peak = peakRssMb(session.pid);
      await session.close();
      if (!record) return;
      times.set(pack.id, [...(times.get(pack.id) ?? []), round(session.startupMs, 1)]);
      if (cpuMs !== null) cpu.set(pack.id, [...(cpu.get(pack.id) ?? []), round(cpuMs, 0)]);
      if (peak !== null) rss.set(pack.id, [...(rss.get(pack.id) ?? []), peak]);
    } catch (e) {
      failed.set(pack.id, e instanceof Error ? e.message : String(e));
    }
  };
  if (warmup) for (const pack of packs) await once(pack, false);
  for (let i = 0; i < runs; i++) {
    for (const pack of packs) await once(pack, true);
    log(`cold start round ${i + 1}/${runs}`);
  }
  const results = new Map<string, ColdStart | { status: "failed"; reason: string }>();
  for (const pack of packs) {
    const reason = failed.get(pack.id);
    const runsMs = times.get(pack.id) ?? [];
    if (reason !== undefined || runsMs.length === 0) {
      results.set(pack.id, { status: "failed", reason: reason ?? "no run completed" });
      continue;
    }
    const peaks = rss.get(pack.id) ?? [];
    const cpuRunsMs = cpu.get(pack.id) ?? [];
    results.set(pack.id, {
      status: "ok",
      runsMs,
      medianMs: round(median(runsMs), 1),
      cpuRunsMs,
      medianCpuMs: medianOf(cpuRunsMs, 0),
      peakRssMbRuns: peaks,
      medianPeakRssMb: medianOf(peaks, 1),
    });
  }
  return results;
}
