/**
 * policies/code-cache.ts: the pack's `main` loads the bundle with the V8 code cache the build wrote
 * beside it, when the pack is started as the engine starts it (`run-policy-pack`), and loads it
 * from source, still serving, when the cache is not for that bundle or V8 refuses it.
 */
import { spawn } from "node:child_process";
import {
  cpSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  appendFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BUNDLE_FILE, codeCacheFile } from "../../policies/code-cache";
import { PACK_DIR, ROOT } from "../support/policy-pack";

const work = mkdtempSync(join(tmpdir(), "outcomeguard-code-cache-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const runPolicyPack = createRequire(join(PACK_DIR, BUNDLE_FILE)).resolve(
  "@pulumi/pulumi/cmd/run-policy-pack",
);
/** Prints how the pack's main loaded the bundle once the pack has printed its port, then ends it. */
const hook = join(work, "which-cache.js");
writeFileSync(
  hook,
  `let port = false;
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  if (/^\\d+\\s*$/.test(String(chunk))) port = true;
  return write(chunk, ...rest);
};
setInterval(() => {
  const main = Object.keys(require.cache).find((k) => k.endsWith("/dist/main.js"));
  const use = main && require.cache[main].exports.codeCache;
  if (use && port) { process.stderr.write("codeCache=" + use + "\\n"); process.exit(0); }
}, 20);
`,
);

/** Start the pack in `dir` as the engine's language host does, and say how it loaded its bundle. */
function start(dir: string): Promise<{ use: string | undefined; port: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--require", hook, runPolicyPack, "127.0.0.1:1", dir], {
      cwd: dir,
      env: { ...process.env, PULUMI_NODEJS_TYPESCRIPT: "true" },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.on("error", reject);
    child.on("close", () => {
      clearTimeout(timer);
      resolve({ use: /codeCache=(\w+)/.exec(err)?.[1], port: /^\d+$/m.test(out) });
    });
  });
}

/** A copy of the built pack, resolving the repository's node_modules as an install would. */
function packCopy(name: string): string {
  const dir = join(work, name);
  cpSync(PACK_DIR, dir, { recursive: true, filter: (src) => !src.includes("node_modules") });
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}

const cacheOf = (dir: string) => readdirSync(join(dir, "dist")).filter((f) => f.endsWith(".cache"));

describe("the pack's code cache", () => {
  it("is what the pack, started as @pulumi/pulumi 3.248's run-policy-pack starts it, loads its bundle with", async () => {
    expect(cacheOf(PACK_DIR)).toHaveLength(1);
    expect(await start(PACK_DIR)).toEqual({ use: "used", port: true });
  });

  it("is not used for a bundle that changed since it was made: the bundle loads from source", async () => {
    const dir = packCopy("changed");
    appendFileSync(join(dir, "dist", BUNDLE_FILE), "\n// changed\n");
    expect(cacheOf(dir)).toHaveLength(1);
    expect(await start(dir)).toEqual({ use: "none", port: true });
  });

  it("compiles the bundle from source when V8 refuses the cache under its name", async () => {
    const dir = packCopy("refused");
    const [name] = cacheOf(dir);
    writeFileSync(join(dir, "dist", name!), Buffer.alloc(4096, 7));
    expect(await start(dir)).toEqual({ use: "rejected", port: true });
  });

  it("is named for the bundle's content, so another bundle finds no cache", () => {
    const source = readFileSync(join(PACK_DIR, "dist", BUNDLE_FILE), "utf8");
    expect(codeCacheFile(source)).not.toBe(codeCacheFile(`${source}\n`));
  });
});
