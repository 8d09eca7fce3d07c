import { describe, expect, it } from "vitest";
import { classifyModel } from "../../domain/catalog";
import { governanceTags } from "../../domain/resource-tags";
import { coverage, percentOfCeiling, tagCompleteness } from "../../domain/spend-model";
import { tagKeys } from "../../domain/tags";

const keys = tagKeys();

describe("coverage of an outcome's endpoints", () => {
  it("is yes, no, partial or unknown as the endpoints are", () => {
    expect(coverage(["yes", "yes"])).toBe("yes");
    expect(coverage([])).toBe("no");
    expect(coverage(["yes", "no"])).toBe("partial");
    expect(coverage(["yes", "unknown"])).toBe("unknown");
  });
});

describe("percent of ceiling", () => {
  it("is spend over the monthly ceiling times the months, to one decimal", () => {
    expect(percentOfCeiling(3250.25, 5000, 1)).toBe(65);
    expect(percentOfCeiling(900, 800, 1)).toBe(112.5);
    expect(percentOfCeiling(1, 3, 1)).toBe(33.3);
    expect(percentOfCeiling(100, 100, 2)).toBe(50);
    expect(percentOfCeiling(100, undefined, 1)).toBeUndefined();
    expect(percentOfCeiling(100, 0, 1)).toBeUndefined();
  });
});

describe("tag completeness", () => {
  const opus = classifyModel("anthropic.claude-opus-4-1-20250805-v1:0");
  const full = {
    ...governanceTags(keys, {
      team: "support",
      costCenter: "CC-1",
      outcome: {
        id: "deflect",
        statement: "Raise the ticket deflection rate from 20% to 45% by June 2027",
        kpi: "support.ticket-deflection-rate",
        reviewBy: "2027-06-30",
      },
      ceilingUsd: 5000,
      tier: "premium",
    }),
  };
  const observed = (values: Record<string, string>, unknownKeys: string[] = []) => ({
    values,
    unknownKeys,
    wholeMapUnknown: false,
  });

  it("every cost-allocation tag present and well formed is complete", () => {
    expect(tagCompleteness(observed(full), keys, "aws", opus)).toEqual({
      complete: "yes",
      problems: [],
    });
  });

  it("names each missing or malformed tag", () => {
    const { [keys.costCenter]: _cc, ...noCostCenter } = full;
    const t = tagCompleteness(
      observed({
        ...noCostCenter,
        [keys.costCeilingUsd]: "5k",
        [keys.modelTier]: "economy",
        [keys.reviewBy]: "June",
      }),
      keys,
      "aws",
      opus,
    );
    expect(t.complete).toBe("no");
    expect(t.problems).toEqual(
      expect.arrayContaining([
        "missing ai-cost-center",
        expect.stringMatching(/ai-cost-ceiling-usd "5k" is not a positive number/),
        expect.stringMatching(/ai-model-tier says "economy" but Claude Opus 4.1 is premium/),
        expect.stringMatching(/ai-review-by "June" is not a date/),
      ]),
    );
  });

  it("a value AWS rejects makes the set incomplete", () => {
    const t = tagCompleteness(
      observed({ ...full, [keys.team]: "support, tier 1" }),
      keys,
      "aws",
      opus,
    );
    expect(t.complete).toBe("no");
    expect(t.problems.join("\n")).toMatch(/ai-team: value may contain only/);
  });

  it("values computed at deploy time are unknown, not missing", () => {
    const { [keys.outcome]: _o, ...rest } = full;
    expect(tagCompleteness(observed(rest, [keys.outcome]), keys, "aws", opus).complete).toBe(
      "unknown",
    );
    expect(
      tagCompleteness({ values: {}, unknownKeys: [], wholeMapUnknown: true }, keys, "aws", opus)
        .complete,
    ).toBe("unknown");
  });
});
