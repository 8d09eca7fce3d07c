/**
 * Spend projection: what an endpoint is expected to cost from the tokens a team declares, and the
 * most it can possibly cost from the capacity it is given. Every figure carries its assumptions so a
 * report or a violation can show how it was reached.
 */
import {
  AZURE_CAPACITY,
  HOURS_PER_MONTH,
  MINUTES_PER_MONTH,
  priceOf,
  type Classification,
} from "./catalog";
import { formatCount, formatUsd, roundCents } from "./money";

export interface SpendProjection {
  /** USD per month. */
  readonly usd: number;
  readonly basis: "expected" | "maximum";
  readonly assumptions: readonly string[];
}

export interface NoProjection {
  readonly usd: undefined;
  readonly basis: "maximum";
  /** Why no figure can be given, and how to make one possible. */
  readonly reason: string;
  readonly assumptions: readonly string[];
}

function priceAssumption(model: Classification): string {
  const p = priceOf(model);
  const label = model.entry ? model.entry.name : `unrecognised model "${model.input}"`;
  return `${label}: ${formatUsd(p.inputPer1M)} input / ${formatUsd(p.outputPer1M)} output per 1M tokens (${p.source}, ${p.asOf})`;
}

/** Expected monthly spend from declared monthly token volumes. */
export function projectExpectedSpend(
  model: Classification,
  tokens: { readonly inputTokensPerMonth: number; readonly outputTokensPerMonth: number },
): SpendProjection {
  const p = priceOf(model);
  const value =
    (tokens.inputTokensPerMonth * p.inputPer1M + tokens.outputTokensPerMonth * p.outputPer1M) / 1e6;
  return {
    usd: roundCents(value),
    basis: "expected",
    assumptions: [
      priceAssumption(model),
      `${formatCount(tokens.inputTokensPerMonth)} input and ${formatCount(tokens.outputTokensPerMonth)} output tokens per month, as declared`,
    ],
  };
}

export const AZURE_STANDARD_SKUS = [
  "Standard",
  "GlobalStandard",
  "DataZoneStandard",
  "GlobalBatch",
  "DataZoneBatch",
] as const;
export const AZURE_PROVISIONED_SKUS = [
  "ProvisionedManaged",
  "GlobalProvisionedManaged",
  "DataZoneProvisionedManaged",
] as const;
export type AzureStandardSku = (typeof AZURE_STANDARD_SKUS)[number];
export type AzureProvisionedSku = (typeof AZURE_PROVISIONED_SKUS)[number];

/** Declared capacity, by the kind of endpoint that has it. */
export type Capacity =
  | { readonly kind: "azure-standard"; readonly sku: AzureStandardSku; readonly capacity: number }
  | {
      readonly kind: "azure-provisioned";
      readonly sku: AzureProvisionedSku;
      readonly ptu: number;
      readonly reserved?: boolean;
    }
  | {
      readonly kind: "bedrock-provisioned";
      readonly modelUnits: number;
      readonly commitment?: string;
    }
  | { readonly kind: "sagemaker"; readonly instanceType: string; readonly instanceCount: number };

/**
 * On-demand hourly prices of common SageMaker inference instances (us-east-1, approximate list
 * prices; verify before relying on one). An instance type not listed cannot be projected.
 */
export const SAGEMAKER_HOURLY_USD: Readonly<Record<string, number>> = {
  "ml.g5.xlarge": 1.408,
  "ml.g5.2xlarge": 1.515,
  "ml.g5.12xlarge": 7.09,
  "ml.g5.48xlarge": 20.36,
  "ml.g6.xlarge": 1.167,
  "ml.g6.12xlarge": 6.532,
  "ml.p4d.24xlarge": 37.688,
  "ml.p5.48xlarge": 113.07,
  "ml.inf2.xlarge": 0.99,
  "ml.m5.xlarge": 0.23,
};

export function isProvisionedSku(sku: string): sku is AzureProvisionedSku {
  return (AZURE_PROVISIONED_SKUS as readonly string[]).includes(sku);
}
export function isStandardSku(sku: string): sku is AzureStandardSku {
  return (AZURE_STANDARD_SKUS as readonly string[]).includes(sku);
}

/**
 * The most an endpoint can cost in a month at its declared capacity, running flat out all month.
 * Rate-limited (pay-per-token) capacity is priced as if every token were an output token, the
 * dearest case; reserved and hourly capacity is priced per hour.
 */
