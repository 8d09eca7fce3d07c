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
const nullableNum = z.number().nullable();

export const ColdStartSchema = z.object({
  status: z.literal("ok"),
  runsMs: nums.min(1),
  medianMs: z.number().positive(),
  cpuRunsMs: nums,
  medianCpuMs: nullableNum,
  peakRssMbRuns: nums,
  medianPeakRssMb: nullableNum,
});

export const ThroughputSchema = z.object({
  status: z.literal("ok"),
  resources: z.number().int().positive(),
  inFlight: z.number().int().positive(),
  runsPerSecond: nums.min(1),
  medianPerSecond: z.number().positive(),
  p50LatencyMs: z.number().nonnegative(),
  p99LatencyMs: z.number().nonnegative(),
  diagnosticsPerRun: z.number().int().nonnegative(),
  packCpuUsPerRequest: nullableNum,
  medianPeakRssMb: nullableNum,
});

export const AnalyzeStackSchema = z.object({
  status: z.literal("ok"),
  sizes: z
    .array(
      z.object({
        resources: z.number().int().positive(),
        runsMs: nums.min(1),
        medianMs: z.number().positive(),
        diagnostics: z.number().int().nonnegative(),
      }),
    )
    .min(1),
  ratio: nullableNum,
  medianPeakRssMb: nullableNum,
});

export const PreviewSchema = z.object({
  status: z.literal("ok"),
  packDir: z.string(),
  sizes: z
    .array(
      z.union([
        z.object({
          status: z.literal("ok"),
          endpoints: z.number().int().positive(),
          resources: z.number().int().positive(),
          diagnostics: z.number().int().nonnegative(),
          runsMs: nums.min(1),
          medianMs: z.number().positive(),
        }),
        z.object({
          status: z.literal("failed"),
          endpoints: z.number().int().positive(),
          reason: z.string(),
        }),
      ]),
    )
    .min(1),
  ratio: nullableNum,
});

const perPack = <T extends z.ZodType>(ok: T) =>
  z.object({
    outcomeguard: z.union([ok, Unavailable]),
    empty: z.union([ok, Unavailable]),
    awsguard: z.union([ok, Unavailable]),
  });

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
  id: z.string(),
  description: z.string(),
  value: z.number().nullable(),
  target: z.string(),
  met: z.boolean().nullable(),
});

export const ResultsSchema = z.object({
  schema: z.literal(1),
  mode: z.enum(["full", "smoke"]),
  startedAt: z.string(),
  finishedAt: z.string(),
  machine: z.object({
    cpuModel: z.string(),
    cpus: z.number().int().positive(),
    memoryGb: z.number().positive(),
    os: z.string(),
    node: z.string(),
    loadAverageAtStart: z.array(z.number()),
    loadAverageAtEnd: z.array(z.number()),
  }),
  settings: z.object({
    runs: z.number().int().positive(),
    warmup: z.boolean(),
    throughputResources: z.number().int().positive(),
    inFlight: z.number().int().positive(),
    stackSizes: z.array(z.number().int().positive()),
    previewEndpoints: z.array(z.number().int().positive()),
    seed: z.number().int(),
  }),
  packs: perPack(
    z.object({
      status: z.literal("ok"),
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

export type Results = z.infer<typeof ResultsSchema>;
export type Goal = z.infer<typeof GoalSchema>;
