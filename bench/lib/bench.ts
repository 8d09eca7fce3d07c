/**
 * The bench itself: options, the run over the three packs, the goals and the printed report. The
 * command line is bench/run.ts (`npm run bench`); method and figures in docs/PERFORMANCE.md.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { REPO_ROOT } from "../../test/support/outcomeguard";
import { coldStart as coldStartMeasure } from "./coldstart";
import { analyzeStack as analyzeStackMeasure, throughput as throughputMeasure } from "./grpc-bench";
import {
  PACK_IDS,
  PACK_LABELS,
  prepareAwsGuard,
  prepareEmptyPack,
  prepareOutcomeGuard,
  WORK_DIR,
  type Pack,
  type PackId,
  type ReadyPack,
} from "./packs";
import { measurePreview } from "./preview-bench";
import {
  ResultsSchema,
  type AnalyzeStack,
  type ColdStart,
  type Goal,
  type Results,
  type Throughput,
} from "./results";
import {
  errorText,
  formatMs,
  formatNumber,
  ratio,
  round,
  rounds,
  table,
  type Log,
  type Measurement,
} from "./stats";
import { mixedResources } from "../../test/support/mixed-stack";

export const SECTIONS = ["coldstart", "throughput", "stack", "preview"] as const;
export type SectionId = (typeof SECTIONS)[number];

export type BenchOptions = Results["settings"] & {
  readonly engine: false;
  readonly mode: "full" | "smoke";
  readonly only: readonly SectionId[];
  readonly awsguard: "install" | "if-installed" | "skip";
  readonly out: string;
  /** Only the report bench, keeping the other results in `out`; its bill's size. */
  readonly reportOnly: boolean;
  readonly reportLines: number | undefined;
};
/** The real `pulumi preview` bench: rounds on the example stack and on the generated one. */
export type EngineOptions = {
  readonly engine: true;
  readonly runs: number;
  readonly largeRuns: number;
  readonly endpoints: number;
  readonly out: string;
};

export const FULL_RESULTS = path.join(REPO_ROOT, "bench", "results.json");
export const SMOKE_RESULTS = path.join(WORK_DIR, "results-smoke.json");
export const ENGINE_RESULTS = path.join(REPO_ROOT, "bench", "engine-results.json");

export class UsageError extends Error {}

const [text, flag] = [{ type: "string" }, { type: "boolean" }] as const;
const BENCH_FLAGS = {
  ...{ smoke: flag, only: text, seed: text, "no-awsguard": flag, "install-awsguard": flag },
  ...{ "report-only": flag, "report-lines": text },
};
const ENGINE_FLAGS = { "large-runs": text, endpoints: text };

function flagsOf(argv: readonly string[]) {
  const options = { ...BENCH_FLAGS, ...ENGINE_FLAGS, engine: flag, runs: text, out: text };
  try {
    return parseArgs({ args: [...argv], options: { ...options, help: flag }, strict: true }).values;
  } catch (e) {
    throw new UsageError(errorText(e));
  }
}

/** Options from the command line and BENCH_SMOKE; a UsageError("help") for --help. */
export function parseOptions(
  argv: readonly string[],
  env = process.env,
): BenchOptions | EngineOptions {
  const v = flagsOf(argv);
  if (v.help) throw new UsageError("help");
  const stray = Object.keys(v.engine ? BENCH_FLAGS : ENGINE_FLAGS).find((k) => k in v);
  if (stray) throw new UsageError(`--${stray} ${v.engine ? "does not go with" : "needs"} --engine`);
  type Whole = "runs" | "seed" | "report-lines" | keyof typeof ENGINE_FLAGS;
  const int = (name: Whole, fallback: number, min = 1) => {
    const n = Number(v[name] ?? fallback);
    if (!Number.isInteger(n) || n < min)
      throw new UsageError(`--${name} must be a whole number >= ${min}`);
    return n;
  };
  const out = v.out === undefined ? undefined : path.resolve(v.out);
  if (v.engine) {
    const [runs, largeRuns, endpoints] = [
      int("runs", 5),
      int("large-runs", 2),
      int("endpoints", 1000),
    ];
    return { engine: true, runs, largeRuns, endpoints, out: out ?? ENGINE_RESULTS };
  }
  const smoke = v.smoke || env.BENCH_SMOKE === "1" || env.BENCH_SMOKE === "true";
  const only = v.only === undefined ? [...SECTIONS] : v.only.split(",");
  const bad = only.filter((x) => !(SECTIONS as readonly string[]).includes(x));
  if (bad.length)
    throw new UsageError(`--only: unknown ${bad.join(", ")}; sections: ${SECTIONS.join(", ")}`);
  return {
    engine: false,
    mode: smoke ? "smoke" : "full",
    runs: int("runs", smoke ? 1 : 5),
    warmup: !smoke,
    throughputResources: smoke ? 100 : 1_000,
    inFlight: 16,
    stackSizes: smoke ? [50, 500] : [1_000, 10_000],
    previewEndpoints: smoke ? [1, 2] : [10, 100, 1_000],
    seed: int("seed", 20261123, 0),
    only: only as SectionId[],
    awsguard: v["no-awsguard"]
      ? "skip"
      : v["install-awsguard"] || !smoke
        ? "install"
        : "if-installed",
    out: out ?? (smoke ? SMOKE_RESULTS : FULL_RESULTS),
    reportOnly: v["report-only"] === true,
    reportLines: v["report-lines"] === undefined ? undefined : int("report-lines", 1),
  };
}

