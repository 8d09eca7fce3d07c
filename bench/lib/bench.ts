/**
 * The bench itself: options, the run over the three packs, the goals and the printed report. The
 * command line is bench/run.ts (`npm run bench`); method and figures in docs/PERFORMANCE.md.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { measureColdStarts } from "./coldstart";
import { measureAnalyzeStack, measureThroughput } from "./grpc-bench";
import {
  PACK_IDS,
  PACK_LABELS,
  prepareAwsGuard,
  prepareEmptyPack,
  prepareOutcomeGuard,
  REPO_ROOT,
  WORK_DIR,
  type Pack,
  type PackId,
  type ReadyPack,
} from "./packs";
import { measurePreview } from "./preview-bench";
import { ResultsSchema, type Goal, type Results } from "./results";
import { formatMs, formatNumber, ratio, table } from "./stats";
import { mixedResources } from "./workload";

export const SECTIONS = ["coldstart", "throughput", "stack", "preview"] as const;
export type SectionId = (typeof SECTIONS)[number];

export interface BenchOptions {
  readonly mode: "full" | "smoke";
  readonly runs: number;
  readonly warmup: boolean;
  readonly throughputResources: number;
  readonly inFlight: number;
  readonly stackSizes: number[];
  readonly previewEndpoints: number[];
  readonly seed: number;
  readonly only: readonly SectionId[];
  readonly awsguard: "install" | "if-installed" | "skip";
  readonly out: string;
}

export const FULL_RESULTS = path.join(REPO_ROOT, "bench", "results.json");
export const SMOKE_RESULTS = path.join(WORK_DIR, "results-smoke.json");

export class UsageError extends Error {}

const FLAGS = ["smoke", "only", "runs", "seed", "out", "no-awsguard", "install-awsguard", "help"];

/** Options from the command line and BENCH_SMOKE. */
export function parseOptions(argv: readonly string[], env = process.env): BenchOptions {
  const flags = new Map<string, string | true>();
  for (const a of argv) {
    const m = /^--([a-z-]+)(?:=(.+))?$/.exec(a);
    if (!m?.[1] || !FLAGS.includes(m[1])) {
      throw new UsageError(`unknown argument "${a}"; options: --${FLAGS.join(", --")}`);
    }
    flags.set(m[1], m[2] ?? true);
  }
  if (flags.has("help")) throw new UsageError("help");
  const smoke = flags.has("smoke") || env.BENCH_SMOKE === "1" || env.BENCH_SMOKE === "true";
  const int = (name: string, fallback: number, min: number): number => {
    const n = Number(flags.get(name) ?? fallback);
    if (!Number.isInteger(n) || n < min)
      throw new UsageError(`--${name} must be a whole number >= ${min}`);
    return n;
  };
  const list = flags.get("only");
  const only = list === undefined ? [...SECTIONS] : String(list).split(",");
  const bad = only.filter((x) => !(SECTIONS as readonly string[]).includes(x));
  if (bad.length)
    throw new UsageError(`--only: unknown ${bad.join(", ")}; sections: ${SECTIONS.join(", ")}`);
  const out = flags.get("out");
  return {
    mode: smoke ? "smoke" : "full",
    runs: int("runs", smoke ? 1 : 5, 1),
    warmup: !smoke,
    throughputResources: smoke ? 100 : 1_000,
    inFlight: 16,
    stackSizes: smoke ? [50, 500] : [1_000, 10_000],
    previewEndpoints: smoke ? [1, 2] : [10, 100, 1_000],
    seed: int("seed", 20261123, 0),
    only: only as SectionId[],
    awsguard: flags.has("no-awsguard")
      ? "skip"
      : flags.has("install-awsguard") || !smoke
        ? "install"
        : "if-installed",
    out: typeof out === "string" ? path.resolve(out) : smoke ? SMOKE_RESULTS : FULL_RESULTS,
  };
}

type Log = (line: string) => void;

const now = () => new Date().toISOString();
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

