/**
 * The thin layer between @pulumi/policy and the domain rules: read the resource's properties into
 * plain data (unknown values become {@link Unknown} markers instead of throwing), resolve the
 * policy's config, call the pure rule, apply waivers, and report.
 *
 * Unknown values. `@pulumi/policy` wraps `props` in `unknownCheckingProxy`; reading a value the
 * engine sent as unknown throws `UnknownValueError`, and if that escapes a policy the SDK reports
 * an advisory "can't run policy during preview" and skips the rest of the policy: a mandatory rule
 * would silently stop enforcing, even on the values that are known. So no rule reads the proxy:
 * {@link snapshot} copies what it needs as frozen plain data, read from the object behind the proxy
 * with the engine's unknown sentinels mapped to markers where the proxy would throw, once per
 * request for all the policies (see `./sdk-compat.ts`). The rule then decides every check
 * whose values are known (a real violation, at the policy's level), and for each check a value it
 * needs is unknown it adds an "undecided" note, reported as an ADVISORY
 * diagnostic that names the value and says the rule is decided at update, when the engine analyzes
 * the resource again with the value known. No violation is ever reported on a guess.
 *
 * Advisory lines from a mandatory policy (undecided notes, waivers) are reported at advisory level
 * through `./sdk-compat.ts`, which fences every use of the SDK's internals.
 */
import type {
  ReportViolation,
  ResourceValidation,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import type { EnforcementLevel } from "../domain/enforcement";
import { withProviderDefaultTags } from "../domain/endpoints";
import type {
  Finding,
  ResourceRule,
  RuleResource,
  StackFinding,
  StackResource,
  StackRule,
} from "../domain/finding";
import { Unknown } from "../domain/unknown";
import {
  describeWaiver,
  findWaivers,
  isoToday,
  type Waiver,
  type WaiverSubject,
} from "../domain/waivers";
import { policyConfigSchema, resolvePolicyConfig, type SettingName } from "./config";
import {
  isUnknownValueError,
  markResourceType,
  proxyTarget,
  reportAdvisory,
  UNKNOWN_SENTINELS,
  type ResourceInput,
  type StackInput,
} from "./sdk-compat";

const MAX_DEPTH = 48;

/**
 * Plain, frozen data from the raw (unproxied) deserialized properties: what reading through the
 * SDK's proxy gives, without a proxy per read or an exception per unknown. Each unknown sentinel
 * becomes an {@link Unknown} with its path, exactly where the proxy would throw.
 */
function plain(value: unknown, path: string, depth: number): unknown {
  if (typeof value === "string") {
    return UNKNOWN_SENTINELS.has(value) ? Object.freeze(new Unknown(path)) : value;
  }
  if (value === null || typeof value !== "object") return value;
  if (depth > MAX_DEPTH) return Object.freeze(new Unknown(`${path} (nested too deep to read)`));
  const out: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
  for (const key of Object.keys(value)) {
    (out as Record<string, unknown>)[key] = plain(
      (value as Record<string, unknown>)[key],
      path ? `${path}.${key}` : key,
      depth + 1,
    );
  }
  return Object.freeze(out);
}

/**
 * Snapshots shared by every policy that reads one request's properties, keyed by the raw
 * deserialized object behind the SDK's proxy. The pack memoizes the SDK's `deserializeProperties`
 * per request (see `./sdk-compat.ts`), so the policies of one Analyze call (and the resources of
 * one AnalyzeStack call) see the same raw object and the snapshot is built once per request, not
 * once per policy. Entries go with the request (WeakMap). The snapshots are frozen, so no policy can
 * change what the next one reads.
 */
const whole = new WeakMap<object, unknown>();
const fields = new WeakMap<object, Map<string, unknown>>();

function snapshotOfTarget(target: object): unknown {
  let s = whole.get(target);
  if (s === undefined) {
    s = plain(target, "", 0);
    whole.set(target, s);
  }
  return s;
}

function fieldOfTarget(target: object, key: string): unknown {
  const all = whole.get(target) as Record<string, unknown> | undefined;
  if (all !== undefined && Object.prototype.hasOwnProperty.call(all, key)) return all[key];
  let cache = fields.get(target);
  if (cache === undefined) {
    cache = new Map();
    fields.set(target, cache);
  } else if (cache.has(key)) {
    return cache.get(key);
  }
  const value = plain((target as Record<string, unknown>)[key], key, 1);
  cache.set(key, value);
  return value;
}

/**
 * A deep copy of a (proxied) property value as plain data, with each value the engine marked
 * unknown replaced by an {@link Unknown} carrying its path. Never throws on unknowns. For the SDK's
 * proxy, the copy is read from the object behind it, frozen, and shared by every policy that
 * snapshots the same request; anything else is read key by key, catching `UnknownValueError`.
 */
export function snapshot(value: unknown, path = "", depth = 0): unknown {
  const target = proxyTarget(value);
  if (target !== undefined) {
    return path === "" && depth === 0 ? snapshotOfTarget(target) : plain(target, path, depth);
  }
  if (value === null || typeof value !== "object") return value;
  if (depth > MAX_DEPTH) return new Unknown(`${path} (nested too deep to read)`);
  const out: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
  for (const key of Object.keys(value)) {
    const childPath = path ? `${path}.${key}` : key;
    let child: unknown;
    try {
      child = (value as Record<string, unknown>)[key];
    } catch (e) {
      if (!isUnknownValueError(e)) throw e;
      child = new Unknown(childPath);
    }
    (out as Record<string, unknown>)[key] =
      child instanceof Unknown ? child : snapshot(child, childPath, depth + 1);
  }
  return out;
}

const views = new WeakMap<object, Readonly<Record<string, unknown>>>();

/**
 * The properties as {@link snapshot} gives them, each top-level value copied when a rule first
 * reads it: a stack rule reads a few values of each resource it considers, from the AnalyzeStack
 * request of a whole stack. Frozen; shared, like the snapshot, by every policy reading the same
 * request. For anything but the SDK's proxy, the whole snapshot.
 */
export function lazySnapshot(value: unknown): unknown {
  const target = proxyTarget(value);
  if (target === undefined) return snapshot(value);
  let view = views.get(target);
  if (view === undefined) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(target)) {
      Object.defineProperty(out, key, { enumerable: true, get: () => fieldOfTarget(target, key) });
    }
    view = Object.freeze(out);
    views.set(target, view);
  }
  return view;
}

