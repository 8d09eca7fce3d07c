/**
 * Helpers for the engine tests: find a Pulumi CLI, point it at the test-double providers, and run it
 * offline against a throwaway file:// backend.
 *
 * The CLI comes from (first match wins):
 *   1. $OUTCOMEGUARD_PULUMI_DIR (a directory holding `pulumi`, e.g. your own install's bin dir);
 *   2. the cache written by scripts/pulumi-cli/build.sh:
 *      ${XDG_CACHE_HOME:-~/.cache}/outcomeguard/pulumi-<@pulumi/pulumi version>/ (then other versions);
 *   3. a `pulumi` already on PATH.
 * A candidate counts only when `pulumi-language-nodejs` sits next to it or is on PATH and
 * `pulumi version` answers.
 *
 * Under CI (CI=true) an engine suite never skips: {@link suiteCli} throws instead, so the run fails
 * and says which step did not happen.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export interface PulumiCli {
  /** Directory that holds `pulumi` (put first on PATH). */
  dir: string;
  /** Absolute path of the `pulumi` executable. */
  pulumi: string;
  /** What `pulumi version` printed, e.g. `v3.248.0`. */
  version: string;
}

export interface RunPulumiOptions {
  /** Working directory: the Pulumi project (or `--cwd` it yourself). */
  cwd: string;
  /** Extra environment; wins over the defaults below except PATH. */
  env?: NodeJS.ProcessEnv;
  /** Directory for the file:// backend (PULUMI_BACKEND_URL); PULUMI_HOME goes below it too. */
  backendDir: string;
  /** PULUMI_CONFIG_PASSPHRASE; defaults to "test". */
  passphrase?: string;
  /** Kill the CLI after this long (default 5 minutes). */
  timeoutMs?: number;
  /** Use this CLI instead of findPulumiCli(). */
  cli?: PulumiCli;
}

export interface PulumiResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Repository root (this file lives in test/engine/). */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** Directory of the engine-test fixtures. */
export const FIXTURES_DIR = path.join(__dirname, "fixtures");

/** Directory with the `pulumi-resource-aws` / `pulumi-resource-azure-native` test doubles. */
export function providersBinDir(): string {
  return path.join(__dirname, "providers", "bin");
}

/** Version of @pulumi/pulumi installed in the repository, e.g. "3.248.0". */
export function installedSdkVersion(): string | undefined {
  try {
    const manifest: unknown = JSON.parse(
      fs.readFileSync(
        path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi", "package.json"),
        "utf8",
      ),
    );
    if (manifest && typeof manifest === "object" && "version" in manifest) {
      const version = (manifest as { version: unknown }).version;
      return typeof version === "string" ? version : undefined;
    }
  } catch {
    // not installed
  }
  return undefined;
}

/** ${XDG_CACHE_HOME:-$HOME/.cache}/outcomeguard: where scripts/pulumi-cli/build.sh caches builds. */
export function cacheRoot(): string {
  const xdg = process.env["XDG_CACHE_HOME"];
  const base = xdg && xdg.length > 0 ? xdg : path.join(os.homedir(), ".cache");
  return path.join(base, "outcomeguard");
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function pathDirs(envPath: string | undefined = process.env["PATH"]): string[] {
  return (envPath ?? "").split(path.delimiter).filter((d) => d.length > 0);
}

function onPath(name: string): string | undefined {
  for (const dir of pathDirs()) {
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function compareVersionsDesc(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => Number.parseInt(x, 10));
  const pb = b.split(/[.-]/).map((x) => Number.parseInt(x, 10));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    if (x !== y) return y - x;
  }
  return 0;
}

/** Candidate directories, best first. */
function candidateDirs(): string[] {
  const dirs: string[] = [];
  const fromEnv = process.env["OUTCOMEGUARD_PULUMI_DIR"];
  if (fromEnv && fromEnv.length > 0) dirs.push(path.resolve(fromEnv));

  const root = cacheRoot();
  const sdk = installedSdkVersion();
  if (sdk) dirs.push(path.join(root, `pulumi-${sdk}`));
  try {
    const others = fs
      .readdirSync(root)
      .filter((n) => n.startsWith("pulumi-") && !n.endsWith(".lock"))
      .map((n) => n.slice("pulumi-".length))
      .filter((v) => v !== sdk)
      .sort(compareVersionsDesc);
    for (const v of others) dirs.push(path.join(root, `pulumi-${v}`));
  } catch {
    // no cache yet
  }

  const ambient = onPath("pulumi");
  if (ambient) dirs.push(path.dirname(ambient));
  return dirs;
}

let cached: { cli: PulumiCli | undefined } | undefined;

/** The Pulumi CLI to test with, or undefined when none is available (see the file comment). */
export function findPulumiCli(): PulumiCli | undefined {
  if (cached) return cached.cli;
  let found: PulumiCli | undefined;
  for (const dir of candidateDirs()) {
    const pulumi = path.join(dir, "pulumi");
    if (!isExecutable(pulumi)) continue;
    if (
      !isExecutable(path.join(dir, "pulumi-language-nodejs")) &&
      !onPath("pulumi-language-nodejs")
    ) {
      continue;
    }
    const res = spawnSync(pulumi, ["version"], {
      encoding: "utf8",
      timeout: 30_000,
      env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
    });
    const version = res.status === 0 ? res.stdout.trim() : "";
    if (version.length === 0) continue;
    found = { dir, pulumi, version };
    break;
  }
  cached = { cli: found };
  return found;
}

/** The environment runPulumi uses: offline, file:// backend, test-double providers on PATH. */
export function pulumiEnv(cli: PulumiCli, opts: RunPulumiOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // Keep the CLI offline and quiet.
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    // Isolate state: backend and PULUMI_HOME (plugins, credentials, workspaces) live in backendDir.
    PULUMI_BACKEND_URL: `file://${path.resolve(opts.backendDir)}`,
    PULUMI_HOME: path.join(path.resolve(opts.backendDir), ".pulumi-home"),
    PULUMI_CONFIG_PASSPHRASE: opts.passphrase ?? "test",
    ...opts.env,
  };
  // The providers are found as "ambient" plugins on PATH; this variable would hide them.
  delete env["PULUMI_IGNORE_AMBIENT_PLUGINS"];
  // Both set is an error for the CLI; the explicit passphrase wins.
  if (env["PULUMI_CONFIG_PASSPHRASE"] !== undefined) delete env["PULUMI_CONFIG_PASSPHRASE_FILE"];
  // Test doubles first, so that no real provider plugin next to a user's own CLI can win.
  env["PATH"] = [providersBinDir(), cli.dir, ...pathDirs(process.env["PATH"])].join(path.delimiter);
  return env;
}

