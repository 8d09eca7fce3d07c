/**
 * Property tests over generated property bags (test/support/fuzz-bags.ts), every policy configured
 * mandatory (a user may configure any policy so), each bag sent through a protobuf Struct and the
 * SDK's own deserializer and proxy:
 *
 * - no throw: nothing escapes a policy (the engine would fail the whole Analyze call) and the
 *   pack's adapter reports no internal error, on the preview bag and on the concrete bag;
 * - no false mandatory violation: when a policy reports a mandatory violation on a bag with
 *   unknowns, it reports one on both resolutions of those unknowns too (the concrete bag, and the
 *   unknowns filled from the well-formed template), and never quotes an unknown sentinel. A
 *   resolution differs from the preview only in values that were unknown, so a violation it lacks
 *   was decided by a value the policy could not know.
 *
 * Each property counts, per policy, the cases the policy was exercised on (it read the properties
 * or reported), asserted above zero; deliberately broken policies prove each property fails when it should.
 */
import fc from "fast-check";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { BUDGET_TYPES, isEndpointType } from "../../domain/endpoints";
import { ALL_POLICIES } from "../../policies/registry";
import { containsSentinel, fuzzCase, type FuzzCase } from "../support/fuzz-bags";
import {
  at,
  runResourcePolicy,
  runStackPolicy,
  type RunOptions,
  type Violation,
} from "../support/policy-harness";
import { Random } from "../support/random";

type Policy = ResourceValidationPolicy | StackValidationPolicy;
type Version = "preview" | "concrete" | "resolved";

/**
 * Per policy: cases it exercised on (it read the properties or reported something), those with
 * unknowns, previews with a mandatory violation, previews the SDK skipped (UnknownValueError).
 */
interface Tally {
  exercised: number;
  exercisedWithUnknowns: number;
  mandatoryOnPreview: number;
  unknownValueErrors: number;
}
type Tallies = Record<string, Tally>;

const isStack = (p: Policy): p is StackValidationPolicy => "validateStack" in p;
const hasUnknowns = (cases: readonly FuzzCase[]) => cases.some((c) => c.unknownPaths.length > 0);

/** One resource case (a resource policy) or a small stack of cases (a stack policy), per seed. */
function casesOf(seed: number, stack: boolean): FuzzCase[] {
  const rng = new Random(seed);
  if (!stack) return [fuzzCase(rng, 0)];
  // 1-3 endpoints, up to 2 budgets, maybe one other: small, so a resolution is a useful witness.
  const want = { endpoint: rng.int(1, 3), budget: rng.int(0, 2), other: rng.int(0, 1) };
  const out: FuzzCase[] = [];
  for (let i = 0; i < 200 && want.endpoint + want.budget + want.other > 0; i++) {
    const c = fuzzCase(rng, i);
    const kind = isEndpointType(c.type)
      ? "endpoint"
      : BUDGET_TYPES.includes(c.type)
        ? "budget"
        : "other";
    if (want[kind] > 0) {
      want[kind]--;
      out.push(c);
    }
  }
  return out;
}

/** The policy, mandatory, over one version of the cases; a throw is rethrown with the context. */
async function run(
  policy: Policy,
  cases: readonly FuzzCase[],
  version: Version,
  onRead?: () => void,
): Promise<Violation[]> {
  const opts: RunOptions = {
    enforcementLevel: "mandatory",
    encoded: true,
    ...(onRead && { onRead }),
  };
  const resources = cases.map((c) => ({
    type: c.type,
    name: c.name,
    urn: c.urn,
    ...(c.parent ? { parent: c.parent } : {}),
    props: c[version],
  }));
  try {
    return isStack(policy)
      ? await runStackPolicy(policy, resources, opts)
      : await runResourcePolicy(policy, resources[0]!, opts);
  } catch (e) {
    throw new Error(`${policy.name} threw on the ${version} bag: ${String(e)}`, { cause: e });
  }
}

const tallyOf = (tallies: Tallies, name: string): Tally =>
  (tallies[name] ??= {
    exercised: 0,
    exercisedWithUnknowns: 0,
    mandatoryOnPreview: 0,
    unknownValueErrors: 0,
  });