/** `bag` with `key` set to `value`, reading the other values of `bag` only when read. */
function overlay(bag: Readonly<Record<string, unknown>>, key: string, value: unknown): unknown {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(bag)) {
    if (k !== key) Object.defineProperty(out, k, { enumerable: true, get: () => bag[k] });
  }
  out[key] = value;
  return Object.freeze(out);
}

/** One top-level property as plain data (see {@link snapshot}). */
export function snapshotField(props: unknown, key: string): unknown {
  if (props === null || typeof props !== "object") return undefined;
  const target = proxyTarget(props);
  if (target !== undefined) return fieldOfTarget(target, key);
  try {
    return snapshot((props as Record<string, unknown>)[key], key, 1);
  } catch (e) {
    if (!isUnknownValueError(e)) throw e;
    return new Unknown(key);
  }
}

/**
 * The resource's properties with its `tags` as the cloud will apply them: for AWS, the provider's
 * `defaultTags` under the resource's own (see {@link withProviderDefaultTags}).
 */
function withDefaultTags(
  type: string,
  props: unknown,
  provider: { readonly props: unknown } | undefined,
): unknown {
  if (!provider || !type.startsWith("aws:") || props === null || typeof props !== "object") {
    return props;
  }
  const defaults = snapshotField(provider.props, "defaultTags");
  if (defaults === undefined) return props;
  const bag = props as Record<string, unknown>;
  return overlay(bag, "tags", withProviderDefaultTags(bag.tags, defaults));
}

const bullets = (lines: readonly string[]) =>
  lines.length === 1 ? lines[0]! : lines.map((l) => `- ${l}`).join("\n");

/** Turn a finding into diagnostics: violations (unless waived), waiver lines, undecided notes. */
function deliver(
  finding: Finding,
  meta: { readonly description: string },
  subjects: readonly WaiverSubject[],
  waivers: readonly Waiver[],
  report: ReportViolation,
  urn: string | undefined,
  today: string = isoToday(),
): void {
  const context = finding.context ? `${finding.context}.\n` : "";
  if (finding.violations.length > 0) {
    const verdict = findWaivers(waivers, subjects, today);
    for (const w of verdict.expired) {
      reportAdvisory(
        report,
        meta.description,
        `${describeWaiver(w)} matches this resource but expired on ${w.expires}; it is ignored and the violation stands. Renew it with a new reason and date, or fix the resource.`,
        urn,
        "note",
      );
    }
    if (verdict.live) {
      reportAdvisory(
        report,
        meta.description,
        `waived until ${verdict.live.expires} by ${describeWaiver(verdict.live)}; the violation it suppresses:\n${context}${bullets(finding.violations)}`,
        urn,
        "note",
      );
      return;
    }
    report(`${context}${bullets(finding.violations)}`, urn);
  }
  if (finding.undecided.length > 0) {
    reportAdvisory(
      report,
      meta.description,
      `undecided at preview: ${bullets(finding.undecided)}\nThe rule is enforced when these values are known (the engine analyzes the resource again at update).`,
      urn,
      "undecided",
    );
  }
}

/** A resource policy whose single validation is always present (as every policy here has). */
export type ResourcePolicy = ResourceValidationPolicy & { validateResource: ResourceValidation };

