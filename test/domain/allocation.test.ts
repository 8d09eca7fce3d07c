import { describe, expect, it } from "vitest";
import { allocate } from "../../domain/allocation";
import { UNTAGGED, type ReportEndpoint, type SpendLine } from "../../domain/spend-model";

function endpoint(over: Partial<ReportEndpoint> & { resource: string }): ReportEndpoint {
  return {
    urn: `urn:pulumi:prod::p::aws:bedrock/inferenceProfile:InferenceProfile::${over.resource}`,
    resourceType: "aws:bedrock/inferenceProfile:InferenceProfile",
    cloud: "aws",
    model: "anthropic.claude-opus-4-1",
    modelName: "Claude Opus 4.1",
    tier: "premium",
    projectedMax: { usd: undefined, basis: "maximum", reason: "on-demand", assumptions: [] },
    budgetAlarm: "yes",
    tags: { complete: "yes", problems: [] },
    billingIds: [],
    ...over,
  };
}

function line(over: Partial<SpendLine> & { effectiveCostUsd: number }): SpendLine {
  return {
    line: 2,
    cloud: "aws",
    service: "amazon-bedrock",
    serviceName: "Amazon Bedrock",
    billedCostUsd: over.effectiveCostUsd,
    ...over,
  };
}

describe("allocating billed AI spend to outcomes", () => {
  const a = endpoint({
    resource: "a",
    team: "support",
    outcome: "deflect",
    ceilingUsd: 1000,
    billingIds: ["arn:aws:bedrock:us-east-1:1:application-inference-profile/a"],
  });
  const b = endpoint({
    resource: "b",
    team: "support",
    outcome: "deflect",
    ceilingUsd: 500,
    billingIds: ["arn:aws:bedrock:us-east-1:1:application-inference-profile/b"],
  });

  it("spend goes to the endpoint its ResourceId names, within the outcome its tag names", () => {
    const r = allocate([a, b], {
      months: ["2026-11"],
      lines: [
        line({
          outcome: "deflect",
          resourceId: "ARN:aws:bedrock:us-east-1:1:application-inference-profile/a",
          effectiveCostUsd: 300,
        }),
        line({
          outcome: "deflect",
          resourceId: "arn:aws:bedrock:us-east-1:1:application-inference-profile/b",
          effectiveCostUsd: 100,
        }),
      ],
    });
    const rows = Object.fromEntries(r.rows.map((x) => [x.resource, x]));
    expect(rows.a?.actualUsd).toBe(300);
    expect(rows.a?.pctOfCeiling).toBe(30);
    expect(rows.b?.actualUsd).toBe(100);
    expect(rows.b?.pctOfCeiling).toBe(20);
    expect(r.outcomes).toHaveLength(1);
    expect(r.outcomes[0]?.totals).toMatchObject({
      ceilingUsd: 1500,
      actualUsd: 400,
      pctOfCeiling: 26.7,
    });
  });

  it("tagged spend no endpoint can take is a billed line of its outcome, not lost", () => {
    const r = allocate([a, b], {
      months: ["2026-11"],
      lines: [
        line({
          outcome: "deflect",
          effectiveCostUsd: 42.5,
          serviceName: "Claude Opus 4.1 (Amazon Bedrock Edition)",
          service: "bedrock-marketplace",
          model: "Claude Opus 4.1",
        }),
      ],
    });
    const billed = r.rows.filter((x) => x.kind === "billed");
    expect(billed).toHaveLength(1);
    expect(billed[0]).toMatchObject({
      team: "support",
      outcome: "deflect",
      actualUsd: 42.5,
      modelName: "Claude Opus 4.1",
    });
    expect(r.outcomes[0]?.totals.actualUsd).toBe(42.5);
  });

  it("the outcome's only endpoint on that cloud takes tagged spend without a resource id", () => {
    const r = allocate([a], {
      months: ["2026-11"],
      lines: [line({ outcome: "deflect", effectiveCostUsd: 75 })],
    });
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]?.actualUsd).toBe(75);
    expect(r.rows[0]?.billingLines).toBe(1);
  });

  it("spend with no outcome tag is its own untagged line, even when it is the only spend", () => {
    const r = allocate([a], {
      months: ["2026-11"],
      lines: [
        line({
          effectiveCostUsd: 450,
          resourceId: "arn:aws:bedrock:us-east-1:1:inference-profile/us.x",
        }),
        line({
          effectiveCostUsd: 50.25,
          resourceId: "arn:aws:bedrock:us-east-1:1:inference-profile/us.x",
        }),
      ],
    });
    const untagged = r.outcomes.find((o) => o.outcome === UNTAGGED);
    expect(untagged?.untagged).toBe(true);
    expect(untagged?.totals.actualUsd).toBe(500.25);
    expect(untagged?.totals.pctOfCeiling).toBeUndefined();
    expect(r.total.untaggedActualUsd).toBe(500.25);
    expect(r.rows.find((x) => x.resource === "a")?.actualUsd).toBe(0);
    // Untagged comes after the tagged outcomes.
    expect(r.outcomes.map((o) => o.outcome)).toEqual(["deflect", UNTAGGED]);
  });

  it("untagged spend on a resource the stack tags is flagged: the tag is not active in billing", () => {
    const r = allocate([a], {
      months: ["2026-11"],
      lines: [line({ effectiveCostUsd: 10, resourceId: a.billingIds[0] })],
    });
    expect(r.total.untaggedActualUsd).toBe(10);
    expect(r.notes.join("\n")).toMatch(/activate the cost-allocation tags/);
  });

  it("an outcome seen only in the bill is reported, with the team its tag names", () => {
    const r = allocate([a], {
      months: ["2026-11"],
      lines: [
        line({
          outcome: "churn",
          team: "data",
          effectiveCostUsd: 640,
          service: "amazon-sagemaker",
        }),
      ],
    });
    const churn = r.outcomes.find((o) => o.outcome === "churn");
    expect(churn).toMatchObject({ team: "data", inStack: false });
    expect(churn?.totals.actualUsd).toBe(640);
    expect(r.teams.map((t) => t.team)).toEqual(["data", "support"]);
  });

  it("a bill that disagrees with the stack counts the spend where the bill says, and says so", () => {
    const r = allocate([a], {
      months: ["2026-11"],
      lines: [line({ outcome: "other", resourceId: a.billingIds[0], effectiveCostUsd: 5 })],
    });
    expect(r.outcomes.find((o) => o.outcome === "other")?.totals.actualUsd).toBe(5);
    expect(r.notes.join("\n")).toMatch(
      /the bill tags .* with outcome "other" but the stack declares "deflect"/,
    );
  });

  it("an Azure deployment takes its account's spend (Azure bills at the account)", () => {
    const account =
      "/subscriptions/1/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/acc";
    const dep = endpoint({
      resource: "dep",
      cloud: "azure",
      outcome: "content",
      team: "mkt",
      ceilingUsd: 2000,
      billingIds: [`${account}/deployments/gpt5`],
    });
    const other = endpoint({ resource: "x", cloud: "aws", outcome: "content", team: "mkt" });
    const r = allocate([dep, other], {
      months: ["2026-11"],
      lines: [
        line({
          outcome: "content",
          cloud: "azure",
          service: "azure-openai",
          resourceId: account.toLowerCase(),
          effectiveCostUsd: 1200,
        }),
      ],
    });
    expect(r.rows.find((x) => x.resource === "dep")?.actualUsd).toBe(1200);
    expect(r.rows.find((x) => x.resource === "dep")?.pctOfCeiling).toBe(60);
  });

  it("credits reduce spend", () => {
    const r = allocate([a], {
      months: ["2026-11"],
      lines: [
        line({ outcome: "deflect", effectiveCostUsd: 100.1 }),
        line({ outcome: "deflect", effectiveCostUsd: -0.1 }),
      ],
    });
    expect(r.total.actualUsd).toBe(100);
  });

  it("a bill over several months compares with that many months of ceiling", () => {
    const r = allocate([a], {
      months: ["2026-10", "2026-11"],
      lines: [line({ outcome: "deflect", effectiveCostUsd: 1000 })],
    });
    expect(r.rows[0]?.pctOfCeiling).toBe(50);
  });

  it("without a bill there are no actual figures at all", () => {
    const r = allocate([a, b]);
    expect(r.rows.every((x) => x.actualUsd === undefined && x.pctOfCeiling === undefined)).toBe(
      true,
    );
    expect(r.total.actualUsd).toBeUndefined();
    expect(r.months).toBeUndefined();
  });

  it("totals per team and overall: ceilings and projected maximums add up, uncapped endpoints are counted", () => {
    const capped = endpoint({
      resource: "c",
      team: "ops",
      outcome: "cycle",
      ceilingUsd: 3000,
      projectedMax: { usd: 2190, basis: "maximum", assumptions: [] },
    });
    const r = allocate([a, b, capped]);
    expect(r.total).toMatchObject({
      outcomes: 2,
      endpoints: 3,
      ceilingUsd: 4500,
      projectedMaxUsd: 2190,
      uncappedEndpoints: 2,
    });
    expect(r.teams.find((t) => t.team === "support")?.totals).toMatchObject({
      ceilingUsd: 1500,
      uncappedEndpoints: 2,
    });
    expect(r.teams.find((t) => t.team === "ops")?.totals).toMatchObject({
      ceilingUsd: 3000,
      projectedMaxUsd: 2190,
      uncappedEndpoints: 0,
    });
  });

  it("coverage of budget alarms and hard stops per outcome", () => {
    const r = allocate([
      endpoint({ resource: "p", outcome: "o", budgetAlarm: "yes", hardStop: "budget-action" }),
      endpoint({ resource: "q", outcome: "o", budgetAlarm: "no", cloud: "azure" }),
    ]);
    expect(r.outcomes[0]).toMatchObject({
      budgetAlarm: "partial",
      hardStop: "partial",
      hardStopKinds: ["budget-action"],
    });
  });
});

