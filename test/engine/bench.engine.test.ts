/**
 * The engine bench (`npm run bench -- --engine`) at its smallest, so it never rots between the
 * full runs made by hand: every variant (no pack, the empty pack, OutcomeGuard's) previews both
 * stacks through the real CLI, and the results file and report have their documented shape. No
 * timing is asserted: the full run judges the goal (docs/PERFORMANCE.md). Skips (with a message)
 * when no CLI is available; fails instead under CI=true.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ENGINE_WORK_DIR, GENERATED_NODEARGS } from "../../bench/lib/engine-bench";
import { buildReaper } from "../../bench/lib/reaper";
import { NO_PULUMI_CLI as SKIP_REASON, REPO_ROOT, suiteCli } from "./harness";

const cli = suiteCli("engine bench");
const TSX = path.join(REPO_ROOT, "node_modules", "tsx", "dist", "cli.mjs");

interface StackResult {
  stack: string;
  resources: number;
  samples: Record<string, { wallMs: number; cpuMs: number; packCpuMs: number; cliCpuMs: number }[]>;
  cpuMeasured: string;
}

describe.skipIf(!cli)(`engine bench, smallest run (${cli ? cli.version : SKIP_REASON})`, () => {
  let stdout = "";
  let results: StackResult[] = [];

  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "outcomeguard-engine-bench-"));
    const out = path.join(dir, "engine.json");
    stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        [
          TSX,
          "bench/run.ts",
          "--engine",
          "--runs=1",
          "--large-runs=1",
          "--endpoints=2",
          `--out=${out}`,
        ],
        { cwd: REPO_ROOT, timeout: 600_000, maxBuffer: 16 * 1024 * 1024 },
        (err, o, e) =>
          err
            ? reject(new Error(`the engine bench failed: ${err.message}\n${o}\n${e}`))
            : resolve(o),
      );
    });
    results = (JSON.parse(fs.readFileSync(out, "utf8")) as { results: StackResult[] }).results;
    fs.rmSync(dir, { recursive: true, force: true });
  }, 660_000);

  it("previews the example stack and the generated one with no pack, the floor and OutcomeGuard's pack", () => {
    expect(results.map((r) => r.stack)).toEqual(["aws", "bench-2"]);
    for (const r of results) {
      expect(r.resources).toBeGreaterThan(0);
      expect(Object.keys(r.samples).sort()).toEqual(["empty", "none", "outcomeguard"]);
      for (const samples of Object.values(r.samples)) expect(samples).toHaveLength(1);
    }
  });

  it("writes the bench's node options into the generated stack's Pulumi.yaml and leaves the example stack's as it is", () => {
    const options = (stack: string) => {
      const file = path.join(ENGINE_WORK_DIR, stack, "project", "Pulumi.yaml");
      return (parse(fs.readFileSync(file, "utf8")) as { runtime: { options?: object } }).runtime
        .options;
    };
    expect(options("bench-2")).toMatchObject({ nodeargs: GENERATED_NODEARGS });
    expect(options("aws")).not.toHaveProperty("nodeargs");
  });

  it("measures the pack's own process only where a pack runs, and the CLI's in every preview", () => {
    for (const r of results) {
      for (const samples of Object.values(r.samples)) {
        expect(samples[0]!.cliCpuMs).toBeGreaterThan(0);
      }
      expect(r.samples.none![0]!.packCpuMs).toBe(0);
      expect(r.samples.empty![0]!.packCpuMs).toBeGreaterThan(0);
      expect(r.samples.outcomeguard![0]!.packCpuMs).toBeGreaterThan(0);
    }
  });

  it.skipIf(buildReaper().status !== "ok")(
    "measures every preview's CPU times exactly, through the reaper, where it can be built",
    () => {
      expect(results.map((r) => r.cpuMeasured)).toEqual(["exact (reaper)", "exact (reaper)"]);
    },
  );

  it("prints the report with a verdict for each stack", () => {
    expect(stdout).toContain("goal, added time OutcomeGuard / floor");
    const verdict = "(met|NOT met|not judged) \\(90% interval [^)]+\\)";
    expect(stdout).toMatch(
      new RegExp(`aws: wall ${verdict}, CPU ${verdict}, CLI and pack CPU ${verdict}`),
    );
  });
});
