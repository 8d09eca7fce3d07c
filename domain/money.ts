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

/**
 * A number as `Intl.NumberFormat("en-US", { minimumFractionDigits, maximumFractionDigits })`
 * writes it (thousands separated by commas, rounded half away from zero on its shortest decimal
 * form, as V8's ICU does), without ICU: the first number format or collator of a process costs
 * 8 to 25 ms of ICU start-up, which the policy pack would pay at every start. Forms JavaScript
 * writes with an exponent (from 1e21, below 1e-6), NaN and the infinities go to `Intl` itself.
 */
export function formatDecimal(
  n: number,
  minimumFractionDigits: number,
  maximumFractionDigits: number,
): string {
  const shortest = String(Math.abs(n));
  if (!Number.isFinite(n) || shortest.includes("e")) {
    return new Intl.NumberFormat("en-US", { minimumFractionDigits, maximumFractionDigits }).format(
      n,
    );
  }
  const [whole, fraction = ""] = shortest.split(".") as [string, string?];
  let digits = whole + fraction.slice(0, maximumFractionDigits).padEnd(maximumFractionDigits, "0");
  if ((fraction[maximumFractionDigits] ?? "0") >= "5") digits = incremented(digits);
  const intLength = digits.length - maximumFractionDigits;
  let frac = digits.slice(intLength);
  while (frac.length > minimumFractionDigits && frac.endsWith("0")) frac = frac.slice(0, -1);
  const sign = n < 0 || Object.is(n, -0) ? "-" : "";
  return `${sign}${grouped(digits.slice(0, intLength) || "0")}${frac ? `.${frac}` : ""}`;
}

/** A string of decimal digits plus one in its last place ("199" -> "200", "99" -> "100"). */
function incremented(digits: string): string {
  let i = digits.length - 1;
  while (i >= 0 && digits[i] === "9") i--;
  if (i < 0) return `1${"0".repeat(digits.length)}`;
  return digits.slice(0, i) + String(Number(digits[i]) + 1) + "0".repeat(digits.length - i - 1);
}

/** Integer digits with a comma every three from the right. */
function grouped(int: string): string {
  const head = int.length % 3 || 3;
  let out = int.slice(0, head);
  for (let i = head; i < int.length; i += 3) out += `,${int.slice(i, i + 3)}`;
  return out;
}

/** A count as `n.toLocaleString("en-US")` writes it: "1,234,567" (up to three decimals). */
export function formatCount(n: number): string {
  return formatDecimal(n, 0, 3);
}

export function formatUsd(n: number, style: MoneyStyle = "prose"): string {
  switch (style) {
    case "prose":
      return `$${formatDecimal(n, 0, 2)}`;
    case "cents":
      return `$${formatDecimal(n, 2, 2)}`;
    case "plain":
      return formatDecimal(n, 2, 2);
    case "axis":
      return `$${Math.abs(n) < 100 ? formatDecimal(n, 0, 2) : formatDecimal(n, 0, 0)}`;
    case "whole":
      return `$${formatDecimal(n, 0, 0)}`;
  }
}
