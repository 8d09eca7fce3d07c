/**
 * Cost-allocation tags: the keys finance relies on, each cloud's rules for them, and an encoder
 * that turns free text (an outcome statement) into a value both clouds accept.
 */

/** Stable names of the tags, without prefix. Finance groups the bill by these; never rename. */
export const TAG_NAMES = {
  team: "team",
  outcome: "outcome",
  outcomeStatement: "outcome-statement",
  kpi: "kpi",
  costCeilingUsd: "cost-ceiling-usd",
  modelTier: "model-tier",
  costCenter: "cost-center",
  reviewBy: "review-by",
  /** Governance tags read by the policy pack: the declared task class and hard stop. */
  taskClass: "task-class",
  hardStop: "hard-stop",
} as const;

/** The cost-allocation tags finance activates and groups the bill by. */
export const COST_ALLOCATION_FIELDS = [
  "team",
  "outcome",
  "outcomeStatement",
  "kpi",
  "costCeilingUsd",
  "modelTier",
  "costCenter",
  "reviewBy",
] as const satisfies readonly TagField[];

export type TagField = keyof typeof TAG_NAMES;
export type TagKeys = { readonly [F in TagField]: string };

export const DEFAULT_TAG_PREFIX = "ai-";
export const TAG_PREFIX_PATTERN = /^[a-z][a-z0-9]*(?:[-_.:][a-z0-9]+)*[-_.:]?$/;

/** The full tag keys for a prefix (default `ai-`): `{team: "ai-team", ...}`. */
export function tagKeys(prefix: string = DEFAULT_TAG_PREFIX): TagKeys {
  const problem = tagPrefixProblem(prefix);
  if (problem) throw new RangeError(problem);
  const keys = {} as Record<TagField, string>;
  for (const [field, name] of Object.entries(TAG_NAMES) as [TagField, string][]) {
    keys[field] = `${prefix}${name}`;
  }
  return keys;
}

/** Why a prefix cannot be used for tag keys on both clouds, or undefined if it can. */
export function tagPrefixProblem(prefix: string): string | undefined {
  if (prefix.length > 64) return `tag prefix "${prefix}" is longer than 64 characters`;
  if (prefix.toLowerCase().startsWith("aws:"))
    return `tag prefix "${prefix}" uses the reserved "aws:" prefix`;
  if (!TAG_PREFIX_PATTERN.test(prefix)) {
    return `tag prefix "${prefix}" must be lowercase letters and digits, optionally separated or ended by - _ . or : (e.g. "ai-" or "acme:ai-")`;
  }
  return undefined;
}

export type Cloud = "aws" | "azure";
/** Clouds whose tag rules the pack knows: GCP resources carry labels. */
export type TagCloud = Cloud | "gcp";

export interface TagIssue {
  /** The tag key the issue is about (or "*" for the whole set). */
  readonly key: string;
  readonly problem: string;
}

export const TAG_LIMITS = {
  aws: { maxTags: 50, maxKeyLength: 128, maxValueLength: 256 },
  azure: { maxTags: 50, maxKeyLength: 512, maxValueLength: 256 },
  gcp: { maxTags: 64, maxKeyLength: 63, maxValueLength: 63 },
} as const;

/** AWS: letters, digits, spaces and `+ - = . _ : / @` in keys and values. */
const AWS_TAG_CHARS = /^[\p{L}\p{N}\p{Zs}+\-=._:/@]*$/u;
/** Azure: tag names may not contain `< > % & \ ? /`. */
const AZURE_FORBIDDEN_NAME_CHARS = /[<>%&\\?/]/;

/** GCP labels: lowercase letters, digits, `_` and `-`; a key starts with a letter. */
const GCP_LABEL_VALUE = /^[a-z0-9_-]*$/;
const GCP_LABEL_KEY = /^[a-z][a-z0-9_-]*$/;

export const AWS_ALLOWED_DESCRIPTION = "letters, digits, spaces and + - = . _ : / @";
export const GCP_ALLOWED_DESCRIPTION = "lowercase letters, digits, _ and -";
export const AZURE_FORBIDDEN_DESCRIPTION = "< > % & \\ ? /";

