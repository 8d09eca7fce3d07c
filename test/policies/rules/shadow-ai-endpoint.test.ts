import { describe, expect, it } from "vitest";
import packRule from "../../../policies/rules/shadow-ai-endpoint";
import { azureDeployment, bedrockProfile, GOOD_TAGS, OPUS } from "../../support/policy-fixtures";
import { runResourcePolicy, urnOf } from "../../support/policy-harness";

const { policy } = packRule;

describe("shadow-ai-endpoint", () => {
  it("passes endpoints created by an OutcomeGuard component", async () => {
    expect(await runResourcePolicy(policy, bedrockProfile())).toEqual([]);
    expect(await runResourcePolicy(policy, azureDeployment())).toEqual([]);
  });

  it("flags, as advisory, an endpoint at the top of the program or under another component", async () => {
    const top = await runResourcePolicy(
      policy,
      bedrockProfile(OPUS, GOOD_TAGS, { parentType: null }),
    );
    expect(top).toHaveLength(1);
    expect(top[0]!.enforcementLevel).toBe("advisory");
    expect(top[0]!.message).toContain("it has no parent component");
    const other = await runResourcePolicy(
      policy,
      azureDeployment("gpt-5", undefined, {}, { parentType: "acme:ai:Chatbot" }),
    );
    expect(other[0]!.message).toContain("its parent is a acme:ai:Chatbot");
  });

  it("reads the parent from the options when the URN chain does not show it", async () => {
    const parent = urnOf("outcomeguard:aws:GatedEndpoint", "gate");
    const d = await runResourcePolicy(policy, {
      ...bedrockProfile(OPUS, GOOD_TAGS, { parentType: null }),
      parent,
    });
    expect(d).toEqual([]);
  });

  it("can be made mandatory in the config, and waived", async () => {
    const r = bedrockProfile(OPUS, GOOD_TAGS, { parentType: null });
    expect(
      (await runResourcePolicy(policy, r, { enforcementLevel: "mandatory" }))[0]!.enforcementLevel,
    ).toBe("mandatory");
    const waived = await runResourcePolicy(policy, r, {
      enforcementLevel: "mandatory",
      config: {
        waivers: [
          { resource: "support-*", reason: "legacy chatbot, retired in Q2", expires: "2999-06-30" },
        ],
      },
    });
    expect(waived.map((d) => d.enforcementLevel)).toEqual(["advisory"]);
  });

  it("never throws on odd URNs or properties", async () => {
    expect(
      await runResourcePolicy(policy, {
        type: bedrockProfile().type,
        urn: "not-a-urn",
        props: { tags: 5 },
      }),
    ).toHaveLength(1);
  });
});
