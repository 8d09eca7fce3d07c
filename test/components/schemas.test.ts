import { describe, expect, it } from "vitest";
import {
  ApiKeyMaxAgeDaysSchema,
  ApplicationInsightsIdSchema,
  AZURE_SKUS,
  AzureSkuSchema,
  DeploymentNameSchema,
  RunawayDaysSchema,
  SLUG_PATTERN,
  TagPrefixSchema,
  TaskClassArgSchema,
} from "../../components/schemas";
import { RUNAWAY_DAYS_RANGE } from "../../domain";

const message = (r: { success: boolean; error?: { issues: { message: string }[] } }) =>
  r.error?.issues[0]?.message;

describe("argument schemas shared by components and stack config", () => {
  it("a slug is lowercase letters, digits and inner hyphens", () => {
    expect(["support-bot", "Support", "-x", "x-"].map((s) => SLUG_PATTERN.test(s))).toEqual([
      true,
      false,
      false,
      false,
    ]);
  });

  it("names the task classes allowed", () => {
    expect(message(TaskClassArgSchema.safeParse("chat"))).toMatch(/^must be one of: extraction, /);
  });

  it("lists every Azure SKU when refusing one", () => {
    expect(message(AzureSkuSchema.safeParse("Basic"))).toContain(AZURE_SKUS.join(", "));
  });

  it("accepts a deployment name of letters, digits, _ . and -", () => {
    expect(DeploymentNameSchema.safeParse("sales-research_time.gpt-5").success).toBe(true);
  });

  it("refuses a deployment name starting with a hyphen, saying what is allowed", () => {
    expect(message(DeploymentNameSchema.safeParse("-gpt-5"))).toBe(
      "must be 1-64 letters, digits, _ . or -, starting with a letter or digit",
    );
  });

  it("refuses a tag prefix the domain refuses", () => {
    expect(TagPrefixSchema.safeParse("AI ").success).toBe(false);
  });

  it("accepts the default tag prefix", () => {
    expect(TagPrefixSchema.safeParse("ai-").success).toBe(true);
  });

  it("refuses a Bedrock API key age past a year with the domain's message", () => {
    expect(message(ApiKeyMaxAgeDaysSchema.safeParse(400))).toContain("from 1 to 365");
  });

  it("refuses runaway days outside the range and names it", () => {
    expect(message(RunawayDaysSchema.safeParse(RUNAWAY_DAYS_RANGE.max + 1))).toBe(
      `must be ${RUNAWAY_DAYS_RANGE.min}-${RUNAWAY_DAYS_RANGE.max} days`,
    );
  });

  it("refuses fractional runaway days", () => {
    expect(message(RunawayDaysSchema.safeParse(1.5))).toContain("whole number of days");
  });

  it("accepts an Application Insights resource id, any case", () => {
    const id =
      "/subscriptions/s/resourceGroups/rg/providers/microsoft.insights/components/ai-insights";
    expect(ApplicationInsightsIdSchema.safeParse(id).success).toBe(true);
  });

  it("refuses another resource's id as an Application Insights id", () => {
    const id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app";
    expect(ApplicationInsightsIdSchema.safeParse(id).success).toBe(false);
  });
});
