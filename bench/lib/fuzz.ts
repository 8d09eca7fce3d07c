/**
 * The fuzz campaign: generated property bags through every policy of the pack, in process, with the
 * arguments built the way @pulumi/policy's server builds them (the bag goes through a protobuf
 * Struct and the SDK's own `deserializeProperties`, `props` is the SDK's `unknownCheckingProxy`,
 * `reportViolation` takes both the string and the object form, an escaping `UnknownValueError`
 * becomes the SDK's advisory "can't run during preview").
 *
 * Every policy is configured mandatory for the campaign (a user may configure any policy so), and
 * it counts two things that must both be zero:
 *
 * - throws: an exception escaping a policy (the engine fails the whole Analyze call), or an
 *   internal error the pack's adapter caught and reported ("internal error while evaluating").
 * - false mandatory violations: a mandatory violation whose deciding value was unknown. Proved by
 *   a witness: the policy reports a mandatory violation on the preview bag (some values unknown)
 *   but none on a resolution of those unknowns (the concrete bag the case was made from, or the
 *   unknowns filled from the well-formed template). Since the resolution differs from the preview
 *   bag only in values that were unknown, the violation depended on a value the policy could not
 *   know. A mandatory message that quotes an unknown sentinel counts too (the policy read an
 *   unknown as if it were a value). Stack policies are checked the same way, per reported URN, on
 *   stacks assembled from the cases.
 */
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type {
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { BUDGET_TYPES, isEndpointType } from "../../domain/endpoints";
import { ALL_POLICIES } from "../../policies/registry";
import { containsSentinel, fuzzCase, type FuzzCase, type Json, type Sentinels } from "./fuzz-bags";
import { Random } from "./random";
import { round } from "./stats";

const load = createRequire(__filename);

/** The SDK internals the server uses (untyped in its .d.ts). */
interface SdkInternals {
  readonly deserializeProperties: (s: Struct, proxySecrets: boolean) => Record<string, unknown>;
  readonly unknownCheckingProxy: <T extends object>(o: T) => T;
  readonly UnknownValueError: new (...args: never[]) => Error;
  readonly sentinels: Sentinels;
}

function sdk(): SdkInternals {
  const proxy = load("@pulumi/policy/proxy") as Record<string, unknown>;
  const deserialize = load("@pulumi/policy/deserialize") as Record<string, unknown>;
  const fn = <T>(v: unknown, what: string): T => {
    if (typeof v !== "function") throw new Error(`@pulumi/policy has no ${what}`);
    return v as T;
  };
  const str = (v: unknown, what: string): string => {
    if (typeof v !== "string") throw new Error(`@pulumi/policy has no ${what}`);
    return v;
  };
  return {
    deserializeProperties: fn(deserialize.deserializeProperties, "deserializeProperties"),
    unknownCheckingProxy: fn(proxy.unknownCheckingProxy, "unknownCheckingProxy"),
    UnknownValueError: fn(proxy.UnknownValueError, "UnknownValueError"),
    sentinels: {
      string: str(proxy.unknownStringValue, "unknownStringValue"),
      number: str(proxy.unknownNumberValue, "unknownNumberValue"),
      boolean: str(proxy.unknownBooleanValue, "unknownBooleanValue"),
      array: str(proxy.unknownArrayValue, "unknownArrayValue"),
      object: str(proxy.unknownObjectValue, "unknownObjectValue"),
    },
  };
}

type Level = "advisory" | "mandatory" | "remediate" | "disabled";

interface Diagnostic {
  readonly level: Level;
  readonly message: string;
  readonly urn: string | undefined;
}

type Outcome = "ok" | "unknown-value-error" | "not-applicable" | "threw";

interface Evaluation {
  readonly outcome: Outcome;
  readonly diagnostics: Diagnostic[];
  readonly error?: string;
  readonly exercised: boolean;
}

/** Marker for `args.notApplicable()`. */
class NotApplicable extends Error {}

/** The marker the pack's adapter puts in a diagnostic when a rule threw (it fails closed). */
const INTERNAL_ERROR_TEXT = "internal error while evaluating";

function reporter(description: string, level: Level, out: Diagnostic[]) {
  return (message: unknown, urn?: string) => {
    if (message !== null && typeof message === "object") {
      const m = message as { message?: unknown; urn?: unknown; enforcementLevel?: unknown };
      out.push({
        level: (typeof m.enforcementLevel === "string" ? m.enforcementLevel : level) as Level,
        message: typeof m.message === "string" ? m.message : description,
        urn: typeof m.urn === "string" ? m.urn : undefined,
      });
    } else {
      out.push({
        level,
        message: message ? `${description}\n${String(message)}` : description,
        urn,
      });
    }
  };
}

/** Default config of a policy, as the engine fills it from the policy's configSchema. */
function schemaDefaults(policy: { configSchema?: unknown }): Record<string, unknown> {
  const schema = policy.configSchema as { properties?: Record<string, { default?: unknown }> };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema?.properties ?? {})) {
    if (v && typeof v === "object" && "default" in v) out[k] = structuredClone(v.default);
  }
  return out;
}

