/**
 * The test layout convention: tests mirror the source. Every source module with logic under the
 * source folders has `test/<same path>.test.ts`; helpers live in `test/support/` only. The check
 * walks the working tree (not git's index), so a module added and not yet committed fails too.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./support/outcomeguard";

/** The folders whose TypeScript modules need a mirrored test. */
const SOURCE_DIRS = ["domain", "policies", "components", "cli", "stacks", "scripts"] as const;

/**
 * Modules with no logic of their own, so no mirrored test: each says why, and where it is
 * exercised. An entry that gets a test, or whose module is gone, must leave this list.
 */
const NO_LOGIC: Readonly<Record<string, string>> = {
  // Barrels: only `export ... from` lines.
  "components/index.ts": "barrel of args, aws and azure",
  "components/aws/index.ts": "barrel of the AWS components",
  "components/azure/index.ts": "barrel of the Azure components",
  "domain/index.ts": "barrel of the domain (the package's outcomeguard/domain export)",
  // Plain lists and entry points.
  "policies/rules/index.ts":
    "the plain list of the pack's rules; test/policies/registry.test.ts checks the list derived from it",
  "policies/main.ts":
    "the pack's main: one call to policies/code-cache.ts's loadPack, tested in test/policies/code-cache.test.ts",
  "policies/index.ts":
    "the pack's entry point: constructs the PolicyPack (which starts a gRPC server); run by test/policies/pack.e2e.test.ts and publish.test.ts",
  "stacks/index.ts":
    "the stacks' Pulumi entry point, one call to buildStack (test/stacks/program.test.ts) with the runtime's config",
  // Data.
  "domain/catalog-data.ts": "the model catalog's rows; test/domain/catalog.test.ts reads them",
  "domain/models/entry.ts":
    "the builders of the catalog's rows (price, added, one family per provider and price list) and their sources; test/domain/catalog.test.ts reads every row they build",
  "domain/models/frontier.ts":
    "catalog rows (frontier models); test/domain/catalog.test.ts reads every one",
  "domain/models/open.ts":
    "catalog rows (open models); test/domain/catalog.test.ts reads every one",
  "domain/registry/aws.ts":
    "registry entries (AWS); every entry runs through test/domain/registry/index.test.ts and the per-type policy tests",
  "domain/registry/azure.ts":
    "registry entries (Azure); every entry runs through test/domain/registry/index.test.ts and the per-type policy tests",
  "domain/registry/gcp.ts":
    "registry entries (GCP); every entry runs through test/domain/registry/index.test.ts and the per-type policy tests",
  "domain/registry/spec.ts": "types only: the shape of a registry entry",
};

/** Folders that are not source: build output and installed packages. */
const SKIPPED_DIRS = new Set(["node_modules", "dist"]);

/** Files under `dir` (repo-relative, `/`-separated), skipping build output and packages. */
function filesUnder(dir: string): string[] {
  const abs = path.join(REPO_ROOT, dir);
  if (!existsSync(abs)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(abs, { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) out.push(...filesUnder(rel));
    } else out.push(rel);
  }
  return out;
}

const isModule = (f: string) => f.endsWith(".ts") && !f.endsWith(".d.ts");

/**
 * The test a source module needs: `test/<path>.test.ts`, except `domain/rules/<name>.ts`, whose
 * test is its policy's `test/policies/rules/<name>.test.ts` (one rule: one domain file, one
 * policy file, one test).
 */
function mirroredTest(module: string): string {
  const rule = /^domain\/rules\/([^/]+)\.ts$/.exec(module);
  if (rule) return `test/policies/rules/${rule[1]}.test.ts`;
  return `test/${module.replace(/\.ts$/, "")}.test.ts`;
}

/** Source modules (not allowlisted) whose mirrored test is not among `files`. */
function modulesWithoutTests(
  modules: readonly string[],
  files: ReadonlySet<string>,
  noLogic: Readonly<Record<string, string>> = NO_LOGIC,
): string[] {
  return modules.filter((m) => !(m in noLogic) && !files.has(mirroredTest(m)));
}

/**
 * Helper modules outside `test/support/`. The engine suite (`test/engine/`, its own vitest config)
 * keeps its harness, its test-double providers and its fixture programs beside it: they are
 * started as separate processes by the Pulumi engine, so they are allowed there.
 */
function misplacedHelpers(testFiles: readonly string[]): string[] {
  return testFiles.filter(
    (f) =>
      isModule(f) &&
      !f.endsWith(".test.ts") &&
      !f.startsWith("test/support/") &&
      !f.startsWith("test/engine/"),
  );
}

const sourceModules = SOURCE_DIRS.flatMap(filesUnder).filter(isModule);
const testFiles = filesUnder("test");

describe("the convention, as a function", () => {
  it("fails for a new module without its test", () => {
    expect(modulesWithoutTests(["cli/new-thing.ts"], new Set())).toEqual(["cli/new-thing.ts"]);
  });

  it("passes a module with test/<path>.test.ts", () => {
    expect(
      modulesWithoutTests(["cli/new-thing.ts"], new Set(["test/cli/new-thing.test.ts"])),
    ).toEqual([]);
  });

  it("looks for a domain rule's test under test/policies/rules/", () => {
    expect(mirroredTest("domain/rules/shadow-ai-endpoint.ts")).toBe(
      "test/policies/rules/shadow-ai-endpoint.test.ts",
    );
  });

  it("flags a helper module outside test/support/", () => {
    expect(misplacedHelpers(["test/cli/fixtures.ts", "test/support/x.ts"])).toEqual([
      "test/cli/fixtures.ts",
    ]);
  });
});

describe("the repository's layout", () => {
  it("finds the source modules (the walk is not empty)", () => {
    expect(sourceModules.length).toBeGreaterThan(50);
  });

  it("has test/<path>.test.ts for every source module with logic", () => {
    expect(modulesWithoutTests(sourceModules, new Set(testFiles))).toEqual([]);
  });

  it("lists in the no-logic allowlist only modules that exist and have no test", () => {
    const stale = Object.keys(NO_LOGIC).filter(
      (m) => !sourceModules.includes(m) || testFiles.includes(mirroredTest(m)),
    );
    expect(stale).toEqual([]);
  });

  it("allowlists as barrels only modules that hold nothing but export ... from lines", () => {
    const barrels = Object.keys(NO_LOGIC).filter((m) => NO_LOGIC[m]?.startsWith("barrel"));
    const withCode = barrels.filter((m) =>
      readFileSync(path.join(REPO_ROOT, m), "utf8")
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .split("\n")
        .map((l) => l.replace(/\/\/.*$/, "").trim())
        .some((l) => l !== "" && !/^export (\*|\{[^}]*\}|\* as \w+) from "[^"]+";$/.test(l)),
    );
    expect(withCode).toEqual([]);
  });

  it("keeps helper modules in test/support/ (or the engine suite's test/engine/)", () => {
    expect(misplacedHelpers(testFiles)).toEqual([]);
  });
});
