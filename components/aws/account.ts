/**
 * What belongs to an AWS account, not to a team: the activation of OutcomeGuard's cost-allocation
 * tag keys (one `aws:costexplorer/costAllocationTag:CostAllocationTag` per key). Create one per
 * account. Deleting an activation deactivates cost allocation by that key for the whole account, so
 * activations must never hang off something a config reorder can move (a team's budget did, before).
 *
 * `previousOwners` moves activations an existing stack created under a team budget
 * (`<budget alarm>-tag-<field>`, child of that `AwsBudgetAlarm`) to this component without a delete:
 * each activation gets one Pulumi alias per possible previous owner.
 */
import * as pulumi from "@pulumi/pulumi";
import { CostAllocationTag } from "@pulumi/aws/costexplorer";
import { z } from "zod";
import { COST_ALLOCATION_FIELDS, tagKeys, type TagField } from "../../domain";
import { GovernanceOptionsShape, parseArgs } from "../args";
import { SLUG_PATTERN } from "../schemas";

export const AWS_ACCOUNT_TYPE = "outcomeguard:aws:Account";
/** The type tokens of the components that owned activations before (for aliases). */
const LEGACY_BUDGET_ALARM_TYPE = "outcomeguard:aws:BudgetAlarm";
const LEGACY_TEAM_TYPE = "outcomeguard:aws:Team";

const ResourceNameSchema = z.string().min(1, { message: "must be a resource name" });

export const AwsAccountArgsSchema = z
  .object({
    tagPrefix: GovernanceOptionsShape.tagPrefix,
    /**
     * Where an existing stack's activations were created: the `AwsBudgetAlarm` resource name that
     * activated them (an `AwsAiTeam` names its team budget `<team name>-team-budget`), and the
     * `AwsAiTeam` resource name it was created under, if any.
     */
    previousOwners: z
      .array(
        z
          .object({
            budgetAlarm: ResourceNameSchema,
            team: z
              .string()
              .regex(SLUG_PATTERN, { message: "must be the AwsAiTeam's resource name" })
              .optional(),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();

export type AwsAccountArgs = z.input<typeof AwsAccountArgsSchema>;
export type AwsTagOwner = NonNullable<
  z.output<typeof AwsAccountArgsSchema>["previousOwners"]
>[number];

/** Where an `AwsAiTeam` named `team` activated the tags before they belonged to the account. */
export function legacyTeamTagOwner(team: string): AwsTagOwner {
  return { budgetAlarm: `${team}-team-budget`, team };
}

/** The aliases of one activation: its old name under each previous owner. */
export function costAllocationTagAliases(
  field: TagField,
  owners: readonly AwsTagOwner[],
): pulumi.Alias[] {
  // A budget alarm created at the top of the program is a child of the stack.
  return owners.map((o) => ({
    name: `${o.budgetAlarm}-tag-${field}`,
    parent: pulumi.createUrn(
      o.budgetAlarm,
      LEGACY_BUDGET_ALARM_TYPE,
      o.team !== undefined ? pulumi.createUrn(o.team, LEGACY_TEAM_TYPE) : undefined,
    ),
  }));
}

/** `outcomeguard:aws:Account`: the account's activation of the cost-allocation tag keys. */
export class AwsAccount extends pulumi.ComponentResource {
  readonly costAllocationTags: readonly CostAllocationTag[];
  /** The activated tag keys, e.g. `ai-team`. */
  readonly tagKeys: readonly string[];

  constructor(name: string, args: AwsAccountArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    const a = parseArgs(AWS_ACCOUNT_TYPE, name, AwsAccountArgsSchema, args);
    super(AWS_ACCOUNT_TYPE, name, {}, opts);
    const keys = tagKeys(a.tagPrefix);
    const owners = a.previousOwners ?? [];
    this.tagKeys = COST_ALLOCATION_FIELDS.map((f) => keys[f]);
    this.costAllocationTags = COST_ALLOCATION_FIELDS.map(
      (field) =>
        new CostAllocationTag(
          `${name}-tag-${field}`,
          { tagKey: keys[field], status: "Active" },
          { parent: this, aliases: costAllocationTagAliases(field, owners) },
        ),
    );
    this.registerOutputs({ tagKeys: this.tagKeys });
  }
}
