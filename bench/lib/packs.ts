/**
 * The three policy packs the bench compares, each as a directory the engine could be pointed at
 * (`pulumi preview --policy-pack DIR`): OutcomeGuard's pack, an empty pack with the same
 * dependencies (the floor), and AWSGuard installed from npm into its own folder.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import * as fs from "node:fs";
import * as path from "node:path";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const WORK_DIR = path.join(REPO_ROOT, "bench", ".work");

/** The AWSGuard release the bench installs; pinned so runs stay comparable. */
export const AWSGUARD_VERSION = "0.3.1";

export type PackId = "outcomeguard" | "empty" | "awsguard";
export const PACK_IDS: readonly PackId[] = ["outcomeguard", "empty", "awsguard"];

export const PACK_LABELS: Readonly<Record<PackId, string>> = {
  outcomeguard: "OutcomeGuard",
  empty: "empty pack (floor)",
  awsguard: "AWSGuard",
};

export interface ReadyPack {
  readonly id: PackId;
  readonly status: "ok";
  /** The directory the engine would start the pack in (cwd of run-policy-pack). */
  readonly dir: string;
  /** `@pulumi/pulumi/cmd/run-policy-pack` as resolved from the pack directory, as the engine's shim does. */
  readonly runPolicyPack: string;
  /** Versions that matter for the comparison. */
  readonly versions: Readonly<Record<string, string>>;
  readonly note?: string;
}

export interface MissingPack {
  readonly id: PackId;
  readonly status: "unavailable";
  readonly reason: string;
}

export type Pack = ReadyPack | MissingPack;

export interface PackLog {
  (line: string): void;
}

/** The version field of `<module>/package.json` as resolved from `fromDir`, or "?" if not found. */
export function moduleVersion(fromDir: string, moduleName: string): string {
  try {
    const req = createRequire(path.join(fromDir, "package.json"));
    const pkg = req(`${moduleName}/package.json`) as { version?: unknown };
    return typeof pkg.version === "string" ? pkg.version.replace(/^v/, "") : "?";
  } catch {
    return "?";
  }
}

/** The modules whose versions every pack reports. */
const SDK_MODULES = ["@pulumi/policy", "@pulumi/pulumi"];

/** The versions of `modules` as resolved from `dir`. */
function versionsOf(dir: string, modules: readonly string[] = SDK_MODULES): Record<string, string> {
  return Object.fromEntries(modules.map((m) => [m, moduleVersion(dir, m)]));
}

function resolveRunPolicyPack(dir: string): string {
  const req = createRequire(path.join(dir, "package.json"));
  return req.resolve("@pulumi/pulumi/cmd/run-policy-pack");
}

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, "utf8")) as unknown;
}

/** Newest modification time (ms) of the files under `dir` with one of the extensions. */
function newestMtime(dir: string, exts: readonly string[]): number {
  let newest = 0;
  if (!fs.existsSync(dir)) return newest;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "dist" || entry.name.startsWith(".")) {
      continue;
    }
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full, exts));
    else if (exts.some((e) => entry.name.endsWith(e))) {
      newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  }
  return newest;
}

/** The directory holding OutcomeGuard's PulumiPolicy.yaml (the pack the engine is pointed at). */
export function outcomeGuardPackDir(): string | undefined {
  const candidates = [path.join(REPO_ROOT, "policies"), path.join(REPO_ROOT, "policies", "dist")];
  return candidates.find((d) => fs.existsSync(path.join(d, "PulumiPolicy.yaml")));
}

/** The JavaScript files the pack directory's `main` loads (the built bundle and its siblings). */
function packEntry(dir: string): string {
  const pkg = readJson(path.join(dir, "package.json")) as { main?: unknown };
  const main = typeof pkg.main === "string" ? pkg.main : "index.js";
  return path.resolve(dir, main);
}

/**
 * OutcomeGuard's pack, built with `npm run build:policies` (scripts/build-policy-pack.mjs) when the
 * bundle is missing or older than the policy or domain sources.
 */