/** Evaluate the preview version, counting what the policy read and reported. */
async function preview(policy: Policy, cases: readonly FuzzCase[], tallies: Tallies) {
  let read = false;
  const d = await run(policy, cases, "preview", () => (read = true));
  const t = tallyOf(tallies, policy.name);
  if (read || d.length > 0) {
    t.exercised++;
    if (hasUnknowns(cases)) t.exercisedWithUnknowns++;
  }
  if (at("mandatory", d).length > 0) t.mandatoryOnPreview++;
  if (d.some((x) => x.message.startsWith("can't run policy"))) t.unknownValueErrors++;
  return d;
}

function noInternalError(policy: Policy, d: readonly Violation[], version: Version) {
  const internal = d.find((x) => x.message.includes("internal error while evaluating"));
  if (internal) throw new Error(`${policy.name} on the ${version} bag: ${internal.message}`);
}

/** No policy throws, on the preview bag or the concrete one. */
const noThrow = (policies: readonly Policy[], stack: boolean, tallies: Tallies) =>
  fc.asyncProperty(fc.noShrink(fc.nat()), async (seed) => {
    const cases = casesOf(seed, stack);
    for (const p of policies.filter((x) => isStack(x) === stack)) {
      noInternalError(p, await preview(p, cases, tallies), "preview");
      noInternalError(p, await run(p, cases, "concrete"), "concrete");
    }
  });

/** No mandatory violation at preview that a resolution of the unknowns would not have. */
const noFalseMandatory = (policies: readonly Policy[], stack: boolean, tallies: Tallies) =>
  fc.asyncProperty(fc.noShrink(fc.nat()), async (seed) => {
    const cases = casesOf(seed, stack);
    if (!hasUnknowns(cases)) return;
    for (const p of policies.filter((x) => isStack(x) === stack)) {
      const m = at("mandatory", await preview(p, cases, tallies));
      if (m.length === 0) continue;
      const where = cases.map((c) => `${c.name} ${c.type} unknown at ${c.unknownPaths.join(" ")}`);
      const quoting = m.find((d) => containsSentinel(d.message));
      if (quoting) throw new Error(`${p.name} quotes an unknown: ${quoting.message}; ${where}`);
      for (const version of ["concrete", "resolved"] as const) {
        if (at("mandatory", await run(p, cases, version)).length === 0) {
          throw new Error(`false mandatory violation by ${p.name} (${version}): ${where}`);
        }
      }
    }
  });

const RUNS = Number(process.env.OG_RUNS ?? 1_500);
const SEED = 20261123;
const params = (numRuns = RUNS) => ({ numRuns, seed: SEED });
const resourcePolicies = ALL_POLICIES.filter((p) => !isStack(p));
const stackPolicies = ALL_POLICIES.filter(isStack);

describe("no policy of the pack throws on generated property bags", () => {
  it.each([
    ["resource", false, resourcePolicies],
    ["stack", true, stackPolicies],
  ] as const)(
    "%s policies, each exercised",
    async (_, stack, policies) => {
      const tallies: Tallies = {};
      await fc.assert(noThrow(policies, stack, tallies), params(stack ? RUNS / 3 : RUNS));
      for (const p of policies) expect(tallies[p.name]?.exercised, p.name).toBeGreaterThan(0);
    },
    300_000,
  );
});

describe("no policy of the pack reports a false mandatory violation on unknowns", () => {
  it.each([
    ["resource", false, resourcePolicies],
    ["stack", true, stackPolicies],
  ] as const)(
    "%s policies, each exercised on bags with unknowns",
    async (_, stack, policies) => {
      const tallies: Tallies = {};
      await fc.assert(noFalseMandatory(policies, stack, tallies), params(stack ? RUNS / 3 : RUNS));
      for (const p of policies) {
        expect(tallies[p.name]?.exercisedWithUnknowns, p.name).toBeGreaterThan(0);
      }
      const previews = policies.reduce((n, p) => n + (tallies[p.name]?.mandatoryOnPreview ?? 0), 0);
      expect(
        previews,
        "mandatory violations on previews, each checked against resolutions",
      ).toBeGreaterThan(0);
    },
    300_000,
  );
});

// ---- the properties catch what they claim -----------------------------------------------------

const PROFILE = "aws:bedrock/inferenceProfile:InferenceProfile";
const BUDGET = "aws:budgets/budget:Budget";

