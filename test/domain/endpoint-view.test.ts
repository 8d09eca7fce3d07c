import { describe, expect, it } from "vitest";
import { DEFAULT_CATALOG } from "../../domain/catalog";
import { endpointTier, gateOf } from "../../domain/endpoint-view";
import { describeEndpoint } from "../../domain/endpoints";
import { RESOURCE_TYPES } from "../../domain/registry/tokens";
import { DEFAULT_MAX_CEILING_USD, type GovernanceSettings } from "../../domain/governance";
import { tagKeys } from "../../domain/tags";
import { Unknown } from "../../domain/unknown";

const settings: GovernanceSettings = {
  keys: tagKeys(),
  catalog: DEFAULT_CATALOG,
  gatedTiers: ["premium"],
  maxCeilingUsd: DEFAULT_MAX_CEILING_USD,
};
const sagemaker = (...models: unknown[]) =>
  describeEndpoint(RESOURCE_TYPES.sagemakerEndpointConfiguration, {
    productionVariants: models.map((modelName) => ({ modelName })),
  })!;

describe("endpoint tier", () => {
  it("decides the tier from the dearest known model, or leaves it open", () => {
    const premium = endpointTier(sagemaker("claude-opus-4-1", new Unknown("m")), DEFAULT_CATALOG);
    expect(premium.decided && premium.tier).toBe("premium");
    const open = endpointTier(sagemaker("gpt-4o-mini", new Unknown("m")), DEFAULT_CATALOG);
    expect(open.decided).toBe(false);
    expect(gateOf(open, settings)).toBe("maybe");
    expect(gateOf(open, { gatedTiers: [] })).toBe("not-gated");
    const economy = endpointTier(sagemaker("gpt-4o-mini"), DEFAULT_CATALOG);
    expect(economy.decided && economy.tier).toBe("economy");
  });
});
