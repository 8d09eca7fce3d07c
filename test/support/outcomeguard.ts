/** Run the `outcomeguard` command as a user does (`node bin/outcomeguard.cjs ...`) in the repository. */
import { spawn } from "node:child_process";
import * as path from "node:path";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const OUTCOMEGUARD_BIN = path.join(REPO_ROOT, "bin", "outcomeguard.cjs");

export interface CliRun {
  /** The exit code, or -1 when the process was killed (e.g. on timeout). */
  code: number;
  stdout: string;
  stderr: string;
}

export function outcomeguard(args: readonly string[], timeoutMs = 180_000): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [OUTCOMEGUARD_BIN, ...args], {
      cwd: REPO_ROOT,
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
