import { beforeEach, describe, expect, it } from "vitest";
import type * as pulumi from "@pulumi/pulumi";
import { installMocks, valueOf } from "../../support/component-mocks";

const captured = installMocks();

import { AwsAccount, legacyTeamTagOwner } from "../../../components";
import { COST_ALLOCATION_FIELDS, tagKeys } from "../../../domain";

const TAG = "aws:costexplorer/costAllocationTag:CostAllocationTag";

beforeEach(() => captured.reset());

/** The URNs a resource answers to besides its own (Pulumi keeps them on the resource). */
function aliasUrns(r: pulumi.Resource): Promise<string[]> {
  const aliases = (r as unknown as { __aliases: pulumi.Output<string>[] }).__aliases;
  return Promise.all(aliases.map((a) => valueOf(a)));
}

describe("AwsAccount", () => {
  it("activates every cost-allocation tag key once, under the account", async () => {
    const account = new AwsAccount("aws-account", {});
    await captured.settle();
    const tags = captured.ofType(TAG);
    const keys = tagKeys();
    expect(tags.map((t) => t.inputs.tagKey).sort()).toEqual(
      COST_ALLOCATION_FIELDS.map((f) => keys[f]).sort(),
    );
    expect(tags.every((t) => t.inputs.status === "Active")).toBe(true);
    const urn = captured.one("outcomeguard:aws:Account").urn;
    expect(tags.every((t) => t.parentUrn === urn)).toBe(true);
    expect(account.tagKeys).toHaveLength(8);
  });

  it("answers to the URN each activation had under a team's budget, for every previous owner", async () => {
    const account = new AwsAccount("aws-account", {
      previousOwners: [legacyTeamTagOwner("support"), { budgetAlarm: "finops-budget" }],
    });
    await captured.settle();
    const team = account.costAllocationTags[COST_ALLOCATION_FIELDS.indexOf("team")]!;
    expect(await aliasUrns(team)).toEqual([
      // Created by AwsAiTeam "support" under its team budget (before AwsAccount existed).
      "urn:pulumi:test::outcomeguard::outcomeguard:aws:Team$outcomeguard:aws:BudgetAlarm$aws:costexplorer/costAllocationTag:CostAllocationTag::support-team-budget-tag-team",
      // Created by an AwsBudgetAlarm at the top of a program.
      "urn:pulumi:test::outcomeguard::outcomeguard:aws:BudgetAlarm$aws:costexplorer/costAllocationTag:CostAllocationTag::finops-budget-tag-team",
    ]);
  });

  it("uses the stack's tag prefix", async () => {
    new AwsAccount("aws-account", { tagPrefix: "acme-" });
    await captured.settle();
    expect(captured.ofType(TAG).map((t) => t.inputs.tagKey)).toContain("acme-team");
  });

  it("refuses a previous owner without a budget alarm name, by path", () => {
    expect(() => new AwsAccount("aws-account", { previousOwners: [{ budgetAlarm: "" }] })).toThrow(
      /previousOwners\[0\]\.budgetAlarm: must be a resource name/,
    );
  });
});
