import { describe, expect, it } from "vitest";
import {
  classifyModel,
  deploymentTokenLimit,
  llmEmitTokenMetricXml,
  llmTokenLimitPolicyXml,
  meteringDimensions,
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

describe("llm-emit-token-metric (per-outcome metering)", () => {
  const gpt5 = classifyModel("gpt-5");

  it("meters each deployment by team, outcome, key and deployment, inside its own branch", () => {
    const xml = llmTokenLimitPolicyXml(
      [deploymentTokenLimit("research", gpt5, 5000, "sales-research-time")],
      { namespace: "outcomeguard", team: "sales" },
    );
    expect(xml).toContain('<llm-emit-token-metric namespace="outcomeguard">');
    expect(xml).toContain('<dimension name="team" value="sales" />');
    expect(xml).toContain('<dimension name="outcome" value="sales-research-time" />');
    expect(xml).toContain('<dimension name="key" value="@(context.Subscription.Id)" />');
    expect(xml).toContain('<dimension name="deployment" value="research" />');
    // Inside the deployment's <when>, so it meters that deployment's calls only.
    const branch = xml.slice(xml.indexOf("<when"), xml.indexOf("</when>"));
    expect(branch).toContain("<llm-emit-token-metric");
    // The limits still read back.
    expect(parseLlmTokenLimits(xml)[0]?.deploymentName).toBe("research");
  });

  it("emits nothing without metering", () => {
    expect(llmTokenLimitPolicyXml([deploymentTokenLimit("research", gpt5, 5000)])).not.toContain(
      "llm-emit-token-metric",
    );
  });

  it("refuses more than 5 custom dimensions", () => {
    const six = Array.from({ length: 6 }, (_, i) => ({ name: `d${i}`, value: "v" }));
    expect(() => llmEmitTokenMetricXml("outcomeguard", six)).toThrow(/1-5 custom dimensions/);
    expect(meteringDimensions({ team: "t", outcome: "o", deploymentName: "d" })).toHaveLength(4);
  });
});