/** What a policy is, for the pack, the docs and the config schema. */
export interface PolicyMeta {
  /** The policy's name: a contract (CI configs and waivers refer to it), and its file's name. */
  readonly name: string;
  readonly description: string;
  readonly enforcementLevel: EnforcementLevel;
  /** How to fix a violation: shown in docs and sent to the engine as `remediationSteps`. */
  readonly remediation: string;
  /** What the policy checks, in a sentence or two, for the docs. */
  readonly checks: string;
  /** The settings the policy takes in `--policy-pack-config` (see ./config.ts `SETTINGS`). */
  readonly settings: readonly SettingName[];
}

/** One policy of the pack: its metadata and the CrossGuard policy built from it. */
export interface PackRule<
  P extends ResourcePolicy | StackValidationPolicy = ResourcePolicy | StackValidationPolicy,
> {
  readonly meta: PolicyMeta;
  readonly policy: P;
  /** Whether the policy reads resources of a type (its rule's filter), for the docs. */
  readonly appliesTo: (type: string) => boolean;
}

function internalError(e: unknown): string {
  const detail = e instanceof Error ? e.message : String(e);
  return `internal error while evaluating this rule (${detail}); the rule fails closed. Please report it with the resource's properties.`;
}

function configError(problems: readonly string[]): string {
  return `the policy's configuration is invalid, so it cannot decide:\n${problems.map((p) => `- ${p}`).join("\n")}`;
}

/**
 * A resource policy over a domain rule (see {@link ResourceRule}): resolve the config, read the
 * properties lazily as plain data, call the rule, apply waivers, report.
 */
export function resourcePolicy(meta: PolicyMeta, rule: ResourceRule): PackRule<ResourcePolicy> {
  const validate = (args: ResourceInput, report: ReportViolation): void => {
    if (rule.type !== undefined && args.type !== rule.type) return;
    if (rule.appliesTo && !rule.appliesTo(args.type)) return;
    const config = resolvePolicyConfig(meta, args.getConfig());
    if (!config.ok) {
      report(configError(config.problems));
      return;
    }
    const today = isoToday();
    let all: unknown;
    let read = false;
    const resource: RuleResource = {
      type: args.type,
      urn: args.urn,
      name: args.name,
      parent: args.opts?.parent,
      props: () => {
        if (!read) {
          all = withDefaultTags(args.type, snapshot(args.props), args.provider);
          read = true;
        }
        return all;
      },
      field: (key) => {
        if (read) return (all as Record<string, unknown>)[key];
        if (key === "tags") {
          const tags = { tags: snapshotField(args.props, "tags") };
          return (withDefaultTags(args.type, tags, args.provider) as typeof tags).tags;
        }
        return snapshotField(args.props, key);
      },
    };
    let finding: Finding;
    try {
      finding = rule.evaluate(resource, { settings: config.settings, today });
    } catch (e) {
      report(internalError(e));
      return;
    }
    deliver(
      finding,
      meta,
      [{ name: args.name, urn: args.urn }],
      config.settings.waivers,
      report,
      args.urn,
      today,
    );
  };
  return {
    meta,
    appliesTo: (type) =>
      (rule.type === undefined || rule.type === type) && (rule.appliesTo?.(type) ?? true),
    policy: {
      name: meta.name,
      description: meta.description,
      enforcementLevel: meta.enforcementLevel,
      remediationSteps: meta.remediation,
      configSchema: policyConfigSchema(meta.settings),
      validateResource: rule.type !== undefined ? markResourceType(validate, rule.type) : validate,
    },
  };
}

/**
 * A stack policy over a domain stack rule (see {@link StackRule}): `relevant` picks the resources
 * the rule reads (their properties are copied as plain data); the rule returns one finding per
 * subject.
 */
export function stackPolicy(meta: PolicyMeta, rule: StackRule): PackRule<StackValidationPolicy> {
  const policy: StackValidationPolicy = {
    name: meta.name,
    description: meta.description,
    enforcementLevel: meta.enforcementLevel,
    remediationSteps: meta.remediation,
    configSchema: policyConfigSchema(meta.settings),
    validateStack: (args: StackInput, report: ReportViolation) => {
      const config = resolvePolicyConfig(meta, args.getConfig());
      if (!config.ok) {
        report(configError(config.problems));
        return;
      }
      const resources: StackResource[] = [];
      for (const r of args.resources) {
        if (!rule.relevant(r.type)) continue;
        resources.push({
          urn: r.urn,
          name: r.name,
          type: r.type,
          ...(r.parent ? { parent: r.parent.urn } : {}),
          props: withDefaultTags(r.type, lazySnapshot(r.props), r.provider),
        });
      }
      let findings: StackFinding[];
      try {
        findings = rule.evaluate(resources, config.settings);
      } catch (e) {
        report(internalError(e));
        return;
      }
      const today = isoToday();
      for (const f of findings) {
        deliver(f, meta, f.subjects, config.settings.waivers, report, f.urn, today);
      }
    },
  };
  return { meta, policy, appliesTo: rule.relevant };
}
