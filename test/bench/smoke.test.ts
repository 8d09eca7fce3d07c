/**
 * CI's smoke run of the bench (`npm run bench -- --smoke`: small sizes, one run), so the bench never
 * rots: it must finish and write results of the documented shape. No timing is asserted: speed goals are judged by the
 * full run (docs/PERFORMANCE.md), not by CI.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  ReportBenchSchema,
  ResultsSchema,
  type ReportBenchResult,
  type Results,
} from "../../bench/lib/results";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const TSX = path.join(REPO_ROOT, "node_modules", "tsx", "dist", "cli.mjs");

let results: Results;
let report: ReportBenchResult | undefined;
let stdout = "";

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "outcomeguard-bench-"));
  const out = path.join(dir, "results.json");
  stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      [TSX, "bench/run.ts", "--smoke", `--out=${out}`],
      { cwd: REPO_ROOT, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 },
      (err, out, errOut) => {
        if (err) reject(new Error(`the smoke bench failed: ${err.message}\n${out}\n${errOut}`));
        else resolve(out);
      },
    );
  });
  const raw = JSON.parse(fs.readFileSync(out, "utf8")) as { report?: unknown };
  report = ReportBenchSchema.optional().parse(raw.report);
  results = ResultsSchema.parse(raw);
  fs.rmSync(dir, { recursive: true, force: true });
}, 300_000);

const ok = <T extends { status: string }>(v: T | undefined) => v?.status === "ok";

describe("npm run bench -- --smoke", () => {
  it("writes a smoke-mode results file and prints the report", () => {
    expect(results.mode).toBe("smoke");
    expect(results.settings.runs).toBe(1);
    expect(stdout).toContain("cold start to port");
    expect(stdout).toContain("goal");
  });

  it("starts OutcomeGuard's pack and the floor through run-policy-pack", () => {
    expect(results.packs.outcomeguard.status).toBe("ok");
    expect(results.packs.empty.status).toBe("ok");
    expect("results" in results.coldStart).toBe(true);
    if (!("results" in results.coldStart)) return;
    expect(ok(results.coldStart.results.outcomeguard)).toBe(true);
    expect(ok(results.coldStart.results.empty)).toBe(true);
  });

  it("drives both packs over gRPC: Analyze and AnalyzeStack at every size", () => {
    if (!("results" in results.throughput) || !("results" in results.analyzeStack)) {
      throw new Error("throughput or AnalyzeStack was not run");
    }
    for (const id of ["outcomeguard", "empty"] as const) {
      const tp = results.throughput.results[id];
      expect(tp.status, JSON.stringify(tp)).toBe("ok");
      const st = results.analyzeStack.results[id];
      expect(st.status, JSON.stringify(st)).toBe("ok");
      if (st.status === "ok") {
        expect(st.sizes.map((s) => s.resources)).toEqual(results.settings.stackSizes);
      }
    }
    // OutcomeGuard judges the mixed workload; the floor has nothing to say.
    const og = results.throughput.results.outcomeguard;
    const floor = results.throughput.results.empty;
    if (og.status === "ok" && floor.status === "ok") {
      expect(og.diagnosticsPerRun).toBeGreaterThan(0);
      expect(floor.diagnosticsPerRun).toBe(0);
    }
  });

  it("previews generated stacks offline at each size", () => {
    if (!("results" in results.preview)) throw new Error("the preview was not run");
    const pv = results.preview.results;
    expect(pv.status, JSON.stringify(pv)).toBe("ok");
    if (pv.status !== "ok") return;
    expect(pv.sizes.map((s) => s.endpoints)).toEqual(results.settings.previewEndpoints);
    const [small, large] = pv.sizes;
    expect(small?.status, JSON.stringify(small)).toBe("ok");
    expect(large?.status, JSON.stringify(large)).toBe("ok");
    if (small?.status !== "ok" || large?.status !== "ok") return;
    expect(large.resources).toBeGreaterThan(small.resources);
  });

  it("states every goal, judging none at smoke sizes", () => {
    expect(results.goals.filter((g) => g.met !== null)).toEqual([]);
    expect(results.goals.map((g) => g.id)).toContain("cold-start-vs-floor");
  });

  it("runs the report on a small generated bill, Parquet and CSV, beside a bare DuckDB scan", () => {
    expect(report?.lines).toBe(20_000);
    for (const format of ["parquet", "csv"]) {
      const f = report?.formats[format];
      expect(f?.report.ok, JSON.stringify(f)).toBe(true);
      expect(f?.bare.ok, JSON.stringify(f)).toBe(true);
      expect(f?.report.rssMb).toBeGreaterThan(0);
    }
    expect(stdout).toContain("the bare scan");
  });
});
