/**
 * What a rule returns, and the property readers every rule shares. A rule is three-valued: it
 * finds violations where every value it needs is known, and says what it could not decide where a
 * value is {@link Unknown} (at preview), never guessing either way.
 */
import type { GovernanceSettings } from "./governance";
import { isUnknown } from "./unknown";

/** What a rule found on one resource. */
export interface Finding {
  /** Problems decided from known values: each is a violation at the policy's level. */
  readonly violations: readonly string[];
  /** Checks that a value unknown at preview keeps from being decided; each names the value. */
  readonly undecided: readonly string[];
  /** How the resource was classified, for the message (e.g. "Claude Opus 4.1 is premium in the catalog"). */
  readonly context?: string;
}

export const PASS: Finding = Object.freeze({ violations: [], undecided: [] });

export const finding = (
  violations: string[],
  undecided: string[] = [],
  context?: string,
): Finding =>
  violations.length === 0 && undecided.length === 0
    ? PASS
    : { violations, undecided, ...(context ? { context } : {}) };

/** Several findings on one resource as one. */
export function mergeFindings(findings: readonly Finding[]): Finding {
  return finding(
    findings.flatMap((f) => f.violations),
    findings.flatMap((f) => f.undecided),
  );
}

/** A resource of a stack as a stack rule sees it. */
export interface StackResource {
  readonly urn: string;
  readonly name: string;
  readonly type: string;
  /** The parent's URN, when the resource has one. */
  readonly parent?: string;
  /** Properties as plain data, {@link Unknown} where not known yet. */
  readonly props: unknown;
}

/** What a stack rule found, reported on one resource and about several. */
export interface StackFinding {
  /** The resource the diagnostic is reported on. */
  readonly urn: string;
  /** Every resource the finding is about (a waiver matching any of them applies). */
  readonly subjects: readonly { readonly name: string; readonly urn: string }[];
  readonly violations: readonly string[];
  readonly undecided: readonly string[];
}

/** A short description of a value's type, for messages about malformed properties. */
export function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (isUnknown(value)) return "unknown";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** A property that may be one value or a list, as a list (none for undefined or null). */
export function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

/** What {@link fromJsonText} returns for text that is not JSON. */
export const NOT_JSON: unique symbol = Symbol("not JSON");

/**
 * A property inputs may hold as JSON text, parsed ({@link NOT_JSON} when the text is not JSON);
 * any other value as it is.
 */
export function fromJsonText(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return NOT_JSON;
  }
}

/** A property bag: the object itself when it is a known, non-list object, else undefined. */
export function asBag(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) && !isUnknown(value)
    ? (value as Readonly<Record<string, unknown>>)
    : undefined;
}

/** {@link asBag}, or an empty bag. */
export const bagOf = (value: unknown): Readonly<Record<string, unknown>> => asBag(value) ?? {};

/** A resource as a resource rule reads it: properties are read lazily, as plain data. */
export interface RuleResource {
  readonly type: string;
  readonly urn: string;
  readonly name: string;
  /** URN of the parent resource, if any. */
  readonly parent: string | undefined;
  /** All properties, {@link Unknown} where not known yet. */
  props(): unknown;
  /** One top-level property. */
  field(key: string): unknown;
}

/** What a rule is judged against: the policy's settings and today's date (YYYY-MM-DD). */
export interface RuleContext {
  readonly settings: GovernanceSettings;
  readonly today: string;
}

/**
 * A rule over one resource. `type` is the one type token it applies to, if exactly one (the pack
 * then never sends it other resources); `appliesTo` is a cheap filter on the type token, run
 * before any property is read.
 */
export interface ResourceRule {
  readonly type?: string;
  readonly appliesTo?: (type: string) => boolean;
  readonly evaluate: (resource: RuleResource, ctx: RuleContext) => Finding;
}

/** A rule over a whole stack: `relevant` picks the resources it reads. */
export interface StackRule {
  readonly relevant: (type: string) => boolean;
  readonly evaluate: (
    resources: readonly StackResource[],
    settings: GovernanceSettings,
  ) => StackFinding[];
}
