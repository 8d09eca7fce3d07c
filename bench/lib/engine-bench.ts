/**
 * `npm run bench -- --engine`: what a policy pack adds to a real `pulumi preview` (the Pulumi CLI
 * and upstream language host of scripts/pulumi-cli/build.sh, the test-double providers of
 * test/engine/providers). Each stack is previewed without a pack, with the empty pack (the floor)
 * and with OutcomeGuard's pack, the three interleaved in every round (order rotated), in one run.
 * Wall time and the CPU time of the whole process tree are recorded, after one uncounted warm-up
 * preview per stack. The generated stack's program runs with {@link GENERATED_NODEARGS}; the
 * example stack's as it is. Goal: OutcomeGuard's added time at most 1.10x the floor's. Method and
 * figures: docs/PERFORMANCE.md.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { parse as parseYaml, stringify as toYaml } from "yaml";
import { expectOk, findPulumiCli, NO_PULUMI_CLI, runPulumi } from "../../test/engine/harness";
import type { PulumiCli } from "../../test/engine/harness";
import {
  makeStackWorkspace,
  parseEngineEvents,
  STREAMING_JSON_PREVIEW_ENV,
  type StackWorkspace,
} from "../../test/engine/stack-workspace";
import { readStackConfigFile } from "../../cli/program/project";
import { loadAverage, machine, type EngineOptions } from "./bench";
import { treeCpu } from "./coldstart";
import { buildReaper, readReaperReport, type Reaper, type ReaperReport } from "./reaper";
import { PACK_LABELS, prepareEmptyPack, prepareOutcomeGuard, WORK_DIR } from "./packs";
import { writeStackConfig } from "./preview-bench";
import { bootstrapInterval, formatMs, median, ratio, round, table, type Log } from "./stats";

const VARIANTS = ["none", "empty", "outcomeguard"] as const;
type Variant = (typeof VARIANTS)[number];
const LABELS = { none: "no pack", ...PACK_LABELS };
const GOAL = 1.1;

/**
 * Wall time; CPU of the whole process tree; of the policy pack's process alone; of the Pulumi CLI
 * (the engine) alone. `exact`: the three CPU times came from the reaper (bench/lib/reaper.ts), to
 * every process's exit; otherwise from sampling /proc every 250 ms, which misses part of them.
 */
type Sample = {
  wallMs: number;
  cpuMs: number;
  packCpuMs: number;
  cliCpuMs: number;
  exact: boolean;
};
/**
 * Added-time ratios (OutcomeGuard's over the floor's) by what is timed: the wall, the whole tree's
 * CPU, and the CPU of the two processes a pack changes: the CLI, which sends the pack every
 * resource and handles its answers, and the pack. The program, the language host and the
 * providers do the same work with any pack or none, and the program's CPU (most of the tree's, and
 * its noisiest part) moves by more from one preview to the next than a pack adds.
 */
type Ratios = { wall: number | null; cpu: number | null; engineCpu: number | null };
type Measure = keyof Ratios;
type StackResult = ReturnType<typeof summarize>;
type Numbers = Omit<Sample, "exact">;

const PACK_MARKER = "run-policy-pack";
/** Where the bench's stack workspaces are made, each at `<ENGINE_WORK_DIR>/<stack>` (rebuilt per run). */
export const ENGINE_WORK_DIR = path.join(WORK_DIR, "engine");

