/** Run the `outcomeguard` command as a user does (`node bin/outcomeguard.cjs ...`) in the repository. */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const OUTCOMEGUARD_BIN = path.join(REPO_ROOT, "bin", "outcomeguard.cjs");

export interface CliRun {
  /** The exit code, or -1 when the process was killed (e.g. on timeout). */
  code: number;
  stdout: string;
  stderr: string;
}

/** The arguments `npm start` passes to the command (package.json `scripts.start`). */
export function npmStartArgs(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
    scripts: { start: string };
  };
  const [node, bin, ...args] = pkg.scripts.start.split(/\s+/);
  if (node !== "node" || bin !== "bin/outcomeguard.cjs") {
    throw new Error(`npm start is not "node bin/outcomeguard.cjs ...": ${pkg.scripts.start}`);
  }
  return args;
}

export function outcomeguard(
  args: readonly string[],
  timeoutMs = 180_000,
  cwd: string = REPO_ROOT,
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [OUTCOMEGUARD_BIN, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}