function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

interface PolicyStats {
  kind: "resource" | "stack";
  evaluations: number;
  exercised: number;
  mandatoryOnPreview: number;
  advisoryOnPreview: number;
  unknownValueErrors: number;
  throws: number;
  falseMandatory: number;
}

export interface FuzzExample {
  readonly kind: "throw" | "false-mandatory-violation";
  readonly policy: string;
  readonly type: string;
  readonly unknownPaths: string[];
  readonly detail: string;
  readonly preview: unknown;
  readonly concrete: unknown;
}

export interface FuzzResult {
  readonly status: "ok";
  readonly seed: number;
  readonly bags: number;
  readonly bagsWithUnknowns: number;
  readonly stacks: number;
  readonly resourcePolicies: number;
  readonly stackPolicies: number;
  /** validateResource / validateStack calls, over preview bags and their resolutions. */
  readonly evaluations: number;
  readonly throws: number;
  readonly falseMandatoryViolations: number;
  /** UnknownValueError escaping a policy: the SDK turns it into an advisory and skips the policy. */
  readonly unknownValueErrors: number;
  readonly perPolicy: Record<string, PolicyStats>;
  readonly examples: FuzzExample[];
  readonly durationMs: number;
}

export interface FuzzOptions {
  readonly bags: number;
  readonly seed: number;
  /** The policies to fuzz (default: every policy of the pack, ALL_POLICIES). */
  readonly policies?: readonly (ResourceValidationPolicy | StackValidationPolicy)[];
  /** One small stack for the stack policies every this many bags (default 10). */
  readonly stackEvery?: number;
  readonly log?: (line: string) => void;
}

function isResourcePolicy(p: unknown): p is ResourceValidationPolicy {
  return typeof (p as ResourceValidationPolicy).validateResource !== "undefined";
}
function isStackPolicy(p: unknown): p is StackValidationPolicy {
  return typeof (p as StackValidationPolicy).validateStack === "function";
}

const OPTIONS = {
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
};