export function projectMaxSpend(
  model: Classification,
  capacity: Capacity,
): SpendProjection | NoProjection {
  switch (capacity.kind) {
    case "azure-standard": {
      const p = priceOf(model);
      const tpm = capacity.capacity * AZURE_CAPACITY.tpmPerCapacityUnit;
      const tokens = tpm * MINUTES_PER_MONTH;
      const regional = !capacity.sku.startsWith("Global");
      const uplift = regional ? AZURE_CAPACITY.regionalUplift : 1;
      const value = (tokens * p.outputPer1M * uplift) / 1e6;
      return {
        usd: roundCents(value),
        basis: "maximum",
        assumptions: [
          `${capacity.sku} capacity ${capacity.capacity} = ${formatCount(tpm)} tokens per minute (1,000 TPM per unit)`,
          `running at the limit for ${formatCount(MINUTES_PER_MONTH)} minutes a month = ${formatCount(tokens)} tokens`,
          `every token priced at the output price, the dearest case`,
          priceAssumption(model),
          ...(regional
            ? [
                `regional/data-zone deployment: +${Math.round((AZURE_CAPACITY.regionalUplift - 1) * 100)}% over global`,
              ]
            : []),
        ],
      };
    }
    case "azure-provisioned": {
      const regional = capacity.sku !== "GlobalProvisionedManaged";
      const uplift = regional ? AZURE_CAPACITY.regionalUplift : 1;
      const monthly = capacity.reserved
        ? capacity.ptu * AZURE_CAPACITY.ptuMonthlyReservedUsd
        : capacity.ptu * AZURE_CAPACITY.ptuHourlyUsd * HOURS_PER_MONTH * uplift;
      return {
        usd: roundCents(monthly),
        basis: "maximum",
        assumptions: capacity.reserved
          ? [
              `${capacity.ptu} PTU reserved at ${formatUsd(AZURE_CAPACITY.ptuMonthlyReservedUsd)} per PTU-month`,
            ]
          : [
              `${capacity.ptu} PTU (${capacity.sku}) at ${formatUsd(AZURE_CAPACITY.ptuHourlyUsd)} per PTU-hour for ${HOURS_PER_MONTH} hours`,
              ...(regional
                ? [
                    `regional/data-zone deployment: +${Math.round((AZURE_CAPACITY.regionalUplift - 1) * 100)}% over global`,
                  ]
                : []),
            ],
      };
    }
    case "bedrock-provisioned": {
      const hourly = model.entry?.modelUnitHourlyUsd;
      if (hourly === undefined) {
        return {
          usd: undefined,
          basis: "maximum",
          reason: `no model-unit price for ${model.entry?.name ?? `"${model.input}"`} in the catalog; add a catalog override with modelUnitHourlyUsd`,
          assumptions: [
            `${capacity.modelUnits} model units, ${capacity.commitment ?? "no commitment"}`,
          ],
        };
      }
      return {
        usd: roundCents(capacity.modelUnits * hourly * HOURS_PER_MONTH),
        basis: "maximum",
        assumptions: [
          `${capacity.modelUnits} model units at ${formatUsd(hourly)} per unit-hour for ${HOURS_PER_MONTH} hours (${capacity.commitment ?? "no commitment"})`,
        ],
      };
    }
    case "sagemaker": {
      const hourly = SAGEMAKER_HOURLY_USD[capacity.instanceType];
      if (hourly === undefined) {
        return {
          usd: undefined,
          basis: "maximum",
          reason: `no hourly price for instance type "${capacity.instanceType}" in the catalog`,
          assumptions: [`${capacity.instanceCount} x ${capacity.instanceType}`],
        };
      }
      return {
        usd: roundCents(capacity.instanceCount * hourly * HOURS_PER_MONTH),
        basis: "maximum",
        assumptions: [
          `${capacity.instanceCount} x ${capacity.instanceType} at ${formatUsd(hourly)} per hour for ${HOURS_PER_MONTH} hours (approximate list price)`,
        ],
      };
    }
  }
}

/**
 * Token limits that keep a pay-per-token endpoint under its monthly ceiling: the monthly quota
 * (every token at the output price, the dearest case) and the tokens-per-minute rate that spreads
 * it over the month.
 */
export function tokenBudget(
  model: Classification,
  ceilingUsd: number,
): { monthlyTokens: number; tokensPerMinute: number; assumptions: string[] } {
  const p = priceOf(model);
  // Divide by the price per 1M (not by a per-token price, which is inexact in binary), and forgive
  // the last ulp, so 5000 / ($10 per 1M) is 500,000,000 and not 499,999,999.
  const monthlyTokens =
    p.outputPer1M > 0
      ? Math.floor(((ceilingUsd * 1e6) / p.outputPer1M) * (1 + 1e-12))
      : Number.MAX_SAFE_INTEGER;
  const tokensPerMinute = Math.max(1, Math.floor(monthlyTokens / MINUTES_PER_MONTH));
  return {
    monthlyTokens,
    tokensPerMinute,
    assumptions: [
      `ceiling ${formatUsd(ceilingUsd)} per month`,
      `every token priced at the output price, the dearest case`,
      priceAssumption(model),
    ],
  };
}