export function prepareOutcomeGuard(log: PackLog): Pack {
  const dir = outcomeGuardPackDir();
  if (!dir) {
    return {
      id: "outcomeguard",
      status: "unavailable",
      reason: "no PulumiPolicy.yaml in policies/ (the policy pack is not written yet)",
    };
  }
  const buildScript = path.join(REPO_ROOT, "scripts", "build-policy-pack.mjs");
  let entry = packEntry(dir);
  const sources = Math.max(
    newestMtime(path.join(REPO_ROOT, "policies"), [".ts", ".json", ".yaml"]),
    newestMtime(path.join(REPO_ROOT, "domain"), [".ts"]),
  );
  const stale = !fs.existsSync(entry) || fs.statSync(entry).mtimeMs < sources;
  if (stale) {
    if (!fs.existsSync(buildScript)) {
      return {
        id: "outcomeguard",
        status: "unavailable",
        reason: `${path.relative(REPO_ROOT, entry)} is missing or stale and scripts/build-policy-pack.mjs does not exist`,
      };
    }
    log(`building the policy pack (${path.relative(REPO_ROOT, buildScript)})`);
    const r = spawnSync(process.execPath, [buildScript], { cwd: REPO_ROOT, encoding: "utf8" });
    if (r.status !== 0) {
      return {
        id: "outcomeguard",
        status: "unavailable",
        reason: `the pack build failed (exit ${r.status}): ${(r.stderr || r.stdout).trim().slice(0, 500)}`,
      };
    }
    entry = packEntry(dir);
  }
  if (!fs.existsSync(entry)) {
    return {
      id: "outcomeguard",
      status: "unavailable",
      reason: `${path.relative(REPO_ROOT, entry)} does not exist after the build`,
    };
  }
  return {
    id: "outcomeguard",
    status: "ok",
    dir,
    runPolicyPack: resolveRunPolicyPack(dir),
    versions: versionsOf(dir),
  };
}

/** Bare module specifiers required by the JavaScript files of a built pack (its run-time dependencies). */
export function bareRequires(entry: string): string[] {
  const found = new Set<string>();
  const files = [entry];
  const dir = path.dirname(entry);
  if (fs.existsSync(dir)) {
    for (const name of fs.readdirSync(dir)) {
      if (name.endsWith(".js") && path.join(dir, name) !== entry) files.push(path.join(dir, name));
    }
  }
  const pattern = /\brequire\(\s*["']([^"'./][^"']*)["']\s*\)/g;
  for (const file of files) {
    if (!fs.existsSync(file)) continue;
    const text = fs.readFileSync(file, "utf8");
    for (const m of text.matchAll(pattern)) {
      const spec = m[1];
      if (spec && !spec.startsWith("node:")) found.add(spec);
    }
  }
  return [...found].sort();
}

/**
 * The floor: a pack with no policies that loads the same run-time modules as OutcomeGuard's built
 * pack, generated into bench/.work/empty-pack and resolving them from the same node_modules.
 */
export function prepareEmptyPack(outcomeGuard: Pack, log: PackLog): Pack {
  const dir = path.join(WORK_DIR, "empty-pack");
  fs.mkdirSync(dir, { recursive: true });
  let deps = ["@pulumi/policy"];
  if (outcomeGuard.status === "ok") {
    const found = bareRequires(packEntry(outcomeGuard.dir));
    deps = [...new Set(["@pulumi/policy", ...found])].sort();
  }
  const requires = deps
    .filter((d) => d !== "@pulumi/policy")
    .map((d) => `require(${JSON.stringify(d)});`)
    .join("\n");
  const index = [
    "// Generated by bench/lib/packs.ts: the floor pack. No policies; the same run-time modules",
    "// as OutcomeGuard's built pack, so the difference in start-up is the policies' own cost.",
    '"use strict";',
    'const { PolicyPack } = require("@pulumi/policy");',
    requires,
    'new PolicyPack("bench-empty-pack", { policies: [] });',
    "",
  ].join("\n");
  fs.writeFileSync(path.join(dir, "index.js"), index);
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify(
      { name: "bench-empty-pack", version: "0.0.1", private: true, main: "index.js" },
      null,
      2,
    ) + "\n",
  );
  fs.writeFileSync(
    path.join(dir, "PulumiPolicy.yaml"),
    "runtime: nodejs\ndescription: Bench floor (no policies).\n",
  );
  log(`empty pack in ${path.relative(REPO_ROOT, dir)} loads: ${deps.join(", ")}`);
  return {
    id: "empty",
    status: "ok",
    dir,
    runPolicyPack: resolveRunPolicyPack(dir),
    versions: versionsOf(dir),
    note: `requires ${deps.join(", ")}`,
  };
}