export async function runFuzz(opts: FuzzOptions): Promise<FuzzResult> {
  const t0 = performance.now();
  const s = sdk();
  const rng = new Random(opts.seed);
  const policies = opts.policies ?? ALL_POLICIES;
  const resourcePolicies = policies.filter(isResourcePolicy);
  const stackPolicies = policies.filter(isStackPolicy);
  const stats: Record<string, PolicyStats> = {};
  const configs = new Map<string, Record<string, unknown>>();
  for (const p of policies) {
    configs.set(p.name, schemaDefaults(p));
    stats[p.name] = {
      kind: isStackPolicy(p) ? "stack" : "resource",
      evaluations: 0,
      exercised: 0,
      mandatoryOnPreview: 0,
      advisoryOnPreview: 0,
      unknownValueErrors: 0,
      throws: 0,
      falseMandatory: 0,
    };
  }
  const examples: FuzzExample[] = [];
  const exampleCount = { throw: 0, "false-mandatory-violation": 0 };
  const addExample = (ex: FuzzExample) => {
    if (exampleCount[ex.kind] >= 5) return;
    exampleCount[ex.kind]++;
    examples.push(ex);
  };
  let evaluations = 0;
  let throws = 0;
  let falseMandatory = 0;
  let unknownValueErrors = 0;

  const classify = (e: unknown): Outcome =>
    e instanceof s.UnknownValueError
      ? "unknown-value-error"
      : e instanceof NotApplicable
        ? "not-applicable"
        : "threw";

  /** Track whether a policy read the properties at all (for the "exercised" count). */
  const tracked = (target: Record<string, unknown>, mark: () => void) =>
    new Proxy(target, {
      get(t, k, r) {
        mark();
        return Reflect.get(t, k, r) as unknown;
      },
      ownKeys(t) {
        mark();
        return Reflect.ownKeys(t);
      },
    });

  const propsOf = (struct: Struct, mark: () => void) =>
    s.unknownCheckingProxy(tracked(s.deserializeProperties(struct, false), mark));

  async function evalResource(
    p: ResourceValidationPolicy,
    c: FuzzCase,
    struct: Struct,
  ): Promise<Evaluation> {
    const diagnostics: Diagnostic[] = [];
    const report = reporter(p.description, "mandatory", diagnostics);
    let exercised = false;
    const validations = (
      Array.isArray(p.validateResource) ? p.validateResource : [p.validateResource]
    ).filter((v): v is NonNullable<typeof v> => typeof v === "function");
    let outcome: Outcome = "ok";
    let error: string | undefined;
    for (const validate of validations) {
      const props = propsOf(struct, () => (exercised = true));
      const args = {
        type: c.type,
        props,
        urn: c.urn,
        name: c.name,
        opts: { ...OPTIONS, ...(c.parent ? { parent: c.parent } : {}) },
        stackTags: new Map<string, string>(),
        isType: () => false,
        asType: () => undefined,
        getConfig: <T>() => structuredClone(configs.get(p.name) ?? {}) as T,
        notApplicable: (reason?: string) => {
          throw new NotApplicable(reason);
        },
      } as unknown as ResourceValidationArgs;
      evaluations++;
      try {
        const r = validate(args, report as Parameters<typeof validate>[1]);
        if (r && typeof (r as Promise<void>).then === "function") await r;
      } catch (e) {
        outcome = classify(e);
        if (outcome === "threw") error = errorText(e);
      }
    }
    return { outcome, diagnostics, exercised, ...(error ? { error } : {}) };
  }

  async function evalStack(
    p: StackValidationPolicy,
    cases: readonly FuzzCase[],
    structs: readonly Struct[],
  ): Promise<Evaluation> {
    const diagnostics: Diagnostic[] = [];
    const report = reporter(p.description, "mandatory", diagnostics);
    let exercised = false;
    const resources: PolicyResource[] = cases.map((c, i) => {
      const props = propsOf(structs[i] as Struct, () => (exercised = true));
      return {
        type: c.type,
        props,
        urn: c.urn,
        name: c.name,
        opts: { ...OPTIONS, ...(c.parent ? { parent: c.parent } : {}) },
        dependencies: [],
        propertyDependencies: {},
        isType: () => false,
        asType: () => undefined,
      } as unknown as PolicyResource;
    });
    const args = {
      resources,
      getConfig: <T>() => structuredClone(configs.get(p.name) ?? {}) as T,
      stackTags: new Map<string, string>(),
      notApplicable: (reason?: string) => {
        throw new NotApplicable(reason);
      },
    } as unknown as StackValidationArgs;
    evaluations++;
    try {
      const r = p.validateStack(args, report as Parameters<typeof p.validateStack>[1]);
      if (r && typeof (r as Promise<void>).then === "function") await r;
      return { outcome: "ok", diagnostics, exercised };
    } catch (e) {
      const outcome = classify(e);
      return {
        outcome,
        diagnostics,
        exercised,
        ...(outcome === "threw" ? { error: errorText(e) } : {}),
      };
    }
  }

  const mandatory = (ev: Evaluation) => ev.diagnostics.filter((d) => d.level === "mandatory");
  const internalErrors = (ev: Evaluation) =>
    ev.diagnostics.filter((d) => d.message.includes(INTERNAL_ERROR_TEXT));

  /** Count throws of one evaluation (escaping or caught by the adapter); true if any. */
  const countThrows = (name: string, ev: Evaluation, c: FuzzCase, which: string) => {
    const st = stats[name] as PolicyStats;
    const caught = internalErrors(ev);
    const n = (ev.outcome === "threw" ? 1 : 0) + caught.length;
    if (n === 0) return;
    st.throws += n;
    throws += n;
    addExample({
      kind: "throw",
      policy: name,
      type: c.type,
      unknownPaths: [...c.unknownPaths],
      detail: `${which}: ${ev.error ?? caught[0]?.message ?? ""}`.slice(0, 600),
      preview: c.preview,
      concrete: c.concrete,
    });
  };

  const toStruct = (bag: Json) => Struct.fromJavaScript(bag as Record<string, never>);
  interface Prepared {
    readonly c: FuzzCase;
    readonly preview: Struct;
    readonly concrete: Struct;
    readonly resolved: Struct;
  }
  // Recent endpoints and budgets, from which small stacks are drawn for the stack policies.
  const endpoints: Prepared[] = [];
  const budgets: Prepared[] = [];
  const others: Prepared[] = [];
  const remember = (pool: Prepared[], p: Prepared) => {
    pool.push(p);
    if (pool.length > 64) pool.shift();
  };
  const stackEvery = Math.max(1, opts.stackEvery ?? 10);
  let bagsWithUnknowns = 0;
  let stacks = 0;
  const progressEvery = Math.max(1, Math.floor(opts.bags / 10));

  /**
   * A small stack (1-3 endpoints, 0-2 budgets, maybe one other resource): small, so that "the
   * policy reports no mandatory violation at all on a resolution" is a useful witness.
   */
  const runStack = async () => {
    if (stackPolicies.length === 0 || endpoints.length === 0) return;
    const members: Prepared[] = [];
    const draw = (pool: Prepared[], n: number) => {
      for (let k = 0; k < n && pool.length; k++) {
        const p = rng.pick(pool);
        if (!members.includes(p)) members.push(p);
      }
    };
    draw(endpoints, rng.int(1, 3));
    draw(budgets, rng.int(0, 2));
    draw(others, rng.int(0, 1));
    stacks++;
    const cases = members.map((m) => m.c);
    const hasUnknowns = cases.some((c) => c.unknownPaths.length > 0);
    for (const p of stackPolicies) {
      const st = stats[p.name] as PolicyStats;
      st.evaluations++;
      const onPreview = await evalStack(
        p,
        cases,
        members.map((m) => m.preview),
      );
      if (onPreview.exercised) st.exercised++;
      if (onPreview.outcome === "unknown-value-error") {
        st.unknownValueErrors++;
        unknownValueErrors++;
      }
      countThrows(p.name, onPreview, cases[0] as FuzzCase, "stack of preview bags");
      const m = mandatory(onPreview);
      st.mandatoryOnPreview += m.length;
      st.advisoryOnPreview += onPreview.diagnostics.length - m.length;
      // Resolutions are only needed to refute a mandatory violation on the preview stack.
      if (!hasUnknowns || m.length === 0) continue;
      const witnesses = [
        await evalStack(
          p,
          cases,
          members.map((x) => x.concrete),
        ),
        await evalStack(
          p,
          cases,
          members.map((x) => x.resolved),
        ),
      ];
      for (const w of witnesses) countThrows(p.name, w, cases[0] as FuzzCase, "stack resolution");
      const refuted = witnesses.some((w) => mandatory(w).length === 0);
      const quoting = m.find((d) => containsSentinel(d.message, s.sentinels));
      if (refuted || quoting) {
        st.falseMandatory++;
        falseMandatory++;
        const d = (quoting ?? m[0]) as Diagnostic;
        addExample({
          kind: "false-mandatory-violation",
          policy: p.name,
          type: `stack of ${cases.map((c) => `${c.name} ${c.type}`).join(", ")}`,
          unknownPaths: cases.flatMap((c) => c.unknownPaths.map((u) => `${c.name}${u}`)),
          detail: d.message.slice(0, 600),
          preview: cases.map((c) => ({ name: c.name, props: c.preview })),
          concrete: cases.map((c) => ({ name: c.name, props: c.concrete })),
        });
      }
    }
  };

  for (let i = 0; i < opts.bags; i++) {
    const c = fuzzCase(rng, i, { sentinels: s.sentinels });
    const hasUnknowns = c.unknownPaths.length > 0;
    if (hasUnknowns) bagsWithUnknowns++;
    const preview = toStruct(c.preview);
    const concrete = hasUnknowns ? toStruct(c.concrete) : preview;
    const resolved = hasUnknowns ? toStruct(c.resolved) : preview;
    for (const p of resourcePolicies) {
      const st = stats[p.name] as PolicyStats;
      st.evaluations++;
      const onPreview = await evalResource(p, c, preview);
      if (onPreview.exercised) st.exercised++;
      if (onPreview.outcome === "unknown-value-error") {
        st.unknownValueErrors++;
        unknownValueErrors++;
      }
      countThrows(p.name, onPreview, c, "preview bag");
      const m = mandatory(onPreview);
      st.mandatoryOnPreview += m.length;
      st.advisoryOnPreview += onPreview.diagnostics.length - m.length;
      // Resolutions are only needed to refute a mandatory violation on the preview bag.
      if (!hasUnknowns || m.length === 0) continue;
      const witnesses = [await evalResource(p, c, concrete), await evalResource(p, c, resolved)];
      for (const w of witnesses) countThrows(p.name, w, c, "resolution");
      const refuted = witnesses.some((w) => mandatory(w).length === 0);
      const quoting = m.find((d) => containsSentinel(d.message, s.sentinels));
      if (refuted || quoting) {
        st.falseMandatory++;
        falseMandatory++;
        addExample({
          kind: "false-mandatory-violation",
          policy: p.name,
          type: c.type,
          unknownPaths: [...c.unknownPaths],
          detail: ((quoting ?? m[0]) as Diagnostic).message.slice(0, 600),
          preview: c.preview,
          concrete: c.concrete,
        });
      }
    }
    const prepared = { c, preview, concrete, resolved };
    if (isEndpointType(c.type)) remember(endpoints, prepared);
    else if (BUDGET_TYPES.includes(c.type)) remember(budgets, prepared);
    else remember(others, prepared);
    if ((i + 1) % stackEvery === 0) await runStack();
    if (opts.log && (i + 1) % progressEvery === 0) {
      opts.log(
        `fuzz: ${i + 1}/${opts.bags} bags, ${throws} throws, ${falseMandatory} false mandatory violations`,
      );
    }
  }
  return {
    status: "ok",
    seed: opts.seed,
    bags: opts.bags,
    bagsWithUnknowns,
    stacks,
    resourcePolicies: resourcePolicies.length,
    stackPolicies: stackPolicies.length,
    evaluations,
    throws,
    falseMandatoryViolations: falseMandatory,
    unknownValueErrors,
    perPolicy: stats,
    examples,
    durationMs: round(performance.now() - t0, 0),
  };
}
