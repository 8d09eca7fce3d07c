/** Money: one rounding to cents and one formatter for every figure OutcomeGuard prints in USD. */

/** `n` rounded to whole cents (half away from zero, robust to binary fractions such as 1.005). */
export function roundCents(n: number): number {
  return Math.round((n + (n >= 0 ? Number.EPSILON : -Number.EPSILON)) * 100) / 100;
}

/**
 * How a USD figure is written:
 * - `prose` (default): `$1,234.5`, cents only where there are any (messages, assumptions);
 * - `cents`: `$1,234.50`, always two decimals (report notes);
 * - `plain`: `1,234.50`, no sign, always two decimals (report tables);
 * - `axis`: `$1,235`, whole dollars from $100 up, cents below (chart labels);
 * - `whole`: `$1,235`, always whole dollars (chart legends).
 */
export type MoneyStyle = "prose" | "cents" | "plain" | "axis" | "whole";

const FORMATS = {
  prose: new Intl.NumberFormat("en-US", { minimumFractionDigits: 0, maximumFractionDigits: 2 }),
  cents: new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  whole: new Intl.NumberFormat("en-US", { minimumFractionDigits: 0, maximumFractionDigits: 0 }),
} as const;

export function formatUsd(n: number, style: MoneyStyle = "prose"): string {
  switch (style) {
    case "prose":
      return `$${FORMATS.prose.format(n)}`;
    case "cents":
      return `$${FORMATS.cents.format(n)}`;
    case "plain":
      return FORMATS.cents.format(n);
    case "axis":
      return `$${(Math.abs(n) < 100 ? FORMATS.prose : FORMATS.whole).format(n)}`;
    case "whole":
      return `$${FORMATS.whole.format(n)}`;
  }
}
