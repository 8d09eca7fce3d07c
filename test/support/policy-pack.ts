/** The built policy pack, for the suites that launch it as the engine does. */
import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

export const ROOT = join(__dirname, "..", "..");
export const PACK_DIR = join(ROOT, "policies");
export const BUNDLE = join(PACK_DIR, "dist", "index.js");

/** Run the build script (the same one `npm ci` runs through `prepare`). */
export function buildPolicyPack(): void {
  execFileSync(process.execPath, [join(ROOT, "scripts", "build-policy-pack.mjs")], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
  });
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "dist" || entry.name === "node_modules") continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Build the pack unless its bundle and its `main` are newer than every source they are made from. */
export function ensurePolicyPackBuilt(): void {
  let built: number;
  try {
    built = Math.min(statSync(BUNDLE).mtimeMs, statSync(join(PACK_DIR, "dist", "main.js")).mtimeMs);
  } catch {
    built = 0;
  }
  const sources = Math.max(
    newestSource(PACK_DIR),
    newestSource(join(ROOT, "domain")),
    statSync(join(ROOT, "scripts", "build-policy-pack.mjs")).mtimeMs,
    statSync(join(ROOT, "scripts", "pack-startup.ts")).mtimeMs,
  );
  if (built <= sources) buildPolicyPack();
}
