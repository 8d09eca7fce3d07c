import { describe, expect, it } from "vitest";
import { apiKeyAgeProblem, BEDROCK_API_KEY_AGE_DAYS } from "../../domain/api-keys";

const { min, max } = BEDROCK_API_KEY_AGE_DAYS;

describe("apiKeyAgeProblem", () => {
  it("accepts the shortest and the longest allowed age", () => {
    expect([apiKeyAgeProblem(min), apiKeyAgeProblem(max)]).toEqual([undefined, undefined]);
  });

  it("refuses an age past the maximum and names the allowed range", () => {
    expect(apiKeyAgeProblem(max + 1)).toContain(`from ${min} to ${max}`);
  });

  it("refuses zero days", () => {
    expect(apiKeyAgeProblem(0)).toBeDefined();
  });

  it("refuses a fractional number of days", () => {
    expect(apiKeyAgeProblem(30.5)).toBeDefined();
  });

  it("refuses a number written as text", () => {
    expect(apiKeyAgeProblem("90")).toBeDefined();
  });
});