/** Every reason a tag set is not valid on the cloud; empty when it is. */
export function validateTags(cloud: TagCloud, tags: Readonly<Record<string, string>>): TagIssue[] {
  const limits = TAG_LIMITS[cloud];
  const issues: TagIssue[] = [];
  const entries = Object.entries(tags);
  if (entries.length > limits.maxTags) {
    issues.push({
      key: "*",
      problem: `${entries.length} tags; ${cloud} allows at most ${limits.maxTags}`,
    });
  }
  const seenLower = new Map<string, string>();
  for (const [key, value] of entries) {
    if (key.length === 0 || key.length > limits.maxKeyLength) {
      issues.push({ key, problem: `key must be 1-${limits.maxKeyLength} characters on ${cloud}` });
    }
    if (typeof value !== "string") {
      issues.push({
        key,
        problem: `value must be a string, got ${value === null ? "null" : typeof value}`,
      });
      continue;
    }
    if (value.length > limits.maxValueLength) {
      issues.push({
        key,
        problem: `value is ${value.length} characters; ${cloud} allows ${limits.maxValueLength}`,
      });
    }
    if (cloud === "gcp") {
      if (!GCP_LABEL_KEY.test(key)) {
        issues.push({
          key,
          problem: `label key may contain only ${GCP_ALLOWED_DESCRIPTION}, starting with a letter`,
        });
      }
      if (!GCP_LABEL_VALUE.test(value)) {
        issues.push({ key, problem: `label value may contain only ${GCP_ALLOWED_DESCRIPTION}` });
      }
    } else if (cloud === "aws") {
      if (!AWS_TAG_CHARS.test(key))
        issues.push({ key, problem: `key may contain only ${AWS_ALLOWED_DESCRIPTION}` });
      if (key.toLowerCase().startsWith("aws:"))
        issues.push({ key, problem: `key uses the reserved "aws:" prefix` });
      if (!AWS_TAG_CHARS.test(value)) {
        issues.push({ key, problem: `value may contain only ${AWS_ALLOWED_DESCRIPTION}` });
      }
    } else {
      if (AZURE_FORBIDDEN_NAME_CHARS.test(key)) {
        issues.push({ key, problem: `name may not contain ${AZURE_FORBIDDEN_DESCRIPTION}` });
      }
      const lower = key.toLowerCase();
      const twin = seenLower.get(lower);
      if (twin !== undefined) {
        issues.push({
          key,
          problem: `Azure tag names are case-insensitive: "${key}" collides with "${twin}"`,
        });
      }
      seenLower.set(lower, key);
    }
  }
  return issues;
}

export class TagEncodingError extends Error {
  override readonly name = "TagEncodingError";
}

