import { describe, expect, it } from "vitest";
import packRule from "../../../policies/rules/ai-cost-allocation-tags-valid";
import {
  awsBudget,
  azureAccount,
  azureBudget,
  azureDeployment,
  bedrockProfile,
  GOOD_TAGS,
  HAIKU,
  OPUS,
  tagsWith,
} from "../../support/policy-fixtures";
import { at, runResourcePolicy, UNKNOWN, unknownOf } from "../../support/policy-harness";

const { policy } = packRule;

describe("ai-cost-allocation-tags-valid", () => {
  it("passes valid tags on endpoints, accounts and budgets", async () => {
    expect(await runResourcePolicy(policy, bedrockProfile(OPUS, GOOD_TAGS))).toEqual([]);
    expect(await runResourcePolicy(policy, azureDeployment("gpt-5"))).toEqual([]);
    expect(
      await runResourcePolicy(
        policy,
        azureAccount({ kind: "OpenAI", tags: { "ai-team": "platform" } }),
      ),
    ).toEqual([]);
    expect(
      await runResourcePolicy(
        policy,
        awsBudget({
          filter: "user:ai-outcome$support-ticket-resolution",
          tags: { "ai-team": "x" },
        }),
      ),
    ).toEqual([]);
  });

  it("flags characters AWS does not allow, naming the tag", async () => {
    const d = await runResourcePolicy(
      policy,
      bedrockProfile(
        OPUS,
        tagsWith({ "ai-outcome-statement": "Cut handling time by 40%, from 10 to 6 minutes" }),
      ),
    );
    expect(d).toHaveLength(1);
    expect(d[0]!.enforcementLevel).toBe("mandatory");
    expect(d[0]!.message).toContain(
      'tag "ai-outcome-statement": value may contain only letters, digits, spaces',
    );
  });

  it("flags Azure's forbidden name characters and case-insensitive collisions", async () => {
    const d = await runResourcePolicy(
      policy,
      azureDeployment("gpt-5", undefined, { ...GOOD_TAGS, "AI-TEAM": "x", "cost/center": "y" }),
    );
    expect(d[0]!.message).toContain("collides with");
    expect(d[0]!.message).toContain('tag "cost/center": name may not contain');
  });

  it("flags governance tags with values outside their lists", async () => {
    const d = await runResourcePolicy(
      policy,
      bedrockProfile(
        OPUS,
        tagsWith({ "ai-model-tier": "gold", "ai-task-class": "chat", "ai-hard-stop": "yes" }),
      ),
    );
    expect(d[0]!.message).toContain(
      'ai-model-tier "gold" is not one of: premium, standard, economy',
    );
    expect(d[0]!.message).toContain('ai-task-class "chat"');
    expect(d[0]!.message).toContain('ai-hard-stop "yes"');
  });

  it("checks the tier label and ceiling of endpoints outside the gated tiers", async () => {
    const d = await runResourcePolicy(
      policy,
      bedrockProfile(HAIKU, { "ai-model-tier": "premium", "ai-cost-ceiling-usd": "$50" }),
    );
    expect(d[0]!.message).toContain("Claude Haiku 4.5 is economy in the catalog");
    expect(d[0]!.message).toContain('ai-model-tier says "premium"');
    expect(d[0]!.message).toContain('ai-cost-ceiling-usd is "$50"');
  });

  it("checks the tag filters of budgets", async () => {
    const bad = await runResourcePolicy(
      policy,
      awsBudget({ filter: "user:ai-outcome$support, tickets" }),
    );
    expect(bad[0]!.message).toContain("cost filter");
    const malformed = await runResourcePolicy(policy, awsBudget({ filter: "ai-outcome=support" }));
    expect(malformed[0]!.message).toContain("is not user:<tag key>$<value>");
    expect(
      await runResourcePolicy(policy, azureBudget({ tag: "ai-outcome", value: "a&b" })),
    ).toEqual([]);
  });

  it("validates the tags an AWS budget's filterExpression names, as the stack rules read them", async () => {
    const budget = awsBudget({ filter: "user:ai-outcome$support" });
    const props = { ...(budget.props as Record<string, unknown>) };
    delete props.costFilters;
    props.filterExpression = {
      ands: [{ tags: { key: "ai-outcome", values: ["support, tickets"] } }],
    };
    const d = await runResourcePolicy(policy, { ...budget, props });
    expect(d[0]?.message).toContain('filterExpression tag ai-outcome="support, tickets"');
  });

  it("applies to any resource carrying an OutcomeGuard tag (a key's owner), and to nothing else", async () => {
    const user = {
      type: "aws:iam/user:User",
      name: "team-key-owner",
      props: { tags: { "ai-team": "support, platform" } },
    };
    expect(await runResourcePolicy(policy, user)).toHaveLength(1);
    const bucket = {
      type: "aws:s3/bucket:Bucket",
      name: "logs",
      props: { tags: { owner: "a,b" } },
    };
    expect(await runResourcePolicy(policy, bucket)).toEqual([]);
    const component = { type: "outcomeguard:aws:GatedEndpoint", name: "c", props: { tags: 5 } };
    expect(await runResourcePolicy(policy, component)).toEqual([]);
  });

  it("never throws on malformed tags: a clear violation or not applicable", async () => {
    expect(
      (await runResourcePolicy(policy, bedrockProfile(OPUS, "ai-team=x")))[0]!.message,
    ).toContain("tags is a string");
    expect((await runResourcePolicy(policy, bedrockProfile(OPUS, [1, 2])))[0]!.message).toContain(
      "tags is a list",
    );
    expect(await runResourcePolicy(policy, bedrockProfile(OPUS, null))).toEqual([]);
    const numbers = await runResourcePolicy(
      policy,
      bedrockProfile(OPUS, tagsWith({ "ai-team": 7, "ai-kpi": null })),
    );
    expect(numbers[0]!.message).toContain('tag "ai-team" is a number');
    expect(numbers[0]!.message).toContain('tag "ai-kpi" is null');
    expect(
      await runResourcePolicy(policy, { type: "aws:iam/user:User", props: { tags: "x" } }),
    ).toEqual([]);
  });

  it("defers unknown values but still checks what is known", async () => {
    const whole = await runResourcePolicy(policy, bedrockProfile(OPUS, unknownOf("object")));
    expect(at("mandatory", whole)).toEqual([]);
    expect(whole[0]!.message).toContain("the tags are not known until the update");
    const d = await runResourcePolicy(
      policy,
      bedrockProfile(OPUS, { ...GOOD_TAGS, "ai-outcome-statement": UNKNOWN, "bad%key": "x" }),
    );
    expect(at("mandatory", d)[0]!.message).toContain('tag "bad%key"');
    expect(at("advisory", d)[0]!.message).toContain("ai-outcome-statement");
  });
});
