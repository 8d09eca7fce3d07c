/**
 * The pack's bundle loaded with V8's code cache for it. A pack lives for one preview, and V8
 * compiling the bundle and then, lazily, each function its load runs, is paid at every start:
 * 35 to 75 ms more CPU than with the cache, under `run-policy-pack` (5 starts each, 2026-12-01,
 * docs/PERFORMANCE.md item 7). Without a cache the bundle is read twice and hashed once (about
 * 1 ms).
 * The build (scripts/pack-startup.ts) runs the bundle's load once and writes what V8 compiled
 * beside it; the pack's `main` ({@link loadPack}) hands that to V8 with the same source.
 *
 * A cache is used only for the exact source it was made from and the V8 it was made by: its file
 * name carries a digest of the bundle and `v8.cachedDataVersionTag()` (V8's version, its flags and
 * the CPU's features), so another bundle, another Node.js or other V8 flags find no file and load
 * the bundle with `require`, as without a cache; V8 checks the cache again itself and compiles
 * from source when it does not match. Only public Node.js APIs (`vm.Script` with `cachedData`,
 * `module.wrap`, `module.createRequire`) are used.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { join } from "node:path";
import { cachedDataVersionTag } from "node:v8";
import { Script } from "node:vm";

/** The bundle, beside the pack's `main`. */
export const BUNDLE_FILE = "index.js";

/** The name of the code cache for `source` under this process's V8 (version, flags, CPU). */
export function codeCacheFile(source: string): string {
  const digest = createHash("sha256").update(source).digest("hex").slice(0, 16);
  return `index.${digest}.${cachedDataVersionTag()}.cache`;
}

/** How the bundle was loaded: with its code cache, with one V8 refused, or without one. */
export type CodeCacheUse = "used" | "rejected" | "none";

/** A CommonJS module's own bindings, as Node.js passes them to a module's code. */
interface ModuleScope {
  exports: unknown;
}

/** `source` compiled as Node.js compiles a CommonJS module, with `cachedData` if given. */
function compile(file: string, source: string, cachedData?: Buffer): Script {
  return new Script((Module as unknown as { wrap(s: string): string }).wrap(source), {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
}

/** Run a compiled module's code with `scope` as its `module` (its exports are the caller's). */
function run(script: Script, file: string, dir: string, scope: ModuleScope): void {
  const fn = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: ModuleScope,
    filename: string,
    dirname: string,
  ) => void;
  fn(scope.exports, createRequire(file), scope, file, dir);
}

/**
 * Load the bundle in `dir` as `scope`'s code (the pack's `main` passes its own `module`): with
 * its code cache when there is one for this source and this V8, with `require` otherwise.
 */
export function loadPack(dir: string, scope: ModuleScope): CodeCacheUse {
  const file = join(dir, BUNDLE_FILE);
  let source: string;
  let cachedData: Buffer;
  try {
    source = readFileSync(file, "utf8");
    cachedData = readFileSync(join(dir, codeCacheFile(source)));
  } catch {
    createRequire(file)(file);
    return "none";
  }
  const script = compile(file, source, cachedData);
  run(script, file, dir, scope);
  return script.cachedDataRejected === true ? "rejected" : "used";
}

/**
 * Load the bundle in `dir` from source, then give what V8 compiled for it (the bundle and every
 * function its load ran): what the build writes to {@link codeCacheFile}. Run it in the V8 state
 * the pack will start in (`run-policy-pack` sets `--allow-natives-syntax` before it loads a pack).
 */
export function bundleCodeCache(dir: string, scope: ModuleScope = { exports: {} }) {
  const file = join(dir, BUNDLE_FILE);
  const source = readFileSync(file, "utf8");
  const script = compile(file, source);
  run(script, file, dir, scope);
  return { file: codeCacheFile(source), data: script.createCachedData() };
}

/**
 * Put V8 in the state `run-policy-pack` (@pulumi/pulumi 3.248) starts a pack in: it requires its
 * `runtime/closure/v8Hooks`, which sets `--allow-natives-syntax`, before it loads the pack, and V8
 * flags are part of a code cache's tag. False (and nothing changed) where that module is not
 * there: a cache made then carries the tag of the flags as they are, which the pack under another
 * `run-policy-pack` does not find (it loads the bundle with `require`).
 */
export function asRunPolicyPack(dir: string): boolean {
  try {
    createRequire(join(dir, BUNDLE_FILE))("@pulumi/pulumi/runtime/closure/v8Hooks");
    return true;
  } catch {
    return false;
  }
}
