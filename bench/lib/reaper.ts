/**
 * Exact CPU time of a command's whole process tree, through bench/reaper (a Go program built here
 * with the Go toolchain scripts/pulumi-cli/build.sh uses). Sampling /proc misses what a process
 * does after its last sample and every process shorter than the interval; how much, under the
 * real engine, is in docs/PERFORMANCE.md.
 * The reaper is a child subreaper, so the policy pack's process, orphaned when the language host
 * that started it exits, is reaped by it too, and its CPU time counted to the end.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { z } from "zod";
import { WORK_DIR } from "./packs";

const SOURCE = path.join(__dirname, "..", "reaper", "main.go");

export type Reaper = { status: "ok"; path: string } | { status: "unavailable"; reason: string };

/** The Go command: on PATH, or where build.sh also looks for it. */
function goCommand(): string | null {
  for (const go of ["go", "/usr/local/go/bin/go"]) {
    if (spawnSync(go, ["version"], { stdio: "ignore" }).status === 0) return go;
  }
  return null;
}

/**
 * The reaper's binary, built once per version of its source into bench/.work (named for the
 * source's sha256), or why there is none: not Linux, or no Go toolchain, or the build failed.
 */
export function buildReaper(workDir = WORK_DIR): Reaper {
  if (process.platform !== "linux") return { status: "unavailable", reason: "not Linux" };
  const sha = createHash("sha256").update(fs.readFileSync(SOURCE)).digest("hex").slice(0, 16);
  const bin = path.join(workDir, `reaper-${sha}`);
  if (fs.existsSync(bin)) return { status: "ok", path: bin };
  const go = goCommand();
  if (!go)
    return { status: "unavailable", reason: "no Go toolchain (go on PATH or /usr/local/go)" };
  fs.mkdirSync(workDir, { recursive: true });
  const tmp = `${bin}.${process.pid}.tmp`;
  // A single file of the standard library: no module, nothing to download.
  const r = spawnSync(go, ["build", "-trimpath", "-o", tmp, SOURCE], {
    cwd: os.tmpdir(),
    encoding: "utf8",
  });
  if (r.status !== 0) {
    fs.rmSync(tmp, { force: true });
    return { status: "unavailable", reason: `go build of ${SOURCE} failed: ${r.stderr.trim()}` };
  }
  fs.renameSync(tmp, bin);
  return { status: "ok", path: bin };
}

const ReaperReport = z.object({
  exitCode: z.number().int(),
  commandPid: z.number().int().positive(),
  commandWallMs: z.number().int().nonnegative(),
  wallMs: z.number().int().nonnegative(),
  treeCpuMs: z.number().int().nonnegative(),
  processes: z.array(
    z.object({
      pid: z.number().int().positive(),
      selfCpuMs: z.number().int().nonnegative(),
      reapedCpuMs: z.number().int().nonnegative(),
    }),
  ),
});
export type ReaperReport = z.infer<typeof ReaperReport>;

/** The report the reaper wrote to `out` (it throws, naming the field, when it is not one). */
export function readReaperReport(out: string): ReaperReport {
  return ReaperReport.parse(JSON.parse(fs.readFileSync(out, "utf8")));
}