const teamOf = (tags: unknown): unknown =>
  tags !== null && typeof tags === "object"
    ? (tags as Record<string, unknown>)["ai-team"]
    : undefined;

/** Reads the team tag but treats a value it cannot read (unknown at preview) as missing. */
const unknownMeansMissing: ResourceValidationPolicy = {
  name: "unknown-means-missing",
  description: "Profiles need a team tag.",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.type !== PROFILE) return;
    let team: unknown;
    try {
      team = teamOf(args.props.tags);
    } catch {
      team = undefined; // the bug: "not known yet" is not "missing"
    }
    if (typeof team !== "string" || team === "") report("ai-team is missing");
  },
};

/** The same rule, written as the SDK intends: reading an unknown throws and skips the policy. */
const honest: ResourceValidationPolicy = {
  ...unknownMeansMissing,
  name: "honest",
  validateResource: (args, report) => {
    if (args.type !== PROFILE) return;
    const team = teamOf(args.props.tags);
    if (typeof team !== "string" || team === "") report("ai-team is missing");
  },
};

/** Decided by the type alone, which is always known: a legitimate violation on every profile. */
const noProfiles: ResourceValidationPolicy = {
  name: "no-profiles",
  description: "No inference profiles.",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.type === PROFILE) report("inference profiles are not allowed here");
  },
};

/** Assumes limitAmount is a string: malformed bags make it throw. */
const trusting: ResourceValidationPolicy = {
  name: "trusting",
  description: "Budgets have an amount.",
  enforcementLevel: "advisory",
  validateResource: (args) => {
    if (args.type !== BUDGET) return;
    void (args.props.limitAmount as string).trim();
  },
};

/** A stack policy that counts budgets whose amount it cannot read as missing. */
const stackUnknownMeansMissing: StackValidationPolicy = {
  name: "stack-unknown-means-missing",
  description: "Every stack with a profile has a budget with an amount.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    if (!args.resources.some((r) => r.type === PROFILE)) return;
    const amounts = args.resources
      .filter((r) => r.type === BUDGET)
      .map((r) => {
        try {
          return r.props.limitAmount as unknown;
        } catch {
          return undefined;
        }
      });
    if (!amounts.some((a) => typeof a === "string" && a !== "")) report("no budget with an amount");
  },
};

const failure = async (property: fc.IAsyncProperty<[number]>) => {
  const r = await fc.check(property, params());
  return r.failed ? String(r.errorInstance) : undefined;
};

describe("the properties catch a broken policy", () => {
  it("a mandatory violation decided by an unknown tag fails the unknowns property", async () => {
    const error = await failure(noFalseMandatory([unknownMeansMissing], false, {}));
    expect(error).toMatch(
      /false mandatory violation by unknown-means-missing .*unknown at .*\.tags/,
    );
  });

  it("the same rule letting the SDK skip it on unknowns passes, having been skipped", async () => {
    const tallies: Tallies = {};
    expect(await failure(noFalseMandatory([honest], false, tallies))).toBeUndefined();
    expect(tallies.honest?.unknownValueErrors).toBeGreaterThan(0);
    expect(tallies.honest?.mandatoryOnPreview).toBeGreaterThan(0);
  });

  it("a violation decided by known values passes", async () => {
    const tallies: Tallies = {};
    expect(await failure(noFalseMandatory([noProfiles], false, tallies))).toBeUndefined();
    expect(tallies["no-profiles"]?.mandatoryOnPreview).toBeGreaterThan(100);
  });

  it("a policy that throws on a malformed bag fails the no-throw property", async () => {
    expect(await failure(noThrow([trusting], false, {}))).toMatch(/trusting threw .*TypeError/);
  });

  it("a stack policy deciding on an unknown fails the unknowns property", async () => {
    const error = await failure(noFalseMandatory([stackUnknownMeansMissing], true, {}));
    expect(error).toMatch(/false mandatory violation by stack-unknown-means-missing/);
  });

  it("counts the same cases from the same seed", async () => {
    const a: Tallies = {};
    const b: Tallies = {};
    await fc.assert(noThrow([unknownMeansMissing, noProfiles], false, a), params(300));
    await fc.assert(noThrow([unknownMeansMissing, noProfiles], false, b), params(300));
    expect(b).toEqual(a);
    expect(a["no-profiles"]?.mandatoryOnPreview).toBeGreaterThan(0);
  });
});