async function preview(
  cli: PulumiCli,
  ws: StackWorkspace,
  packDir: string | undefined,
  reaper: Reaper,
): Promise<Sample & { resources: number }> {
  const args = ["preview", "--stack", ws.stack, "--json", "--non-interactive"];
  if (packDir) args.push("--policy-pack", packDir);
  const { projectDir: cwd, backendDir } = ws;
  const env = STREAMING_JSON_PREVIEW_ENV;
  const report = path.join(backendDir, "reaper.json");
  fs.rmSync(report, { force: true });
  // Under the reaper, `pulumi` is its command; the CLI's directory stays first on PATH.
  const [runCli, runArgs] =
    reaper.status === "ok"
      ? [{ ...cli, pulumi: reaper.path }, [report, cli.pulumi, ...args]]
      : [cli, args];
  const t0 = performance.now();
  const run = runPulumi(runArgs, { cwd, backendDir, cli: runCli, env, timeoutMs: 3_600_000 });
  // Sampled: the CLI, language host, program, providers and pack; the pack's process alone.
  const sampled = await treeCpu(run, PACK_MARKER);
  const wallMs = round(performance.now() - t0, 0);
  const r = sampled.value;
  expectOk(r, `pulumi ${args.join(" ")}`);
  const events = parseEngineEvents(r.stdout);
  const resources = events.filter((e) => e.resourcePreEvent).length;
  const cpu =
    reaper.status === "ok" ? exactCpu(readReaperReport(report), sampled.markedPids) : null;
  return {
    wallMs,
    ...(cpu ?? {
      cpuMs: sampled.cpuMs,
      packCpuMs: sampled.markedCpuMs,
      cliCpuMs: sampled.rootCpuMs,
    }),
    exact: cpu !== null,
    resources,
  };
}

/**
 * The tree's, the pack's and the CLI's CPU time from the reaper's report. The pack's: its
 * `node run-policy-pack` process, which the reaper reaps (the language host that starts it exits
 * first). The `node -e` the language host runs just before, to find run-policy-pack (40 to 50 ms,
 * the same for any pack), is reaped by the host: it counts in the tree's CPU, not the pack's. Null
 * when the pack's process (a marked process the sampler saw) is not in the report.
 */
function exactCpu(report: ReaperReport, marked: readonly number[]) {
  const self = new Map(report.processes.map((p) => [p.pid, p.selfCpuMs]));
  const cliCpuMs = self.get(report.commandPid);
  const pack = marked.filter((p) => self.has(p));
  if (cliCpuMs === undefined || (marked.length > 0 && pack.length === 0)) return null;
  const packCpuMs = pack.reduce((a, p) => a + (self.get(p) ?? 0), 0);
  return { cpuMs: report.treeCpuMs, packCpuMs, cliCpuMs };
}

/** What a measure reads of a sample. */
const READ: Record<Measure, (s: Numbers) => number> = {
  wall: (s) => s.wallMs,
  cpu: (s) => s.cpuMs,
  engineCpu: (s) => s.cliCpuMs + s.packCpuMs,
};

/** OutcomeGuard's added time over the floor's; null when the floor added nothing measurable. */
function added(m: Record<Variant, Numbers>, k: Measure): number | null {
  const floor = READ[k](m.empty) - READ[k](m.none);
  return floor > 0 ? ratio(READ[k](m.outcomeguard) - READ[k](m.none), floor) : null;
}

/** Each variant's median of every number over `rounds`. */
function mediansOf(rounds: readonly Record<Variant, Numbers>[]): Record<Variant, Numbers> {
  const of = (v: Variant): Numbers => {
    const m = (k: keyof Numbers) => round(median(rounds.map((r) => r[v][k])), 0);
    return {
      wallMs: m("wallMs"),
      cpuMs: m("cpuMs"),
      packCpuMs: m("packCpuMs"),
      cliCpuMs: m("cliCpuMs"),
    };
  };
  return { none: of("none"), empty: of("empty"), outcomeguard: of("outcomeguard") };
}

const MEASURES = Object.keys(READ) as Measure[];
const ratios = (f: (k: Measure) => number | null): Ratios =>
  Object.fromEntries(MEASURES.map((k) => [k, f(k)])) as Ratios;

