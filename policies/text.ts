/**
 * The domain's facts as the policies' prose names them: default tag keys, lists and limits,
 * interpolated so that no policy text spells out a number or a list the domain owns.
 */
import { TIERS } from "../domain/catalog";
import { DEFAULT_MAX_CEILING_USD } from "../domain/governance";
import { tagKeys } from "../domain/tags";

/** The tag keys under the default prefix (`ai-team`, `ai-outcome`, ...). */
export const K = tagKeys();

/** "a, b or c" */
export function either(items: readonly string[], conjunction = "or"): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${conjunction} ${items[items.length - 1]}`;
}

/** "25000 premium, 10000 standard, 5000 economy": the default ceiling maxima, as config writes them. */
export const DEFAULT_MAXIMA = TIERS.map((t) => `${DEFAULT_MAX_CEILING_USD[t]} ${t}`).join(", ");
