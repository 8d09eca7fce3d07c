import { describe, expect, it } from "vitest";
import packRule from "../../../policies/rules/model-tier-fits-task";
import {
  azureDeployment,
  bedrockProfile,
  HAIKU,
  OPUS,
  tagsWith,
} from "../../support/policy-fixtures";
import { at, runResourcePolicy, UNKNOWN } from "../../support/policy-harness";

const { policy } = packRule;

describe("model-tier-fits-task", () => {
  it("flags, as advisory, a premium model for extraction or classification", async () => {
    for (const task of ["extraction", "classification"]) {
      const d = await runResourcePolicy(
        policy,
        bedrockProfile(OPUS, tagsWith({ "ai-task-class": task })),
      );
      expect(d).toHaveLength(1);
      expect(d[0]!.enforcementLevel).toBe("advisory");
      expect(d[0]!.message).toMatch(new RegExp(`a premium model for an? ${task} task`));
    }
  });

  it("passes premium models for reasoning, cheaper models for anything, and endpoints with no task declared", async () => {
    expect(
      await runResourcePolicy(
        policy,
        bedrockProfile(OPUS, tagsWith({ "ai-task-class": "reasoning" })),
      ),
    ).toEqual([]);
    expect(
      await runResourcePolicy(
        policy,
        bedrockProfile(HAIKU, tagsWith({ "ai-task-class": "extraction" })),
      ),
    ).toEqual([]);
    expect(
      await runResourcePolicy(
        policy,
        azureDeployment("gpt-5", undefined, tagsWith({ "ai-task-class": undefined })),
      ),
    ).toEqual([]);
  });

  it("never throws on malformed tags", async () => {
    for (const tags of [null, "x", [], { "ai-task-class": 3 }]) {
      expect(await runResourcePolicy(policy, bedrockProfile(OPUS, tags))).toEqual([]);
    }
  });

  it("defers an unknown model or task class", async () => {
    const d = await runResourcePolicy(
      policy,
      bedrockProfile(UNKNOWN, tagsWith({ "ai-task-class": "classification" })),
    );
    expect(at("advisory", d)[0]!.message).toContain("undecided at preview");
    expect(
      await runResourcePolicy(
        policy,
        bedrockProfile(HAIKU, tagsWith({ "ai-task-class": UNKNOWN })),
      ),
    ).toEqual([]);
  });
});
