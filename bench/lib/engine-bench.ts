/**
 * `npm run bench -- --engine`: what a policy pack adds to a real `pulumi preview` (the Pulumi CLI
 * and upstream language host of scripts/pulumi-cli/build.sh, the test-double providers of
 * test/engine/providers). Each stack is previewed without a pack, with the empty pack (the floor)
 * and with OutcomeGuard's pack, the three interleaved in every round (order rotated), in one run.
 * Wall time and the CPU time of the whole process tree are recorded, after one uncounted warm-up
 * preview per stack. Goal: OutcomeGuard's added time at most 1.10x the floor's. Method and figures:
 * docs/PERFORMANCE.md.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { findPulumiCli, NO_PULUMI_CLI, runPulumi, type PulumiCli } from "../../test/engine/harness";
import {
  makeStackWorkspace,
  parseEngineEvents,
  STREAMING_JSON_PREVIEW_ENV,
  type StackWorkspace,
} from "../../test/engine/stack-workspace";
import { readStackConfigFile } from "../../cli/program/project";
import { cpuTimeMs } from "./coldstart";
import { prepareEmptyPack, prepareOutcomeGuard, REPO_ROOT, WORK_DIR } from "./packs";
import { writeStackConfig } from "./preview-bench";
import { formatMs, median, ratio, round, table } from "./stats";

const VARIANTS = ["none", "empty", "outcomeguard"] as const;
type Variant = (typeof VARIANTS)[number];
const LABELS = { none: "no pack", empty: "empty pack (floor)", outcomeguard: "OutcomeGuard" };
export const ENGINE_RESULTS = path.join(REPO_ROOT, "bench", "engine-results.json");
const GOAL = 1.1;

/** Wall time; CPU of the whole process tree; CPU of the policy pack's process alone. */
type Sample = { wallMs: number; cpuMs: number; packCpuMs: number };
type Ratios = { wall: number | null; cpu: number | null };
type StackResult = Awaited<ReturnType<typeof benchStack>>;

/**
 * CPU time (user + system, ms) of every process below this one while `work` runs, sampled from
 * /proc every 250 ms (the last reading of each process counts): the CLI, language host, program,
 * providers and pack; and of the pack's process alone (`run-policy-pack` in its command line).
 * A process that lives less than one interval may be missed.
 */
async function treeCpu<T>(work: Promise<T>): Promise<[T, number, number]> {
  const cpu = new Map<number, number>();
  const isPack = new Map<number, boolean>();
  const sample = () => {
    const parent = new Map<number, number>();
    for (const name of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
        parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
      } catch {
        // gone
      }
    }
    for (const pid of parent.keys()) {
      let p = parent.get(pid) ?? 0;
      while (p > 1 && p !== process.pid) p = parent.get(p) ?? 0;
      const used = p === process.pid ? cpuTimeMs(pid) : null;
      if (used === null) continue;
      cpu.set(pid, Math.max(cpu.get(pid) ?? 0, used));
      if (!isPack.has(pid)) {
        const cmd = fs.existsSync(`/proc/${pid}/cmdline`)
          ? fs.readFileSync(`/proc/${pid}/cmdline`, "utf8")
          : "";
        isPack.set(pid, cmd.includes("run-policy-pack"));
      }
    }
  };
  const timer = setInterval(sample, 250);
  try {
    const value = await work;
    const sum = (pids: number[]) =>
      round(
        pids.reduce((a, pid) => a + (cpu.get(pid) ?? 0), 0),
        0,
      );
    const pids = [...cpu.keys()];
    return [value, sum(pids), sum(pids.filter((pid) => isPack.get(pid)))];
  } finally {
    clearInterval(timer);
  }
}