const now = () => new Date().toISOString();

/** The results in `file` when it holds the documented shape. */
export function previous(file: string): Results | undefined {
  const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  return ResultsSchema.safeParse(text ? (JSON.parse(text) as unknown) : null).data;
}

type PerPack<T> = Record<
  PackId,
  T | { status: "unavailable" | "failed" | "skipped"; reason: string }
>;

function unavailable(p: Pack): { status: "unavailable"; reason: string } {
  return { status: "unavailable", reason: p.status === "unavailable" ? p.reason : "" };
}

/**
 * `runs` rounds over the ready packs (after `skip` unrecorded warm-up rounds), each pack measured
 * once a round (`rounds`) so drift on the machine hits all alike, then each pack's runs summarised.
 */
async function perPack<R, T>(
  {
    packs,
    runs,
    skip = 0,
    log,
  }: { packs: Readonly<Record<PackId, Pack>>; runs: number; skip?: number; log: Log },
  what: string,
  { run, summarise }: Measurement<R, T>,
): Promise<PerPack<T>> {
  const ready = PACK_IDS.map((id) => packs[id]).filter((p): p is ReadyPack => p.status === "ok");
  const done = await rounds(ready, runs + skip, run, {
    round: (n) => log(n > skip ? `${what} round ${n - skip}/${runs}` : `${what} warm-up`),
    failed: (p, error) => log(`${what}: ${PACK_LABELS[p.id]} failed: ${error}`),
  });
  const summary = (id: PackId, all: R[] | string | undefined) =>
    packs[id].status !== "ok"
      ? unavailable(packs[id])
      : typeof all === "string" || !all || all.length <= skip
        ? { status: "failed" as const, reason: typeof all === "string" ? all : "no run completed" }
        : summarise(all.slice(skip));
  const at = (id: PackId) => done[ready.findIndex((p) => p.id === id)];
  return Object.fromEntries(PACK_IDS.map((id) => [id, summary(id, at(id))])) as PerPack<T>;
}

type PerPackResults = Readonly<Record<PackId, { status: string }>>;
type GoalRow = readonly [id: string, description: string, value: number | null, target: string];

const okValue = (v: { status: string } | undefined, key: string): number | null => {
  const x = v?.status === "ok" ? (v as Record<string, unknown>)[key] : null;
  return typeof x === "number" ? x : null;
};

/** Whether a value meets a target such as "<= 1.25" or "< 1 (faster)". */
function meets(value: number, target: string): boolean {
  const [, op, limit] = /^([<>]=?) ([\d.]+)/.exec(target) ?? [];
  const x = Number(limit);
  return { "<=": value <= x, "<": value < x, ">=": value >= x, ">": value > x }[op ?? ""] ?? false;
}