/** Characters that carry meaning and are spelled out rather than dropped. */
const SPELLED: ReadonlyArray<readonly [RegExp, string]> = [
  [/(\d)\s*%/g, "$1 percent"],
  [/%/g, " percent "],
  [/&/g, " and "],
  [/\$\s*(\d)/g, "USD $1"],
  [/\$/g, " USD "],
  [/€\s*(\d)/g, "EUR $1"],
  [/€/g, " EUR "],
  [/£\s*(\d)/g, "GBP $1"],
  [/£/g, " GBP "],
  [/#\s*(\d)/g, "number $1"],
  [/</g, " less than "],
  [/>/g, " more than "],
  [/~/g, " about "],
  [/[\u2010-\u2015\u2212]/g, "-"],
  [/\u00d7/g, " x "],
];

/**
 * Encode free text as a tag value valid on AWS and Azure. Meaningful symbols are spelled out
 * (`40%` becomes `40 percent`, `&` becomes `and`, `$5` becomes `USD 5`); commas, quotes and other
 * punctuation are dropped; white space is folded. Throws {@link TagEncodingError} rather than
 * truncating or dropping something that carries meaning (a symbol it cannot spell, a value too long).
 */
export function encodeTagValue(
  text: string,
  maxLength: number = TAG_LIMITS.aws.maxValueLength,
): string {
  let out = text.normalize("NFC");
  // Thousands separators go before commas in general, so "5,000" stays one number.
  out = out.replace(/(\d),(?=\d{3}\b)/g, "$1");
  for (const [pattern, replacement] of SPELLED) out = out.replace(pattern, replacement);
  let result = "";
  for (const ch of out) {
    if (/[\p{L}\p{N}+\-=._:/@]/u.test(ch)) {
      result += ch;
    } else if (/[\s\p{Zs}]/u.test(ch)) {
      result += " ";
    } else if (/[\p{P}]/u.test(ch)) {
      // Commas, quotes, brackets, ?!;: punctuation carries no meaning a reader of a bill needs.
      result += " ";
    } else if (/[\p{M}]/u.test(ch)) {
      // A combining mark that survived NFC: AWS rejects it, and dropping it keeps the letter.
      continue;
    } else {
      throw new TagEncodingError(
        `cannot encode ${JSON.stringify(ch)} (U+${ch.codePointAt(0)?.toString(16).toUpperCase().padStart(4, "0")}) in a tag value: ` +
          `tags allow ${AWS_ALLOWED_DESCRIPTION}; write it out in words`,
      );
    }
  }
  result = result.replace(/ +/g, " ").trim();
  if (result.length > maxLength) {
    throw new TagEncodingError(
      `text is ${result.length} characters once encoded; tag values allow ${maxLength}. ` +
        `Shorten it rather than have it cut: "${result.slice(0, 60)}..."`,
    );
  }
  return result;
}

/**
 * Encode free text as a GCP label value: {@link encodeTagValue}'s spelling of symbols, then lower
 * case, words joined by `_`, anything else dropped (`Cut time by 40%` becomes `cut_time_by_40_percent`).
 * Throws {@link TagEncodingError} rather than truncate, or when a letter has no ASCII form.
 */
export function encodeLabelValue(
  text: string,
  maxLength: number = TAG_LIMITS.gcp.maxValueLength,
): string {
  const spelled = encodeTagValue(text, Number.MAX_SAFE_INTEGER)
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase();
  let result = "";
  for (const ch of spelled) {
    if (/[a-z0-9_-]/.test(ch)) result += ch;
    else if (ch === " " || /[+=.:/@]/.test(ch)) result += "_";
    else {
      throw new TagEncodingError(
        `cannot encode ${JSON.stringify(ch)} in a GCP label: labels allow ${GCP_ALLOWED_DESCRIPTION}; write it out in ASCII words`,
      );
    }
  }
  result = result.replace(/_+/g, "_").replace(/^_|_$/g, "");
  if (result.length > maxLength) {
    throw new TagEncodingError(
      `text is ${result.length} characters as a label; GCP labels allow ${maxLength}. Shorten it rather than have it cut: "${result.slice(0, 40)}..."`,
    );
  }
  return result;
}

/** A label-encoded text read back as words (`cut_time_by_40_percent` is `cut time by 40 percent`). */
export function decodeLabelValue(value: string): string {
  return value.includes(" ") ? value : value.replace(/_/g, " ");
}

/** A cost ceiling as finance reads it in a tag: a positive number in digits, e.g. `5000` or `1250.50`. */
export const CEILING_TAG_PATTERN = /^(?:0|[1-9]\d*)(?:\.\d{1,2})?$/;

export function formatCeilingTag(usd: number): string {
  if (!Number.isFinite(usd) || usd <= 0)
    throw new RangeError(`cost ceiling must be a positive number, got ${usd}`);
  return Number.isInteger(usd) ? String(usd) : usd.toFixed(2).replace(/0$/, "").replace(/\.$/, "");
}

/** The ceiling a tag declares, or undefined when the value is not a positive number in digits. */
export function parseCeilingTag(value: unknown): number | undefined {
  if (typeof value !== "string" || !CEILING_TAG_PATTERN.test(value)) return undefined;
  const n = Number(value);
  return n > 0 ? n : undefined;
}

/** A tag value that may be missing or of the wrong type, as read from a resource's properties. */
export function readTag(tags: unknown, key: string): string | undefined {
  if (tags === null || typeof tags !== "object" || Array.isArray(tags)) return undefined;
  const value = (tags as Record<string, unknown>)[key];
  return typeof value === "string" ? value : undefined;
}

/** The tags as a plain string map, or undefined when they are not an object at all. */
export function asTagMap(tags: unknown): Record<string, string> | undefined {
  if (tags === null || typeof tags !== "object" || Array.isArray(tags)) return undefined;
  const map: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags as Record<string, unknown>)) {
    if (typeof v === "string") map[k] = v;
    else if (typeof v === "number" || typeof v === "boolean") map[k] = String(v);
  }
  return map;
}
