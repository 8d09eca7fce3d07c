import * as pulumi from "@pulumi/pulumi";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { installMocks, valueOf } from "../../support/component-mocks";
import {
  CODE_REVIEW,
  HAIKU,
  premiumBedrock,
  TICKET_DEFLECTION,
} from "../../support/component-fixtures";

const captured = installMocks();

import { BedrockGatedEndpoint } from "../../../components";
import { tagKeys } from "../../../domain";

const PROFILE = "aws:bedrock/inferenceProfile:InferenceProfile";
const THROUGHPUT = "aws:bedrock/provisionedModelThroughput:ProvisionedModelThroughput";

beforeEach(() => captured.reset());

describe("BedrockGatedEndpoint", () => {
  it("creates one tagged application inference profile copying the system profile", async () => {
    const endpoint = new BedrockGatedEndpoint("review", premiumBedrock());
    await captured.settle();

    expect(captured.resources.map((r) => r.type)).toEqual([
      "outcomeguard:aws:GatedEndpoint",
      PROFILE,
    ]);
    const profile = captured.one(PROFILE);
    expect(profile.parentType).toBe("outcomeguard:aws:GatedEndpoint");
    expect(profile.parentUrn).toBe(captured.one("outcomeguard:aws:GatedEndpoint").urn);
    expect(profile.inputs.modelSource).toEqual({
      copyFrom:
        "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-opus-4-1-20250805-v1:0",
    });
    expect(profile.inputs.tags).toEqual({
      "ai-team": "platform",
      "ai-outcome": "code-review-lead-time",
      "ai-outcome-statement": CODE_REVIEW.statement,
      "ai-kpi": "engineering.lead-time-for-changes",
      "ai-review-by": "2027-03-31",
      "ai-cost-ceiling-usd": "5000",
      "ai-model-tier": "premium",
      "ai-cost-center": "CC-4410",
      "ai-task-class": "code",
    });
    expect(await valueOf(endpoint.arn)).toBe(profile.state.arn);
    expect(await valueOf(endpoint.arn)).toMatch(
      /^arn:aws:bedrock:us-east-1:123456789012:application-inference-profile\/[0-9a-f]{12}$/,
    );
    expect(endpoint.tags).toEqual(profile.inputs.tags);
  });

  it("takes the tier from the catalog: economy for Haiku, premium for a model it does not know", async () => {
    const haiku = new BedrockGatedEndpoint(
      "triage",
      premiumBedrock({
        model: HAIKU,
        outcome: TICKET_DEFLECTION,
        taskClass: "classification",
        monthlyCeilingUsd: 800,
      }),
    );
    const unknown = new BedrockGatedEndpoint(
      "novel",
      premiumBedrock({ model: "anthropic.claude-future-9-v1:0" }),
    );
    await captured.settle();
    expect(haiku.tier).toBe("economy");
    expect(unknown.tier).toBe("premium");
    const tiers = captured
      .ofType(PROFILE)
      .map((r) => (r.inputs.tags as Record<string, string>)["ai-model-tier"]);
    expect(tiers).toEqual(["economy", "premium"]);
    expect(captured.ofType(PROFILE)[0]?.inputs.modelSource).toEqual({
      copyFrom: `arn:aws:bedrock:us-east-1::foundation-model/${HAIKU}`,
    });
  });

  it("projects expected spend from declared tokens", async () => {
    const e = new BedrockGatedEndpoint(
      "review",
      premiumBedrock({
        expectedTokens: { inputTokensPerMonth: 100_000_000, outputTokensPerMonth: 20_000_000 },
      }),
    );
    // Opus 4.1: 15 USD in, 75 USD out per 1M tokens.
    expect(e.projection.expected?.usd).toBe(100 * 15 + 20 * 75);
    expect(e.projection.maximum).toBeUndefined();
    await captured.settle();
  });

  it("with capacity, is provisioned throughput instead of a profile, projected against the ceiling", async () => {
    const e = new BedrockGatedEndpoint(
      "batch",
      premiumBedrock({
        model: "anthropic.claude-opus-4-1-20250805-v1:0",
        capacity: { provisionedModelUnits: 1, commitment: "OneMonth" },
        monthlyCeilingUsd: 20000,
        catalogOverrides: [{ id: "claude-opus-4-1", tier: "premium", modelUnitHourlyUsd: 25 }],
      }),
    );
    await captured.settle();
    expect(captured.ofType(PROFILE)).toHaveLength(0);
    const pt = captured.one(THROUGHPUT);
    expect(pt.parentType).toBe("outcomeguard:aws:GatedEndpoint");
    expect(pt.inputs).toMatchObject({
      modelArn:
        "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-opus-4-1-20250805-v1:0",
      modelUnits: 1,
      commitmentDuration: "OneMonth",
    });
    expect((pt.inputs.tags as Record<string, string>)["ai-cost-ceiling-usd"]).toBe("20000");
    expect(e.projection.maximum?.usd).toBe(25 * 730);
    expect(await valueOf(e.arn)).toBe(pt.state.provisionedModelArn);
    expect(await valueOf(e.grants)).toEqual([
      { arn: pt.state.provisionedModelArn, foundationModelArns: [] },
    ]);
  });

  it("declares the budget-action hard stop and a custom tag prefix in the tags", async () => {
    new BedrockGatedEndpoint(
      "review",
      premiumBedrock({ hardStop: "budget-action", tagPrefix: "acme:ai-" }),
    );
    await captured.settle();
    const tags = captured.one(PROFILE).inputs.tags as Record<string, string>;
    const keys = tagKeys("acme:ai-");
    expect(tags[keys.hardStop]).toBe("budget-action");
    expect(tags[keys.outcome]).toBe(CODE_REVIEW.id);
    expect(Object.keys(tags).every((k) => k.startsWith("acme:ai-"))).toBe(true);
  });

  it("grants the profile and, only through it, the models it routes to", async () => {
    const e = new BedrockGatedEndpoint("review", premiumBedrock());
    await captured.settle();
    expect(await valueOf(e.grants)).toEqual([
      {
        arn: captured.one(PROFILE).state.arn,
        foundationModelArns: [
          "arn:aws:bedrock:*::foundation-model/anthropic.claude-opus-4-1-20250805-v1:0",
        ],
      },
    ]);
  });

  describe("advisories", () => {
    afterEach(() => vi.restoreAllMocks());
    const warnings = () => {
      const warn = vi.spyOn(pulumi.log, "warn").mockResolvedValue(undefined);
      return () => warn.mock.calls.map((c) => String(c[0]));
    };

    it("warns on the endpoint when a premium on-demand endpoint has neither a hard stop nor a runaway alarm", async () => {
      const logged = warnings();
      new BedrockGatedEndpoint("review", premiumBedrock());
      await captured.settle();
      expect(logged()).toEqual([
        expect.stringMatching(
          /premium on-demand endpoint with neither a hard stop nor a runaway alarm/,
        ),
      ]);
    });

    it("stays quiet with a runaway alarm or a hard stop", async () => {
      const logged = warnings();
      new BedrockGatedEndpoint("review", premiumBedrock({ runawayAlarm: true }));
      new BedrockGatedEndpoint("review2", premiumBedrock({ hardStop: "budget-action" }));
      await captured.settle();
      expect(logged()).toEqual([]);
    });
  });
});