/** The goals, evaluated on this run's figures (smoke sizes are too small to judge). */
export function evaluateGoals(r: Omit<Results, "goals">): Goal[] {
  const cs = "results" in r.coldStart ? r.coldStart.results : undefined;
  const tp = "results" in r.throughput ? r.throughput.results : undefined;
  const st = "results" in r.analyzeStack ? r.analyzeStack.results.outcomeguard : undefined;
  const pv = "results" in r.preview ? r.preview.results : undefined;
  const [sizes, ends] = [r.settings.stackSizes, r.settings.previewEndpoints];
  const n = (x: number | undefined) => formatNumber(x);
  /** OutcomeGuard over the floor and over AWSGuard in one section, from the medians. */
  const versus = (
    id: string,
    what: string,
    of: PerPackResults | undefined,
    key: string,
    targets: readonly [string, string],
  ): GoalRow[] =>
    (["empty", "awsguard"] as const).map((other, i) => [
      `${id}-vs-${other === "empty" ? "floor" : other}`,
      `${what}, OutcomeGuard / ${other === "empty" ? "empty pack" : PACK_LABELS[other]} (medians)`,
      ratio(okValue(of?.outcomeguard, key), okValue(of?.[other], key)),
      targets[i] ?? "",
    ]);
  const rows: GoalRow[] = [
    ...versus("cold-start", "Cold start", cs, "medianMs", ["<= 1.25", "< 1 (faster)"]),
    ...versus("throughput", "Analyze throughput", tp, "medianPerSecond", [">= 0.8", ">= 1"]),
    [
      "analyze-stack-scaling",
      `AnalyzeStack, OutcomeGuard, ${n(sizes.at(-1))} / ${n(sizes[0])} resources`,
      okValue(st, "ratio"),
      "<= 12",
    ],
    [
      "preview-scaling",
      `Offline preview, ${n(ends.at(-1))} / ${n(ends.at(-2))} endpoints`,
      okValue(pv, "ratio"),
      "<= 12",
    ],
  ];
  return rows.map(([id, description, value, target]) => ({
    ...{ id, description, value, target },
    met: value === null || r.mode !== "full" ? null : meets(value, target),
  }));
}

type Status = { status: string; reason?: string };
const why = (v: Status) => `${v.status}: ${v.reason ?? ""}`.slice(0, 90);
const mb = (v: number | null) => (v === null ? "-" : `${v} MB`);
const vs = (v: number, floor: number | null | undefined) =>
  floor ? `${(v / floor).toFixed(2)}x` : "-";

/** A table of one row per pack: its cells when measured, else why not. */
function perPackTable<T extends Status>(
  head: string[],
  results: Record<PackId, T | Status>,
  cells: (v: T) => string[],
): string {
  const rows = PACK_IDS.map((id) => {
    const v = results[id];
    return [PACK_LABELS[id], ...(v.status === "ok" ? cells(v as T) : [why(v)])];
  });
  return table([head, ...rows]) + "\n";
}

/** The printed report. */
export function renderReport(r: Results): string {
  const m = r.machine;
  const lines = [
    `OutcomeGuard bench (${r.mode}) ${r.startedAt}`,
    `${m.cpuModel}, ${m.cpus} CPUs, ${m.memoryGb} GB, ${m.os}, Node ${m.node}; load average ${m.loadAverageAtStart.join(" ")} at start, ${m.loadAverageAtEnd.join(" ")} at end\n`,
  ];
  const runs = (xs: number[]) => xs.map((x) => Math.round(x)).join(" ");
  if ("results" in r.coldStart) {
    const cs = r.coldStart.results;
    const floor = okValue(cs.empty, "medianMs");
    const head = ["cold start to port", "median", "cpu", "runs", "peak RSS", "vs floor"];
    lines.push(
      perPackTable(head, cs, (v: ColdStart) => [
        formatMs(v.medianMs),
        formatMs(v.medianCpuMs),
        runs(v.runsMs),
        mb(v.medianPeakRssMb),
        vs(v.medianMs, floor),
      ]),
    );
  }
  if ("results" in r.throughput) {
    const tp = r.throughput.results;
    const floor = okValue(tp.empty, "medianPerSecond");
    const { throughputResources: n, inFlight } = r.settings;
    const head = [`Analyze, ${n} resources, ${inFlight} in flight`, "req/s", "p50", "p99"];
    lines.push(
      perPackTable([...head, "pack CPU/req", "runs", "vs floor"], tp, (v: Throughput) => [
        formatNumber(v.medianPerSecond),
        `${v.p50LatencyMs} ms`,
        `${v.p99LatencyMs} ms`,
        v.packCpuUsPerRequest === null ? "-" : `${v.packCpuUsPerRequest} us`,
        v.runsPerSecond.join(" "),
        vs(v.medianPerSecond, floor),
      ]),
    );
  }
  if ("results" in r.analyzeStack) {
    const head = ["AnalyzeStack", ...r.settings.stackSizes.map((n) => `${formatNumber(n)} res.`)];
    lines.push(
      perPackTable([...head, "ratio"], r.analyzeStack.results, (v: AnalyzeStack) => [
        ...v.sizes.map((s) => formatMs(s.medianMs)),
        v.ratio === null ? "-" : `${v.ratio}x`,
      ]),
    );
  }
  if ("results" in r.preview) {
    const pv = r.preview.results;
    if (pv.status !== "ok") lines.push(`Offline preview: ${why(pv)}\n`);
    else {
      const rows = pv.sizes.map((s) => [
        `${formatNumber(s.endpoints)} endpoints`,
        ...(s.status === "ok"
          ? [formatNumber(s.resources), formatMs(s.medianMs), runs(s.runsMs)]
          : [why(s)]),
      ]);
      const head = ["offline preview (OutcomeGuard)", "resources", "median", "runs"];
      lines.push(table([head, ...rows]), `ratio of the two largest: ${pv.ratio ?? "-"}x\n`);
    }
  }
  const verdict = (g: Goal) =>
    g.met === null ? (g.value === null ? "not measured" : "not judged") : g.met ? "yes" : "NO";
  const goals = r.goals.map((g) => [g.description, String(g.value ?? "-"), g.target, verdict(g)]);
  lines.push(table([["goal", "value", "target", "met"], ...goals]));
  return lines.join("\n");
}

