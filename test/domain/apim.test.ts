import { describe, expect, it } from "vitest";
import {
  classifyModel,
  deploymentTokenLimit,
  llmTokenLimitPolicyXml,
  parseLlmTokenLimits,
  priceOf,
  tokenBudget,
} from "../../domain";

describe("llm-token-limit policy", () => {
  const gpt5 = classifyModel("gpt-5");
  const mini = classifyModel("gpt-4o-mini");

  it("gives each deployment the quota its ceiling buys at the catalog's output price", () => {
    const limit = deploymentTokenLimit("research", gpt5, 5000);
    // GPT-5 output is 10 USD per 1M tokens: 5,000 USD buys 500M tokens (tokenBudget rounds down,
    // and binary floating point makes that one token less).
    expect(priceOf(gpt5).outputPer1M).toBe(10);
    expect(limit.monthlyTokenQuota).toBe(tokenBudget(gpt5, 5000).monthlyTokens);
    expect(Math.abs(limit.monthlyTokenQuota - 500_000_000)).toBeLessThanOrEqual(1);
    expect(limit.tokensPerMinute).toBe(tokenBudget(gpt5, 5000).tokensPerMinute);
    expect(limit.monthlyTokenQuota * (priceOf(gpt5).outputPer1M / 1e6)).toBeLessThanOrEqual(5000);
  });

  it("writes XML that reads back to the same limits, per deployment", () => {
    const limits = [
      deploymentTokenLimit("research", gpt5, 5000),
      deploymentTokenLimit("drafts", mini, 800),
    ];
    const xml = llmTokenLimitPolicyXml(limits);
    expect(parseLlmTokenLimits(xml)).toEqual(
      limits.map((l) => ({
        deploymentName: l.deploymentName,
        tokensPerMinute: l.tokensPerMinute,
        tokenQuota: l.monthlyTokenQuota,
        tokenQuotaPeriod: "Monthly",
      })),
    );
    expect(xml).toContain('<set-status code="403"');
    expect(xml).not.toMatch(/condition="[^"]*"[^ >]*"/); // quotes inside attributes are escaped
  });

  it("refuses unsafe or duplicate deployment names and an empty list", () => {
    expect(() => llmTokenLimitPolicyXml([deploymentTokenLimit('a"><x', gpt5, 10)])).toThrow(
      /deployment name/,
    );
    expect(() =>
      llmTokenLimitPolicyXml([
        deploymentTokenLimit("a", gpt5, 10),
        deploymentTokenLimit("a", mini, 10),
      ]),
    ).toThrow(/twice/);
    expect(() => llmTokenLimitPolicyXml([])).toThrow(/at least one/);
  });

  it("parses nothing from text without a policy, and never throws", () => {
    expect(parseLlmTokenLimits("<policies/>")).toEqual([]);
    expect(parseLlmTokenLimits(undefined)).toEqual([]);
    expect(parseLlmTokenLimits('<llm-token-limit tokens-per-minute="x" />')).toEqual([{}]);
  });
});