function previous(file: string): Results | undefined {
  if (!fs.existsSync(file)) return undefined;
  try {
    const parsed = ResultsSchema.safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

type PerPack<T> = Record<
  PackId,
  T | { status: "unavailable" | "failed" | "skipped"; reason: string }
>;

function unavailable(p: Pack): { status: "unavailable"; reason: string } {
  return { status: "unavailable", reason: p.status === "unavailable" ? p.reason : "" };
}

async function perPack<T>(
  packs: Readonly<Record<PackId, Pack>>,
  measure: (p: ReadyPack) => Promise<T>,
  log: Log,
  what: string,
): Promise<PerPack<T>> {
  const out = {} as PerPack<T>;
  for (const id of PACK_IDS) {
    const p = packs[id];
    if (p.status !== "ok") {
      out[id] = unavailable(p);
      continue;
    }
    log(`${what}: ${PACK_LABELS[id]}`);
    try {
      out[id] = await measure(p);
    } catch (e) {
      out[id] = { status: "failed", reason: errorText(e) };
      log(`${what}: ${PACK_LABELS[id]} failed: ${errorText(e)}`);
    }
  }
  return out;
}

const okValue = (v: { status: string } | undefined, key: string): number | null => {
  const x = v?.status === "ok" ? (v as Record<string, unknown>)[key] : null;
  return typeof x === "number" ? x : null;
};

/** The goals, evaluated on this run's figures (smoke sizes are too small to judge). */
export function evaluateGoals(r: Omit<Results, "goals">): Goal[] {
  const cs = "results" in r.coldStart ? r.coldStart.results : undefined;
  const tp = "results" in r.throughput ? r.throughput.results : undefined;
  const st = "results" in r.analyzeStack ? r.analyzeStack.results.outcomeguard : undefined;
  const pv = "results" in r.preview ? r.preview.results : undefined;
  const csOf = (id: PackId) => okValue(cs?.[id], "medianMs");
  const tpOf = (id: PackId) => okValue(tp?.[id], "medianPerSecond");
  const [sizes, ends] = [r.settings.stackSizes, r.settings.previewEndpoints];
  const n = (x: number | undefined) => formatNumber(x);
  const rows: [string, string, number | null, string, (v: number) => boolean][] = [
    [
      "cold-start-vs-floor",
      "Cold start, OutcomeGuard / empty pack (medians)",
      ratio(csOf("outcomeguard"), csOf("empty")),
      "<= 1.25",
      (v) => v <= 1.25,
    ],
    [
      "cold-start-vs-awsguard",
      "Cold start, OutcomeGuard / AWSGuard (medians)",
      ratio(csOf("outcomeguard"), csOf("awsguard")),
      "< 1 (faster)",
      (v) => v < 1,
    ],
    [
      "throughput-vs-floor",
      "Analyze throughput, OutcomeGuard / empty pack (medians)",
      ratio(tpOf("outcomeguard"), tpOf("empty")),
      ">= 0.8",
      (v) => v >= 0.8,
    ],
    [
      "throughput-vs-awsguard",
      "Analyze throughput, OutcomeGuard / AWSGuard (medians)",
      ratio(tpOf("outcomeguard"), tpOf("awsguard")),
      ">= 1",
      (v) => v >= 1,
    ],
    [
      "analyze-stack-scaling",
      `AnalyzeStack, OutcomeGuard, ${n(sizes.at(-1))} / ${n(sizes[0])} resources`,
      okValue(st, "ratio"),
      "<= 12",
      (v) => v <= 12,
    ],
    [
      "preview-scaling",
      `Offline preview, ${n(ends.at(-1))} / ${n(ends.at(-2))} endpoints`,
      okValue(pv, "ratio"),
      "<= 12",
      (v) => v <= 12,
    ],
  ];
  return rows.map(([id, description, value, target, ok]) => ({
    id,
    description,
    value,
    target,
    met: value === null || r.mode !== "full" ? null : ok(value),
  }));
}

/** The printed report. */
export function renderReport(r: Results): string {
  const lines: string[] = [];
  const m = r.machine;
  lines.push(
    `OutcomeGuard bench (${r.mode}) ${r.startedAt}`,
    `${m.cpuModel}, ${m.cpus} CPUs, ${m.memoryGb} GB, ${m.os}, Node ${m.node}; load average ${m.loadAverageAtStart.join(" ")} at start, ${m.loadAverageAtEnd.join(" ")} at end`,
    "",
  );
  const label = (id: PackId) => PACK_LABELS[id];
  const why = (v: { status: string; reason?: string }) =>
    `${v.status}: ${v.reason ?? ""}`.slice(0, 90);

  if ("results" in r.coldStart) {
    const cs = r.coldStart.results;
    const floor = cs.empty.status === "ok" ? cs.empty.medianMs : null;
    const rows = [["cold start to port", "median", "cpu", "runs", "peak RSS", "vs floor"]];
    for (const id of PACK_IDS) {
      const v = cs[id];
      if (v.status !== "ok") rows.push([label(id), why(v), "", "", "", ""]);
      else
        rows.push([
          label(id),
          formatMs(v.medianMs),
          formatMs(v.medianCpuMs),
          v.runsMs.map((x) => Math.round(x)).join(" "),
          v.medianPeakRssMb === null ? "-" : `${v.medianPeakRssMb} MB`,
          floor ? `${(v.medianMs / floor).toFixed(2)}x` : "-",
        ]);
    }
    lines.push(table(rows), "");
  }
  if ("results" in r.throughput) {
    const tp = r.throughput.results;
    const floor = tp.empty.status === "ok" ? tp.empty.medianPerSecond : null;
    const rows = [
      [
        `Analyze, ${r.settings.throughputResources} resources, ${r.settings.inFlight} in flight`,
        "req/s",
        "p50",
        "p99",
        "pack CPU/req",
        "runs",
        "vs floor",
      ],
    ];
    for (const id of PACK_IDS) {
      const v = tp[id];
      if (v.status !== "ok") rows.push([label(id), why(v), "", "", "", "", ""]);
      else
        rows.push([
          label(id),
          formatNumber(v.medianPerSecond),
          `${v.p50LatencyMs} ms`,
          `${v.p99LatencyMs} ms`,
          v.packCpuUsPerRequest === null ? "-" : `${v.packCpuUsPerRequest} us`,
          v.runsPerSecond.join(" "),
          floor ? `${(v.medianPerSecond / floor).toFixed(2)}x` : "-",
        ]);
    }
    lines.push(table(rows), "");
  }
  if ("results" in r.analyzeStack) {
    const st = r.analyzeStack.results;
    const sizes = r.settings.stackSizes;
    const rows = [["AnalyzeStack", ...sizes.map((n) => `${formatNumber(n)} res.`), "ratio"]];
    for (const id of PACK_IDS) {
      const v = st[id];
      if (v.status !== "ok") rows.push([label(id), why(v), ...sizes.slice(1).map(() => ""), ""]);
      else
        rows.push([
          label(id),
          ...v.sizes.map((s) => formatMs(s.medianMs)),
          v.ratio === null ? "-" : `${v.ratio}x`,
        ]);
    }
    lines.push(table(rows), "");
  }
  if ("results" in r.preview) {
    const pv = r.preview.results;
    if (pv.status !== "ok") lines.push(`Offline preview: ${why(pv)}`, "");
    else {
      const rows = [["offline preview (OutcomeGuard)", "resources", "median", "runs"]];
      for (const s of pv.sizes) {
        if (s.status !== "ok") {
          rows.push([`${formatNumber(s.endpoints)} endpoints`, why(s), "", ""]);
          continue;
        }
        rows.push([
          `${formatNumber(s.endpoints)} endpoints`,
          formatNumber(s.resources),
          formatMs(s.medianMs),
          s.runsMs.map((x) => Math.round(x)).join(" "),
        ]);
      }
      lines.push(table(rows), `ratio of the two largest: ${pv.ratio ?? "-"}x`, "");
    }
  }
  const rows = [["goal", "value", "target", "met"]];
  for (const g of r.goals) {
    rows.push([
      g.description,
      g.value === null ? "-" : String(g.value),
      g.target,
      g.met === null ? (g.value === null ? "not measured" : "not judged") : g.met ? "yes" : "NO",
    ]);
  }
  lines.push(table(rows));
  return lines.join("\n");
}

function machine(loadAverageAtStart: number[]): Results["machine"] {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    cpus: cpus.length || 1,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.versions.node,
    loadAverageAtStart,
    loadAverageAtEnd: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

export async function runBench(opts: BenchOptions, log: Log): Promise<Results> {
  const startedAt = now();
  const loadAtStart = os.loadavg().map((x) => Math.round(x * 100) / 100);
  const prior = opts.only.length < SECTIONS.length ? previous(opts.out) : undefined;
  const wants = (s: SectionId) => opts.only.includes(s);
  const skipped = (reason: string) => ({ status: "skipped" as const, reason });
  const keep = <K extends "coldStart" | "throughput" | "analyzeStack" | "preview">(k: K) =>
    (prior?.[k] ?? skipped("not run (--only)")) as Results[K];

  fs.mkdirSync(WORK_DIR, { recursive: true });
  const og = prepareOutcomeGuard(log);
  const packs: Record<PackId, Pack> = {
    outcomeguard: og,
    empty: prepareEmptyPack(og, log),
    awsguard:
      opts.awsguard === "skip"
        ? { id: "awsguard", status: "unavailable", reason: "skipped (--no-awsguard)" }
        : prepareAwsGuard({ install: opts.awsguard === "install" }, log),
  };
  for (const id of PACK_IDS) {
    const p = packs[id];
    if (p.status !== "ok") log(`${PACK_LABELS[id]}: ${p.reason}`);
  }
  const ready = PACK_IDS.map((id) => packs[id]).filter((p): p is ReadyPack => p.status === "ok");

  let coldStart: Results["coldStart"] = keep("coldStart");
  if (wants("coldstart")) {
    const measured = await measureColdStarts(ready, opts.runs, opts.warmup, log);
    const results = {} as Record<PackId, unknown>;
    for (const id of PACK_IDS) {
      const p = packs[id];
      results[id] = p.status === "ok" ? measured.get(id) : unavailable(p);
    }
    coldStart = { measuredAt: now(), results } as Results["coldStart"];
  }

  let throughput: Results["throughput"] = keep("throughput");
  if (wants("throughput")) {
    const resources = mixedResources(opts.throughputResources, opts.seed);
    const results = await perPack(
      packs,
      (p) => measureThroughput(p, resources, { runs: opts.runs, inFlight: opts.inFlight }),
      log,
      "throughput",
    );
    throughput = { measuredAt: now(), results } as Results["throughput"];
  }

  let analyzeStack: Results["analyzeStack"] = keep("analyzeStack");
  if (wants("stack")) {
    const stacks = opts.stackSizes.map((n) => mixedResources(n, opts.seed + 1));
    const warmup = mixedResources(100, opts.seed + 2);
    const results = await perPack(
      packs,
      (p) => measureAnalyzeStack(p, stacks, { runs: opts.runs, warmup }),
      log,
      "AnalyzeStack",
    );
    analyzeStack = { measuredAt: now(), results } as Results["analyzeStack"];
  }

  let preview: Results["preview"] = keep("preview");
  if (wants("preview")) {
    if (og.status !== "ok") {
      preview = { measuredAt: now(), results: unavailable(og) };
    } else {
      log(`preview: ${opts.previewEndpoints.join(", ")} endpoints`);
      try {
        const results = await measurePreview(og.dir, opts.previewEndpoints, opts.runs, log);
        preview = { measuredAt: now(), results };
      } catch (e) {
        preview = { measuredAt: now(), results: { status: "failed", reason: errorText(e) } };
        log(`preview failed: ${errorText(e)}`);
      }
    }
  }

  const body: Omit<Results, "goals"> = {
    schema: 1,
    mode: opts.mode,
    startedAt,
    finishedAt: now(),
    machine: machine(loadAtStart),
    settings: {
      runs: opts.runs,
      warmup: opts.warmup,
      throughputResources: opts.throughputResources,
      inFlight: opts.inFlight,
      stackSizes: opts.stackSizes,
      previewEndpoints: opts.previewEndpoints,
      seed: opts.seed,
    },
    packs: Object.fromEntries(
      PACK_IDS.map((id) => {
        const p = packs[id];
        return [
          id,
          p.status === "ok"
            ? {
                status: "ok",
                dir: path.relative(REPO_ROOT, p.dir) || ".",
                versions: p.versions,
                ...(p.note ? { note: p.note } : {}),
              }
            : unavailable(p),
        ];
      }),
    ) as Results["packs"],
    coldStart,
    throughput,
    analyzeStack,
    preview,
  };
  return ResultsSchema.parse({ ...body, goals: evaluateGoals(body) });
}