export const loadAverage = (): number[] => os.loadavg().map((x) => round(x, 2));

/** The machine a run was measured on, with its load average at the start and now. */
export function machine(loadAverageAtStart: number[]): Results["machine"] {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    cpus: cpus.length || 1,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.versions.node,
    loadAverageAtStart,
    loadAverageAtEnd: loadAverage(),
  };
}

/** A measurement, or why it failed (logged). */
async function attempt<T>(what: string, log: Log, measure: () => Promise<T>) {
  try {
    return await measure();
  } catch (e) {
    log(`${what} failed: ${errorText(e)}`);
    return { status: "failed" as const, reason: errorText(e) };
  }
}

export async function runBench(opts: BenchOptions, log: Log): Promise<Results> {
  const startedAt = now();
  const loadAverageAtStart = loadAverage();
  const prior = opts.only.length < SECTIONS.length ? previous(opts.out) : undefined;
  type Key = "coldStart" | "throughput" | "analyzeStack" | "preview";
  const section = async <K extends Key>(id: SectionId, key: K, measure: () => Promise<unknown>) =>
    (opts.only.includes(id)
      ? { measuredAt: now(), results: await measure() }
      : (prior?.[key] ?? { status: "skipped", reason: "not run (--only)" })) as Results[K];

  fs.mkdirSync(WORK_DIR, { recursive: true });
  const og = prepareOutcomeGuard();
  const packs: Record<PackId, Pack> = {
    outcomeguard: og,
    empty: prepareEmptyPack(og, log),
    awsguard:
      opts.awsguard === "skip"
        ? { id: "awsguard", status: "unavailable", reason: "skipped (--no-awsguard)" }
        : prepareAwsGuard({ install: opts.awsguard === "install" }, log),
  };
  for (const p of Object.values(packs)) if (p.status !== "ok") log(`${p.id}: ${p.reason}`);
  const { runs, inFlight, seed } = opts;

  const ctx = { packs, runs, log };
  const coldStart = await section("coldstart", "coldStart", () =>
    perPack({ ...ctx, skip: opts.warmup ? 1 : 0 }, "cold start", coldStartMeasure),
  );
  const throughput = await section("throughput", "throughput", () =>
    perPack(
      ctx,
      "throughput",
      throughputMeasure(mixedResources(opts.throughputResources, seed), inFlight),
    ),
  );
  const analyzeStack = await section("stack", "analyzeStack", () => {
    const stacks = opts.stackSizes.map((n) => mixedResources(n, seed + 1));
    return perPack(ctx, "AnalyzeStack", analyzeStackMeasure(stacks, mixedResources(100, seed + 2)));
  });
  const preview = await section("preview", "preview", async () => {
    if (og.status !== "ok") return unavailable(og);
    log(`preview: ${opts.previewEndpoints.join(", ")} endpoints`);
    return attempt("preview", log, () => measurePreview(og.dir, opts.previewEndpoints, runs, log));
  });

  const packInfo = (p: Pack) =>
    p.status === "ok" ? { ...p, dir: path.relative(REPO_ROOT, p.dir) || "." } : unavailable(p);
  const body = {
    schema: 1,
    mode: opts.mode,
    startedAt,
    finishedAt: now(),
    machine: machine(loadAverageAtStart),
    settings: ResultsSchema.shape.settings.parse(opts),
    packs: Object.fromEntries(PACK_IDS.map((id) => [id, packInfo(packs[id])])) as Results["packs"],
    coldStart,
    throughput,
    analyzeStack,
    preview,
  } satisfies Omit<Results, "goals">;
  return ResultsSchema.parse({ ...body, goals: evaluateGoals(body) });
}
