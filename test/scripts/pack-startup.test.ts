/**
 * scripts/pack-startup.ts, which the pack's build runs after writing the bundle: it writes the
 * pack's GetAnalyzerInfo answer and V8's code cache beside the bundle, and removes stale ones.
 * Run as the build runs it, in a process of its own, on copies of the built pack.
 */
import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ANALYZER_INFO_FILE } from "../../policies/sdk-compat";
import { PACK_DIR, ROOT } from "../support/policy-pack";

const work = mkdtempSync(join(tmpdir(), "outcomeguard-analyzer-info-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const tsx = createRequire(__filename).resolve("tsx/cli");

/** A copy of the built pack (package.json and bundle) in `name`, resolving `nodeModules`. */
function packCopy(name: string, nodeModules: string): string {
  const dir = join(work, name);
  mkdirSync(join(dir, "dist"), { recursive: true });
  copyFileSync(join(PACK_DIR, "package.json"), join(dir, "package.json"));
  copyFileSync(join(PACK_DIR, "dist", "index.js"), join(dir, "dist", "index.js"));
  symlinkSync(nodeModules, join(dir, "node_modules"), "dir");
  return dir;
}

function run(dir: string): string {
  return execFileSync(
    process.execPath,
    [tsx, join(ROOT, "scripts", "pack-startup.ts"), dir, "dist/index.js"],
    { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );
}

describe("scripts/pack-startup.ts", () => {
  it("writes beside a copy of the bundle the answer the build wrote beside the pack's", () => {
    const dir = packCopy("pack", join(ROOT, "node_modules"));
    run(dir);
    const written = readFileSync(join(dir, "dist", ANALYZER_INFO_FILE), "utf8");
    expect(written).toBe(readFileSync(join(PACK_DIR, "dist", ANALYZER_INFO_FILE), "utf8"));
  });

  it("writes the code cache the build wrote beside the pack's, for the copy's bundle, and removes older ones", () => {
    const dir = packCopy("cache", join(ROOT, "node_modules"));
    const old = join(dir, "dist", "index.0000000000000000.1.cache");
    writeFileSync(old, "old");
    run(dir);
    const caches = (d: string) => readdirSync(join(d, "dist")).filter((f) => f.endsWith(".cache"));
    expect(caches(dir)).toEqual(caches(PACK_DIR));
    expect(caches(dir)).toHaveLength(1);
    expect(existsSync(old)).toBe(false);
  });

  it("removes a stale answer and writes none where the SDK's server has no serve to observe", () => {
    // An SDK whose internals moved: its server module exports no `serve`.
    const modules = join(work, "moved-sdk", "node_modules");
    const sdk = join(modules, "@pulumi", "policy");
    mkdirSync(sdk, { recursive: true });
    writeFileSync(
      join(sdk, "package.json"),
      JSON.stringify({ name: "@pulumi/policy", version: "9.0.0" }),
    );
    writeFileSync(join(sdk, "index.js"), "exports.PolicyPack = class {};\n");
    writeFileSync(join(sdk, "server.js"), "exports.start = () => undefined;\n");
    writeFileSync(join(sdk, "protoutil.js"), "exports.makeAnalyzerInfo = () => undefined;\n");
    const dir = packCopy("stale", modules);
    const stale = join(dir, "dist", ANALYZER_INFO_FILE);
    writeFileSync(stale, '{"digest":"old","bytes":""}\n');
    run(dir);
    expect(existsSync(stale)).toBe(false);
  });
});