/** Why the engine tests skip (and runPulumi fails) when findPulumiCli() finds nothing. */
export const NO_PULUMI_CLI =
  "no Pulumi CLI found: run scripts/pulumi-cli/build.sh or set OUTCOMEGUARD_PULUMI_DIR";

/** True when CI is set to `true` or `1` (as CI services and `.ci/run` set it). */
export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return /^(true|1)$/i.test(env["CI"] ?? "");
}

/**
 * The CLI an engine test file runs against, or undefined when there is none: the file then skips,
 * saying why. Under CI it throws instead (the file fails): CI must not pass a suite it did not run.
 */
export function suiteCli(suite: string): PulumiCli | undefined {
  const cli = findPulumiCli();
  const wanted = process.env["OUTCOMEGUARD_PULUMI_DIR"];
  // Under CI, the directory CI names is the one tested, not whatever else is found.
  const wrongDir = cli && wanted && path.resolve(wanted) !== cli.dir;
  if (cli && !(inCi() && wrongDir)) return cli;
  if (inCi()) {
    throw new Error(
      `[${suite}] CI=true: step "find the Pulumi CLI" failed: ` +
        (wanted
          ? `OUTCOMEGUARD_PULUMI_DIR=${wanted} holds no working pulumi and pulumi-language-nodejs`
          : NO_PULUMI_CLI) +
        ". .ci/run builds them with scripts/pulumi-cli/build.sh before the engine suite.",
    );
  }
  console.warn(`[${suite}] skipped: ${NO_PULUMI_CLI}`);
  return undefined;
}

/** Throws, with the end of the CLI's output, unless `pulumi` exited 0. */
export function expectOk(r: PulumiResult, what?: string): void {
  if (r.code !== 0) {
    throw new Error(
      `${what ? `${what}: ` : ""}pulumi exited ${r.code}\n--- stdout\n${r.stdout.slice(-8000)}\n--- stderr\n${r.stderr.slice(-8000)}`,
    );
  }
}

/** Runs `pulumi <args>`; resolves with the exit code (-1 when killed) and the captured output. */
export function runPulumi(args: string[], opts: RunPulumiOptions): Promise<PulumiResult> {
  const cli = opts.cli ?? findPulumiCli();
  if (!cli) return Promise.reject(new Error(NO_PULUMI_CLI));
  fs.mkdirSync(opts.backendDir, { recursive: true });
  const env = pulumiEnv(cli, opts);
  return new Promise((resolve, reject) => {
    const child = spawn(cli.pulumi, args, {
      cwd: opts.cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    let killTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      stderr += `\n[harness] pulumi ${args.join(" ")} timed out; sending SIGTERM\n`;
      child.kill("SIGTERM");
      killTimer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    }, opts.timeoutMs ?? 300_000);
    child.on("error", (err) => {
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      reject(err);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/**
 * Copies a fixture program to a fresh temp directory (so `pulumi stack init` writes its
 * Pulumi.<stack>.yaml there, not into the repo) with `node_modules` linked to the repository's.
 */
export function copyFixtureProgram(name: string): string {
  const src = path.join(FIXTURES_DIR, name);
  const dest = fs.mkdtempSync(path.join(os.tmpdir(), `outcomeguard-${name}-`));
  fs.cpSync(src, dest, {
    recursive: true,
    // Leave out stack config files (Pulumi.<stack>.yaml) left over from manual runs.
    filter: (p) => !/^Pulumi\..+\.yaml$/.test(path.basename(p)),
  });
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dest, "node_modules"), "dir");
  return dest;
}

/** A fresh temp directory for a file:// backend. */
export function makeBackendDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "outcomeguard-backend-"));
}
