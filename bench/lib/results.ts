/**
 * The shape of bench/results.json, as a zod schema: the bench validates what it writes, and the
 * CI smoke test validates what the smoke run wrote.
 */
import { z } from "zod";

const Unavailable = z.object({
  status: z.enum(["unavailable", "failed", "skipped"]),
  reason: z.string().min(1),
});

const nums = z.array(z.number());
const num = z.number();
const nullableNum = num.nullable();
const count = z.number().int().nonnegative();
const ok = <T extends z.ZodRawShape>(shape: T) => z.object({ status: z.literal("ok"), ...shape });

export const ColdStartSchema = ok({
  ...{ runsMs: nums.min(1), medianMs: num, cpuRunsMs: nums, medianCpuMs: nullableNum },
  ...{ peakRssMbRuns: nums, medianPeakRssMb: nullableNum },
});

export const ThroughputSchema = ok({
  ...{ resources: count, inFlight: count, runsPerSecond: nums.min(1), medianPerSecond: num },
  ...{ p50LatencyMs: num, p99LatencyMs: num, diagnosticsPerRun: count },
  ...{ packCpuUsPerRequest: nullableNum, medianPeakRssMb: nullableNum },
});

const Size = { runsMs: nums.min(1), medianMs: num, diagnostics: count };
export const AnalyzeStackSchema = ok({
  sizes: z.array(z.object({ resources: count, ...Size })).min(1),
  ...{ ratio: nullableNum, medianPeakRssMb: nullableNum },
});

const Failed = z.object({ status: z.literal("failed"), endpoints: count, reason: z.string() });
export const PreviewSchema = ok({
  packDir: z.string(),
  sizes: z.array(z.union([ok({ endpoints: count, resources: count, ...Size }), Failed])).min(1),
  ratio: nullableNum,
});

const perPack = <T extends z.ZodType>(ok: T) => {
  const one = z.union([ok, Unavailable]);
  return z.object({ outcomeguard: one, empty: one, awsguard: one });
};

const Section = <T extends z.ZodType>(body: T) =>
  z.union([
    z.object({ measuredAt: z.string(), results: body }),
    z.object({
      measuredAt: z.string().optional(),
      status: z.literal("skipped"),
      reason: z.string(),
    }),
  ]);

export const GoalSchema = z.object({
  ...{ id: z.string(), description: z.string(), value: nullableNum, target: z.string() },
  met: z.boolean().nullable(),
});

export const ResultsSchema = z.object({
  schema: z.literal(1),
  mode: z.enum(["full", "smoke"]),
  startedAt: z.string(),
  finishedAt: z.string(),
  machine: z.object({
    ...{ cpuModel: z.string(), cpus: count, memoryGb: num, os: z.string(), node: z.string() },
    ...{ loadAverageAtStart: nums, loadAverageAtEnd: nums },
  }),
  settings: z.object({
    ...{ runs: count, warmup: z.boolean(), throughputResources: count, inFlight: count },
    ...{ stackSizes: z.array(count), previewEndpoints: z.array(count), seed: z.number().int() },
  }),
  packs: perPack(
    ok({
      dir: z.string(),
      versions: z.record(z.string(), z.string()),
      note: z.string().optional(),
    }),
  ),
  coldStart: Section(perPack(ColdStartSchema)),
  throughput: Section(perPack(ThroughputSchema)),
  analyzeStack: Section(perPack(AnalyzeStackSchema)),
  preview: Section(z.union([PreviewSchema, Unavailable])),
  goals: z.array(GoalSchema),
});

const ReportRunSchema = z.object({
  ms: num,
  rssMb: num,
  ok: z.boolean(),
  error: z.string().optional(),
});
/** The report bench's figures, kept under `report` in the results file. */
export const ReportBenchSchema = z.object({
  ...{ lines: count, oldLines: count, runs: count },
  formats: z.record(
    z.string(),
    z.object({ report: ReportRunSchema, bare: ReportRunSchema, ratio: num, bytes: count }),
  ),
  old: z.object({ lines: count, csv: ReportRunSchema }).optional(),
  met: z.object({ ratio: z.boolean(), rss: z.boolean() }),
});

export type Results = z.infer<typeof ResultsSchema>;
export type ReportBenchResult = z.infer<typeof ReportBenchSchema>;
export type ReportRun = z.infer<typeof ReportRunSchema>;
export type Goal = z.infer<typeof GoalSchema>;
export type ColdStart = z.infer<typeof ColdStartSchema>;
export type Throughput = z.infer<typeof ThroughputSchema>;
export type AnalyzeStack = z.infer<typeof AnalyzeStackSchema>;
