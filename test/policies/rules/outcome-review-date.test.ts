import { afterEach, describe, expect, it, vi } from "vitest";
import packRule from "../../../policies/rules/outcome-review-date";
import { bedrockProfile, OPUS, tagsWith } from "../../support/policy-fixtures";
import { runResourcePolicy, UNKNOWN } from "../../support/policy-harness";

const { policy } = packRule;

describe("outcome-review-date", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("flags, as advisory, an outcome past its review date; passes one still ahead", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-23T12:00:00Z"));
    const past = await runResourcePolicy(
      policy,
      bedrockProfile(OPUS, tagsWith({ "ai-review-by": "2026-11-22" })),
    );
    expect(past).toHaveLength(1);
    expect(past[0]!.enforcementLevel).toBe("advisory");
    expect(past[0]!.message).toContain("due for review on 2026-11-22");
    expect(
      await runResourcePolicy(
        policy,
        bedrockProfile(OPUS, tagsWith({ "ai-review-by": "2026-11-23" })),
      ),
    ).toEqual([]);
  });

  it("flags a review date that is not a date, and applies to any resource with the tag", async () => {
    const d = await runResourcePolicy(
      policy,
      bedrockProfile(OPUS, tagsWith({ "ai-review-by": "next spring" })),
    );
    expect(d[0]!.message).toContain("is not a date written YYYY-MM-DD");
    const role = { type: "aws:iam/role:Role", props: { tags: { "ai-review-by": "2001-01-01" } } };
    expect(await runResourcePolicy(policy, role)).toHaveLength(1);
  });

  it("never throws on malformed tags; ignores resources without a review date", async () => {
    for (const tags of [null, "x", [], {}, tagsWith({ "ai-review-by": undefined })]) {
      expect(await runResourcePolicy(policy, bedrockProfile(OPUS, tags))).toEqual([]);
    }
    expect(
      (await runResourcePolicy(policy, bedrockProfile(OPUS, { "ai-review-by": 20260101 })))[0]!
        .message,
    ).toContain("is a number");
  });

  it("defers an unknown review date", async () => {
    const d = await runResourcePolicy(
      policy,
      bedrockProfile(OPUS, tagsWith({ "ai-review-by": UNKNOWN })),
    );
    expect(d[0]!.message).toContain("undecided at preview");
  });
});
