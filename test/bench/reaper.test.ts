/**
 * bench/reaper (built by bench/lib/reaper.ts): the engine bench's exact CPU times. A process tree
 * like the engine's: a command whose child starts a grandchild and exits first, so that the
 * grandchild is orphaned (as the policy pack's process is when its language host exits).
 * Skips off Linux or without a Go toolchain, as the bench then falls back to sampling.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildReaper, readReaperReport } from "../../bench/lib/reaper";

const reaper = buildReaper(fs.mkdtempSync(path.join(os.tmpdir(), "outcomeguard-reaper-")));
const BURN_MS = 300;
// Busy for BURN_MS of CPU time (not wall time), printing its pid first.
const burn = `const t=process.cpuUsage();console.log(process.pid);while(true){const u=process.cpuUsage(t);if((u.user+u.system)/1000>=${BURN_MS})break}`;

function run(script: string) {
  if (reaper.status !== "ok") throw new Error(reaper.reason);
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "outcomeguard-reaped-")), "r.json");
  const r = spawnSync(reaper.path, [out, "sh", "-c", script], { encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, report: readReaperReport(out) };
}

describe.skipIf(reaper.status !== "ok")("reaper", () => {
  let orphaned: ReturnType<typeof run>;
  beforeAll(() => {
    // sh starts a subshell that starts node in the background and exits; sh exits 3 at once.
    orphaned = run(`(${JSON.stringify(process.execPath)} -e '${burn}' &) ; exit 3`);
  });

  it("exits with the command's exit code", () => {
    expect(orphaned.status).toBe(3);
    expect(orphaned.report.exitCode).toBe(3);
  });

  it("counts an orphaned grandchild's CPU time to its exit, in the tree and on its own", () => {
    const pid = Number(orphaned.stdout.trim());
    const grandchild = orphaned.report.processes.find((p) => p.pid === pid);
    expect(grandchild?.selfCpuMs).toBeGreaterThanOrEqual(BURN_MS);
    expect(orphaned.report.treeCpuMs).toBeGreaterThanOrEqual(BURN_MS);
  });

  it("reports the command's own CPU time apart from the children it reaped", () => {
    const r = run(`${JSON.stringify(process.execPath)} -e '${burn}' > /dev/null`);
    const command = r.report.processes.find((p) => p.pid === r.report.commandPid);
    expect(command?.reapedCpuMs).toBeGreaterThanOrEqual(BURN_MS);
    expect(command?.selfCpuMs).toBeLessThan(BURN_MS);
  });

  it("writes its report when the orphan has exited, not when the command has", () => {
    expect(orphaned.report.commandWallMs).toBeLessThan(BURN_MS);
    expect(orphaned.report.wallMs).toBeGreaterThanOrEqual(BURN_MS);
  });
});
