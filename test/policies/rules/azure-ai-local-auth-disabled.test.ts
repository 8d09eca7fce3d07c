import { describe, expect, it } from "vitest";
import packRule from "../../../policies/rules/azure-ai-local-auth-disabled";
import { azureAccount } from "../../support/policy-fixtures";
import { at, runResourcePolicy, UNKNOWN } from "../../support/policy-harness";

const { policy } = packRule;

describe("azure-ai-local-auth-disabled", () => {
  it("passes an OpenAI or AI Services account with local auth disabled", async () => {
    expect(
      await runResourcePolicy(
        policy,
        azureAccount({ kind: "OpenAI", properties: { disableLocalAuth: true } }),
      ),
    ).toEqual([]);
    expect(
      await runResourcePolicy(
        policy,
        azureAccount({ kind: "AIServices", properties: { disableLocalAuth: true } }),
      ),
    ).toEqual([]);
  });

  it("flags local auth enabled or left at Azure's default", async () => {
    const d = await runResourcePolicy(
      policy,
      azureAccount({ kind: "OpenAI", properties: { disableLocalAuth: false } }),
    );
    expect(d).toHaveLength(1);
    expect(d[0]!.enforcementLevel).toBe("mandatory");
    expect(d[0]!.message).toContain("properties.disableLocalAuth is false");
    const unset = await runResourcePolicy(policy, azureAccount({ kind: "openai" }));
    expect(unset[0]!.message).toContain("not set (Azure's default is false)");
  });

  it("ignores other account kinds and other resources", async () => {
    expect(await runResourcePolicy(policy, azureAccount({ kind: "TextAnalytics" }))).toEqual([]);
    expect(
      await runResourcePolicy(policy, { type: "azure-native:storage:StorageAccount", props: {} }),
    ).toEqual([]);
  });

  it("never throws on malformed properties", async () => {
    expect(
      await runResourcePolicy(policy, azureAccount({ kind: "OpenAI", properties: "x" })),
    ).toHaveLength(1);
    expect(
      await runResourcePolicy(
        policy,
        azureAccount({ kind: "OpenAI", properties: { disableLocalAuth: "true" } }),
      ),
    ).toHaveLength(1);
    expect(await runResourcePolicy(policy, azureAccount({ kind: 5 }))).toEqual([]);
  });

  it("defers unknown values", async () => {
    const d = await runResourcePolicy(
      policy,
      azureAccount({ kind: "OpenAI", properties: { disableLocalAuth: UNKNOWN } }),
    );
    expect(at("mandatory", d)).toEqual([]);
    expect(d[0]!.message).toContain("disableLocalAuth is not known until the update");
    expect(
      at("mandatory", await runResourcePolicy(policy, azureAccount({ kind: UNKNOWN }))),
    ).toEqual([]);
    expect(
      await runResourcePolicy(
        policy,
        azureAccount({ kind: UNKNOWN, properties: { disableLocalAuth: true } }),
      ),
    ).toEqual([]);
  });
});
