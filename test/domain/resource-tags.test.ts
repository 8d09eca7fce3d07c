import { describe, expect, it } from "vitest";
import { governanceTags } from "../../domain/resource-tags";
import { tagKeys } from "../../domain/tags";

const keys = tagKeys();
const outcome = {
  id: "lead-time",
  statement: "Reduce lead time from 48 hours to 24 hours by Q3.",
  kpi: "eng.lead-time",
  reviewBy: "2027-03-31",
};

describe("governanceTags", () => {
  it("tags only the team when nothing else is declared (a team key's owner)", () => {
    expect(governanceTags(keys, { team: "search" })).toEqual({ [keys.team]: "search" });
  });

  it("tags the outcome's id, KPI and review date with the outcome", () => {
    expect(governanceTags(keys, { team: "search", outcome })).toMatchObject({
      [keys.outcome]: "lead-time",
      [keys.kpi]: "eng.lead-time",
      [keys.reviewBy]: "2027-03-31",
    });
  });

  it("uses the configured prefix for every key", () => {
    const acme = tagKeys("acme:");
    expect(Object.keys(governanceTags(acme, { team: "s", tier: "premium" }))).toEqual([
      acme.team,
      acme.modelTier,
    ]);
  });

  it("writes the hard stop and task class when declared", () => {
    const tags = governanceTags(keys, { team: "s", hardStop: "budget-action", taskClass: "code" });
    expect([tags[keys.hardStop], tags[keys.taskClass]]).toEqual(["budget-action", "code"]);
  });
});
