import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_CEILING_USD } from "../../domain/governance";
import { DEFAULT_MAXIMA, either, K } from "../../policies/text";

describe("policy text helpers", () => {
  it("join lists as prose", () => {
    expect(either([])).toBe("");
    expect(either(["a"])).toBe("a");
    expect(either(["a", "b", "c"])).toBe("a, b or c");
    expect(either(["a", "b"], "and")).toBe("a and b");
  });

  it("name the domain's defaults as config writes them", () => {
    expect(K.costCeilingUsd).toBe("ai-cost-ceiling-usd");
    expect(DEFAULT_MAXIMA).toContain(`${DEFAULT_MAX_CEILING_USD.premium} premium`);
  });
});