async function benchStack(
  cli: PulumiCli,
  ws: StackWorkspace,
  packs: Record<Variant, string | undefined>,
  runs: number,
  reaper: Reaper,
  log: Log,
) {
  const samples: Record<Variant, Sample[]> = { none: [], empty: [], outcomeguard: [] };
  // The first preview of a fresh copy pays for cold files and compiler caches: not counted.
  const warm = await preview(cli, ws, undefined, reaper);
  log(`${ws.stack} warm-up, ${LABELS.none}: ${formatMs(warm.wallMs)} (not counted)`);
  let resources = 0;
  for (let r = 0; r < runs; r++) {
    const order = VARIANTS.map((_, i) => VARIANTS[(i + r) % VARIANTS.length]!);
    for (const v of order) {
      const { resources: count, ...s } = await preview(cli, ws, packs[v], reaper);
      samples[v].push(s);
      resources = count;
      log(
        `${ws.stack} round ${r + 1}/${runs}, ${LABELS[v]}: ${formatMs(s.wallMs)} (CPU ${formatMs(s.cpuMs)}, CLI ${formatMs(s.cliCpuMs)}, pack ${formatMs(s.packCpuMs)})`,
      );
    }
  }
  return summarize(ws.stack, resources, samples);
}

/** A stack's medians, added-time ratios and their intervals, from its samples (in round order). */
export function summarize(
  stack: string,
  resources: number,
  samples: Readonly<Record<Variant, readonly Sample[]>>,
) {
  // Each round's three previews ran back to back.
  const byRound = samples.none.map((_, r) => ({
    none: samples.none[r]!,
    empty: samples.empty[r]!,
    outcomeguard: samples.outcomeguard[r]!,
  }));
  const med = mediansOf(byRound);
  const vsFloor = (k: Measure) => ratio(READ[k](med.outcomeguard), READ[k](med.empty));
  const perRound = (k: Measure) => byRound.map((m) => added(m, k));
  // How far the ratio of medians would move over other draws of the same rounds.
  const interval = (k: Measure) => {
    const i = bootstrapInterval(byRound, (draw) => added(mediansOf(draw), k));
    return i && { low: round(i.low, 2), high: round(i.high, 2), resamples: i.used };
  };
  const medianOfRounds = (k: Measure) => {
    const known = perRound(k).filter((x): x is number => x !== null);
    return known.length === byRound.length ? round(median(known), 2) : null;
  };
  return {
    stack,
    resources,
    samples,
    median: med,
    addedRatio: ratios((k) => added(med, k)),
    /** 90% bootstrap interval of addedRatio, the rounds resampled (null: not computable). */
    addedInterval: Object.fromEntries(MEASURES.map((k) => [k, interval(k)])),
    roundAddedRatios: Object.fromEntries(MEASURES.map((k) => [k, perRound(k)])),
    medianRoundAddedRatio: ratios(medianOfRounds),
    previewRatio: ratios(vsFloor),
    packCpuRatio: ratio(med.outcomeguard.packCpuMs, med.empty.packCpuMs),
    cpuMeasured: VARIANTS.every((v) => samples[v].every((s) => s.exact))
      ? "exact (reaper)"
      : "sampled (/proc every 250 ms) in some previews",
  };
}

export function renderEngineReport(results: readonly StackResult[]): string {
  const head = ["real pulumi preview", "resources", ...VARIANTS.map((v) => LABELS[v])];
  const rows = [
    [...head, "added OG / floor", "same, median of rounds", "OG / floor", "pack CPU OG / floor"],
  ];
  const all = (x: Ratios) =>
    `${x.wall ?? "-"}x (CPU ${x.cpu ?? "-"}x, CLI+pack CPU ${x.engineCpu ?? "-"}x)`;
  for (const r of results) {
    const m = (v: Variant) => r.median[v];
    const cell = (v: Variant) =>
      `${formatMs(m(v).wallMs)} (CPU ${formatMs(m(v).cpuMs)}, CLI+pack ${formatMs(READ.engineCpu(m(v)))})`;
    rows.push([
      r.stack,
      String(r.resources),
      ...VARIANTS.map(cell),
      all(r.addedRatio),
      all(r.medianRoundAddedRatio),
      all(r.previewRatio),
      `${r.packCpuRatio ?? "-"}x`,
    ]);
  }
  const verdict = (v: number | null) => (v === null ? "not judged" : v <= GOAL ? "met" : "NOT met");
  const goals = results.map(({ stack, addedRatio: a, addedInterval: i }) => {
    const one = (k: Measure) => {
      const b = i[k];
      return `${verdict(a[k])} (90% interval ${b ? `${b.low}x to ${b.high}x` : "not computable"})`;
    };
    return `${stack}: wall ${one("wall")}, CPU ${one("cpu")}, CLI and pack CPU ${one("engineCpu")}`;
  });
  return `${table(rows)}\ngoal, added time OutcomeGuard / floor <= ${GOAL}: ${goals.join("; ")}`;
}