/**
 * AWSGuard as its awsguard-javascript template sets it up (`new AwsGuard({ all: "mandatory" })`),
 * installed from npm into bench/.work/awsguard (its own package.json; never a project dependency).
 * With `install: false` an existing install is used and a missing one is reported, not fetched.
 */
export function prepareAwsGuard(opts: { install: boolean }, log: PackLog): Pack {
  const dir = path.join(WORK_DIR, "awsguard");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, "index.js"),
    [
      "// Generated by bench/lib/packs.ts: AWSGuard with every policy mandatory.",
      '"use strict";',
      'const { AwsGuard } = require("@pulumi/awsguard");',
      'new AwsGuard({ all: "mandatory" });',
      "",
    ].join("\n"),
  );
  fs.writeFileSync(
    path.join(dir, "PulumiPolicy.yaml"),
    "runtime: nodejs\ndescription: AWSGuard for the bench.\n",
  );
  const pkgFile = path.join(dir, "package.json");
  const pkg = {
    name: "bench-awsguard",
    version: "0.0.1",
    private: true,
    main: "index.js",
    dependencies: { "@pulumi/awsguard": AWSGUARD_VERSION },
  };
  fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2) + "\n");
  const installed = () =>
    fs.existsSync(path.join(dir, "node_modules", "@pulumi", "awsguard", "package.json"));
  if (!installed()) {
    if (!opts.install) {
      return {
        id: "awsguard",
        status: "unavailable",
        reason: "not installed in bench/.work/awsguard and this run does not install it",
      };
    }
    log(`installing @pulumi/awsguard@${AWSGUARD_VERSION} into ${path.relative(REPO_ROOT, dir)}`);
    try {
      // --ignore-scripts: @pulumi/aws's install script fetches a provider plugin a pack never uses.
      execFileSync(
        "npm",
        ["install", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
        { cwd: dir, stdio: ["ignore", "pipe", "pipe"], timeout: 300_000 },
      );
    } catch (e) {
      const err = e as { stderr?: Buffer; message?: string };
      const detail = err.stderr?.toString().trim() || err.message || String(e);
      return {
        id: "awsguard",
        status: "unavailable",
        reason: `npm install @pulumi/awsguard failed: ${detail.slice(0, 400)}`,
      };
    }
    if (!installed()) {
      return {
        id: "awsguard",
        status: "unavailable",
        reason: "npm install finished but @pulumi/awsguard is not in node_modules",
      };
    }
  }
  let runPolicyPack: string;
  try {
    runPolicyPack = resolveRunPolicyPack(dir);
  } catch (e) {
    return {
      id: "awsguard",
      status: "unavailable",
      reason: `cannot resolve @pulumi/pulumi/cmd/run-policy-pack from ${dir}: ${String(e)}`,
    };
  }
  return {
    id: "awsguard",
    status: "ok",
    dir,
    runPolicyPack,
    versions: versionsOf(dir, ["@pulumi/awsguard", ...SDK_MODULES, "@pulumi/aws"]),
    note: "awsguard-javascript template, all policies mandatory",
  };
}