async function preview(
  cli: PulumiCli,
  ws: StackWorkspace,
  packDir: string | undefined,
): Promise<Sample & { resources: number }> {
  const args = ["preview", "--stack", ws.stack, "--json", "--non-interactive"];
  if (packDir) args.push("--policy-pack", packDir);
  const t0 = performance.now();
  const [r, cpuMs, packCpuMs] = await treeCpu(
    runPulumi(args, {
      cwd: ws.projectDir,
      backendDir: ws.backendDir,
      cli,
      env: STREAMING_JSON_PREVIEW_ENV,
      timeoutMs: 3_600_000,
    }),
  );
  const wallMs = round(performance.now() - t0, 0);
  const events = parseEngineEvents(r.stdout);
  if (r.code !== 0) {
    const errors = events.flatMap((e) =>
      e.diagnosticEvent?.severity === "error" ? [e.diagnosticEvent.message.trim()] : [],
    );
    throw new Error(`pulumi ${args.join(" ")} exited ${r.code}: ${errors.join("\n")}${r.stderr}`);
  }
  const resources = events.filter((e) => e.resourcePreEvent).length;
  return { wallMs, cpuMs, packCpuMs, resources };
}

/** OutcomeGuard's added time over the floor's; null when the floor added nothing measurable. */
function added(m: Record<Variant, Sample>, k: "wallMs" | "cpuMs"): number | null {
  const floor = m.empty[k] - m.none[k];
  return floor > 0 ? ratio(m.outcomeguard[k] - m.none[k], floor) : null;
}

async function benchStack(
  cli: PulumiCli,
  ws: StackWorkspace,
  packs: Record<Variant, string | undefined>,
  runs: number,
  log: (line: string) => void,
) {
  const samples: Record<Variant, Sample[]> = { none: [], empty: [], outcomeguard: [] };
  // The first preview of a fresh copy pays for cold files and compiler caches: not counted.
  const warm = await preview(cli, ws, undefined);
  log(`${ws.stack} warm-up, ${LABELS.none}: ${formatMs(warm.wallMs)} (not counted)`);
  let resources = 0;
  for (let r = 0; r < runs; r++) {
    const order = VARIANTS.map((_, i) => VARIANTS[(i + r) % VARIANTS.length]!);
    for (const v of order) {
      const s = await preview(cli, ws, packs[v]);
      samples[v].push({ wallMs: s.wallMs, cpuMs: s.cpuMs, packCpuMs: s.packCpuMs });
      resources = s.resources;
      log(
        `${ws.stack} round ${r + 1}/${runs}, ${LABELS[v]}: ${formatMs(s.wallMs)} (CPU ${formatMs(s.cpuMs)}, pack ${formatMs(s.packCpuMs)})`,
      );
    }
  }
  const mid = (v: Variant, k: keyof Sample) => round(median(samples[v].map((s) => s[k])), 0);
  const med = Object.fromEntries(
    VARIANTS.map((v) => [
      v,
      { wallMs: mid(v, "wallMs"), cpuMs: mid(v, "cpuMs"), packCpuMs: mid(v, "packCpuMs") },
    ]),
  ) as Record<Variant, Sample>;
  return {
    stack: ws.stack,
    resources,
    samples,
    median: med,
    addedRatio: { wall: added(med, "wallMs"), cpu: added(med, "cpuMs") },
    previewRatio: {
      wall: ratio(med.outcomeguard.wallMs, med.empty.wallMs),
      cpu: ratio(med.outcomeguard.cpuMs, med.empty.cpuMs),
    },
    packCpuRatio: ratio(med.outcomeguard.packCpuMs, med.empty.packCpuMs),
  };
}

export function renderEngineReport(results: readonly StackResult[]): string {
  const head = ["real pulumi preview", "resources", ...VARIANTS.map((v) => LABELS[v])];
  const rows = [[...head, "added OG / floor", "OG / floor", "pack CPU OG / floor"]];
  const both = (x: Ratios) => `${x.wall ?? "-"}x (CPU ${x.cpu ?? "-"}x)`;
  for (const r of results) {
    const cell = (v: Variant) =>
      `${formatMs(r.median[v].wallMs)} (CPU ${formatMs(r.median[v].cpuMs)})`;
    rows.push([
      r.stack,
      String(r.resources),
      ...VARIANTS.map(cell),
      both(r.addedRatio),
      both(r.previewRatio),
      `${r.packCpuRatio ?? "-"}x`,
    ]);
  }
  const verdict = (v: number | null) => (v === null ? "not judged" : v <= GOAL ? "met" : "NOT met");
  const goals = results.map(
    (r) => `${r.stack}: wall ${verdict(r.addedRatio.wall)}, CPU ${verdict(r.addedRatio.cpu)}`,
  );
  return `${table(rows)}\ngoal, added time OutcomeGuard / floor <= ${GOAL}: ${goals.join("; ")}`;
}

