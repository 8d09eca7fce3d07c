/**
 * The fuzz campaign's two counters must catch what they claim to: a policy that throws, and a
 * policy that reports a mandatory violation decided by a value unknown at preview. Deliberately
 * broken policies prove the counters can fail; a well-behaved one and a legitimate violation
 * prove they do not cry wolf.
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { runFuzz } from "../../bench/lib/fuzz";

const PROFILE = "aws:bedrock/inferenceProfile:InferenceProfile";
const BUDGET = "aws:budgets/budget:Budget";

/** Reads the team tag but treats a value it cannot read (unknown at preview) as missing. */
const unknownMeansMissing: ResourceValidationPolicy = {
  name: "unknown-means-missing",
  description: "Profiles need a team tag.",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.type !== PROFILE) return;
    let team: unknown;
    try {
      const tags: unknown = args.props.tags;
      team =
        tags !== null && typeof tags === "object"
          ? (tags as Record<string, unknown>)["ai-team"]
          : undefined;
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
    const tags: unknown = args.props.tags;
    const team =
      tags !== null && typeof tags === "object"
        ? (tags as Record<string, unknown>)["ai-team"]
        : undefined;
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
    const amount = args.props.limitAmount as string;
    void amount.trim();
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

describe("fuzz campaign counters", () => {
  it("count a mandatory violation decided by an unknown value as false", async () => {
    const r = await runFuzz({ bags: 1_500, seed: 7, policies: [unknownMeansMissing] });
    expect(r.falseMandatoryViolations).toBeGreaterThan(0);
    const ex = r.examples.find((e) => e.kind === "false-mandatory-violation");
    expect(ex?.policy).toBe("unknown-means-missing");
    expect(ex?.unknownPaths.some((p) => p.startsWith(".tags"))).toBe(true);
  });

  it("do not count the same rule when it lets the SDK skip it on unknowns", async () => {
    const r = await runFuzz({ bags: 1_500, seed: 7, policies: [honest] });
    expect(r.falseMandatoryViolations).toBe(0);
    expect(r.unknownValueErrors).toBeGreaterThan(0);
    expect(r.perPolicy.honest?.mandatoryOnPreview).toBeGreaterThan(0);
  });

  it("do not count a violation decided by known values", async () => {
    const r = await runFuzz({ bags: 1_500, seed: 7, policies: [noProfiles] });
    expect(r.perPolicy["no-profiles"]?.mandatoryOnPreview).toBeGreaterThan(100);
    expect(r.falseMandatoryViolations).toBe(0);
  });

  it("count throws, with the error in an example", async () => {
    const r = await runFuzz({ bags: 1_500, seed: 7, policies: [trusting] });
    expect(r.throws).toBeGreaterThan(0);
    expect(r.perPolicy.trusting?.throws).toBe(r.throws);
    expect(r.examples.find((e) => e.kind === "throw")?.detail).toMatch(/TypeError/);
  });

  it("check stack policies the same way", async () => {
    const r = await runFuzz({
      bags: 3_000,
      seed: 7,
      stackEvery: 2,
      policies: [stackUnknownMeansMissing],
    });
    expect(r.stacks).toBeGreaterThan(1_000);
    expect(r.perPolicy["stack-unknown-means-missing"]?.falseMandatory).toBeGreaterThan(0);
  });

  it("is reproducible from its seed", async () => {
    const a = await runFuzz({ bags: 300, seed: 11, policies: [unknownMeansMissing, noProfiles] });
    const b = await runFuzz({ bags: 300, seed: 11, policies: [unknownMeansMissing, noProfiles] });
    expect(b.perPolicy).toEqual(a.perPolicy);
    expect(b.bagsWithUnknowns).toBe(a.bagsWithUnknowns);
  });
});