describe("daily spend, untagged sources and summed lines", () => {
  const a = endpoint({
    resource: "a",
    team: "support",
    outcome: "deflect",
    billingIds: ["arn:aws:bedrock:us-east-1:1:application-inference-profile/a"],
  });

  it("each line's day goes to the team and outcome it is allocated to", () => {
    const r = allocate([a], {
      months: ["2026-11"],
      lines: [
        line({ outcome: "deflect", team: "other", day: "2026-11-01", effectiveCostUsd: 10 }),
        line({ outcome: "deflect", day: "2026-11-01", effectiveCostUsd: 5 }),
        line({ outcome: "deflect", day: "2026-11-02", effectiveCostUsd: 7 }),
        line({ day: "2026-11-02", effectiveCostUsd: 3 }),
      ],
    });
    expect(r.daily).toEqual([
      { team: "support", outcome: "deflect", date: "2026-11-01", usd: 15 },
      { team: "support", outcome: "deflect", date: "2026-11-02", usd: 7 },
      { team: "", outcome: UNTAGGED, date: "2026-11-02", usd: 3 },
    ]);
  });

  it("untagged spend by service, account and region; a summed line counts its lines", () => {
    const r = allocate([a], {
      months: ["2026-11"],
      lines: [
        line({ account: "111", region: "us-east-1", count: 40, effectiveCostUsd: 12 }),
        line({ account: "111", region: "us-east-1", count: 2, effectiveCostUsd: 1 }),
        line({ account: "222", region: "eu-west-1", effectiveCostUsd: 4 }),
        line({ outcome: "deflect", count: 9, effectiveCostUsd: 100 }),
      ],
    });
    expect(r.untaggedSources).toEqual([
      { service: "Amazon Bedrock", account: "111", region: "us-east-1", usd: 13, lines: 42 },
      { service: "Amazon Bedrock", account: "222", region: "eu-west-1", usd: 4, lines: 1 },
    ]);
    expect(r.rows.find((x) => x.resource === "a")?.billingLines).toBe(9);
  });
});