/**
 * The generated stack of `endpoints` endpoints, its program reading the flat config from a file:
 * PULUMI_CONFIG (one environment string, at most 128 KiB) cannot carry it (docs/PERFORMANCE.md).
 */
async function generatedWorkspace(root: string, endpoints: number, cli: PulumiCli) {
  const dir = path.join(root, "config");
  const flat = readStackConfigFile(writeStackConfig(endpoints, dir), "outcomeguard").config;
  const providersOnly = path.join(dir, "providers-only.yaml");
  const keep = ["aws:region", "azure-native:location"];
  fs.writeFileSync(providersOnly, `config:\n${keep.map((k) => `  ${k}: ${flat[k]}\n`).join("")}`);
  const stack = `bench-${endpoints}`;
  const ws = await makeStackWorkspace(root, stack, stack, cli, providersOnly);
  const program = path.join(ws.projectDir, "stacks");
  fs.writeFileSync(path.join(program, "bench-config.json"), JSON.stringify(flat));
  const index = `// Generated by bench/lib/engine-bench.ts: stacks/index.ts, config read from a file.
import * as fs from "fs";
import * as path from "path";
import { buildStack } from "./program";
const file = path.join(__dirname, "bench-config.json");
export = async () => buildStack(JSON.parse(fs.readFileSync(file, "utf8")));
`;
  fs.writeFileSync(path.join(program, "index.ts"), index);
  return ws;
}

/** `--engine [--runs=N] [--large-runs=N] [--endpoints=N] [--out=FILE]`. */
export async function runEngineBench(argv: readonly string[], log: (line: string) => void) {
  const flag = (name: string, fallback: number) => {
    const v = argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
    const n = v === undefined ? fallback : Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number >= 1`);
    return n;
  };
  const runs = flag("runs", 5);
  const largeRuns = flag("large-runs", 2);
  const endpoints = flag("endpoints", 1000);
  const out = argv.find((a) => a.startsWith("--out="))?.slice(6) ?? ENGINE_RESULTS;
  const found = findPulumiCli();
  if (!found) throw new Error(NO_PULUMI_CLI);
  const og = prepareOutcomeGuard(log);
  if (og.status !== "ok") throw new Error(`OutcomeGuard's pack: ${og.reason}`);
  const empty = prepareEmptyPack(og, log);
  if (empty.status !== "ok") throw new Error(`empty pack: ${empty.reason}`);
  const packs = { none: undefined, empty: empty.dir, outcomeguard: og.dir };

  const root = path.join(WORK_DIR, "engine");
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  const startedAt = new Date().toISOString();
  const loadAtStart = os.loadavg();
  const results: StackResult[] = [];
  for (const [ws, n] of [
    [await makeStackWorkspace(root, "aws", "aws", found), runs],
    [await generatedWorkspace(root, endpoints, found), largeRuns],
  ] as const) {
    log(`engine preview: ${ws.stack}, ${n} round(s) with ${found.pulumi} ${found.version}`);
    results.push(await benchStack(found, ws, packs, n, log));
  }
  const doc = {
    startedAt,
    finishedAt: new Date().toISOString(),
    loadAverage: { atStart: loadAtStart, atEnd: os.loadavg() },
    pulumi: found.version,
    goal: `added time OutcomeGuard / empty pack <= ${GOAL}`,
    results,
  };
  fs.writeFileSync(out, JSON.stringify(doc, null, 2) + "\n");
  console.log(renderEngineReport(results));
  console.log(`\nwrote ${path.relative(process.cwd(), out) || out}`);
}