/**
 * The `node` options the generated stack's program runs with (Pulumi.yaml `runtime.options.nodeargs`;
 * the language host passes them to the program's process only, not to a pack's). @pulumi/pulumi
 * takes a stack trace, formatted through source maps, for every promise it wraps, only to describe
 * leaks; at 1,000 endpoints that was most of the program's CPU and most of the preview-to-preview
 * noise, which is no pack's work. Without those traces the program registers the same resources and
 * every pack gets the same requests (`Resource.callsites` lifts the limit for source positions).
 */
export const GENERATED_NODEARGS = "--stack-trace-limit=0";

/**
 * The generated stack of `endpoints` endpoints, its program reading the flat config from a file:
 * PULUMI_CONFIG (one environment string, at most 128 KiB) cannot carry it (docs/PERFORMANCE.md);
 * run with {@link GENERATED_NODEARGS}.
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
  const projectFile = path.join(ws.projectDir, "Pulumi.yaml");
  const project = parseYaml(fs.readFileSync(projectFile, "utf8")) as {
    runtime: { options?: Record<string, unknown> };
  };
  project.runtime.options = { ...project.runtime.options, nodeargs: GENERATED_NODEARGS };
  fs.writeFileSync(projectFile, toYaml(project));
  return ws;
}

/** `--engine`: both stacks, every variant in every round; written to `opts.out` and printed. */
export async function runEngineBench(opts: EngineOptions, log: Log) {
  const found = findPulumiCli();
  if (!found) throw new Error(NO_PULUMI_CLI);
  const og = prepareOutcomeGuard();
  if (og.status !== "ok") throw new Error(`OutcomeGuard's pack: ${og.reason}`);
  const empty = prepareEmptyPack(og, log);
  if (empty.status !== "ok") throw new Error(`empty pack: ${empty.reason}`);
  const packs = { none: undefined, empty: empty.dir, outcomeguard: og.dir };
  const reaper = buildReaper();
  log(
    reaper.status === "ok"
      ? `CPU times: exact, from ${path.relative(process.cwd(), reaper.path)}`
      : `CPU times: sampled from /proc every 250 ms (no reaper: ${reaper.reason})`,
  );

  const root = ENGINE_WORK_DIR;
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  const [startedAt, loadAtStart] = [new Date().toISOString(), loadAverage()];
  const results: StackResult[] = [];
  for (const [ws, n] of [
    [await makeStackWorkspace(root, "aws", "aws", found), opts.runs],
    [await generatedWorkspace(root, opts.endpoints, found), opts.largeRuns],
  ] as const) {
    log(`engine preview: ${ws.stack}, ${n} round(s) with ${found.pulumi} ${found.version}`);
    results.push(await benchStack(found, ws, packs, n, reaper, log));
  }
  const doc = {
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: machine(loadAtStart),
    pulumi: found.version,
    goal: `added time OutcomeGuard / empty pack <= ${GOAL}`,
    generatedStackNodeargs: GENERATED_NODEARGS,
    results,
  };
  fs.writeFileSync(opts.out, JSON.stringify(doc, null, 2) + "\n");
  const wrote = path.relative(process.cwd(), opts.out) || opts.out;
  console.log(`${renderEngineReport(results)}\n\nwrote ${wrote}`);
}
