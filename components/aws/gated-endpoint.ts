/**
 * A gated Bedrock endpoint: an application inference profile (how AWS attributes Bedrock cost to
 * tags) copying a foundation model or a system inference profile, and optionally provisioned
 * throughput. Both carry the outcome's tags; the tier comes from the catalog, never from input.
 */
import * as pulumi from "@pulumi/pulumi";
import { InferenceProfile, ProvisionedModelThroughput } from "@pulumi/aws/bedrock";
import { z } from "zod";
import {
  AWS_ACCOUNT_PATTERN,
  AWS_REGION_PATTERN,
  resolveBedrockModelSource,
  type BedrockModelSource,
  type EndpointGrant,
} from "../../domain";
import { EndpointGovernanceShape } from "../args";
import { decideGatedEndpoint, GatedEndpointResource, type EndpointDecision } from "../endpoint";

export const AWS_GATED_ENDPOINT_TYPE = "outcomeguard:aws:GatedEndpoint";

/** What Bedrock accepts as an inference profile description. */
const BEDROCK_DESCRIPTION = /^(?:[0-9a-zA-Z:.][ _-]?)+$/;

/** A description Bedrock accepts: "OutcomeGuard <team> <outcome>". */
export function profileDescription(team: string, outcomeId: string): string {
  return `OutcomeGuard ${team} ${outcomeId}`.replace(/[^0-9a-zA-Z:.]+/g, " ").trim();
}

/** A provisioned throughput name from a resource name (letters, digits, - and _; 1-63). */
export function provisionedName(name: string): string {
  const s = name
    .replace(/[^0-9a-zA-Z_-]+/g, "-")
    .replace(/^[-_]+/, "")
    .slice(0, 63);
  return s || "outcomeguard";
}

export const BedrockCapacitySchema = z
  .object({
    /** Provisioned throughput model units (whole units, at least 1). */
    provisionedModelUnits: z
      .number({ message: "must be a whole number of model units" })
      .int({ message: "must be a whole number of model units" })
      .min(1, { message: "must be at least 1 model unit" }),
    /** Commitment term; none means hourly, no commitment. */
    commitment: z
      .enum(["OneMonth", "SixMonths"], { message: "must be OneMonth or SixMonths" })
      .optional(),
  })
  .strict();

export const BedrockGatedEndpointArgsSchema = z
  .object({
    ...EndpointGovernanceShape,
    /** Region of the model (needed unless `model` is an ARN), e.g. us-east-1. */
    region: z
      .string()
      .regex(AWS_REGION_PATTERN, { message: "must be an AWS region such as us-east-1" })
      .optional(),
    /** Account id, needed to build a system inference-profile ARN from its id. */
    accountId: z
      .string()
      .regex(AWS_ACCOUNT_PATTERN, { message: "must be a 12-digit AWS account id" })
      .optional(),
    /** Partition for ARNs (default aws). */
    partition: z
      .enum(["aws", "aws-us-gov", "aws-cn"], { message: "must be aws, aws-us-gov or aws-cn" })
      .optional(),
    /** Provisioned throughput; omit for on-demand (pay per token). */
    capacity: BedrockCapacitySchema.optional(),
    /**
     * An `AwsRunawayAlarm` watches this endpoint's usage (`AwsAiTeam` creates one per on-demand
     * endpoint). Without it or a hard stop, a premium on-demand endpoint is logged as an advisory.
     */
    runawayAlarm: z.boolean().optional(),
    /** Name of the inference profile (default: auto-named). */
    profileName: z
      .string()
      .max(64, { message: "must be at most 64 characters" })
      .regex(/^[0-9a-zA-Z](?:[ _-]?[0-9a-zA-Z])*$/, {
        message: "must be letters and digits, optionally separated by a space, _ or -",
      })
      .optional(),
    description: z
      .string()
      .max(200, { message: "must be at most 200 characters" })
      .regex(BEDROCK_DESCRIPTION, {
        message: "must be letters, digits, : and ., optionally separated by a space, _ or -",
      })
      .optional(),
  })
  .strict();

export type BedrockGatedEndpointArgs = z.input<typeof BedrockGatedEndpointArgsSchema>;
type Parsed = z.output<typeof BedrockGatedEndpointArgsSchema>;

/** What a Bedrock endpoint's arguments decide. */
export type BedrockEndpointDecision = EndpointDecision<
  Parsed,
  { readonly source: BedrockModelSource }
>;

/** Validate and decide everything the endpoint will be, before anything is registered. */
export function decideBedrockEndpoint(name: string, raw: unknown): BedrockEndpointDecision {
  return decideGatedEndpoint(
    AWS_GATED_ENDPOINT_TYPE,
    {
      cloud: "aws",
      name: "AWS",
      hardStop: "budget-action",
      how: "a budget action that denies the team's role at 100%",
    },
    name,
    BedrockGatedEndpointArgsSchema,
    raw,
    (a, { served, problems }) => {
      let source: BedrockModelSource | undefined;
      if (served) {
        const r = resolveBedrockModelSource(a.model, {
          ...(a.region !== undefined ? { region: a.region } : {}),
          ...(a.accountId !== undefined ? { accountId: a.accountId } : {}),
          ...(a.partition !== undefined ? { partition: a.partition } : {}),
        });
        if (r.ok) source = r.value;
        else {
          const path = /region/.test(r.problem)
            ? "region"
            : /account/.test(r.problem)
              ? "accountId"
              : "model";
          problems.push({ path, message: r.problem });
        }
      }
      if (a.capacity && source?.kind === "inference-profile") {
        problems.push({
          path: "capacity",
          message: `"${a.model}" is a cross-region inference profile, which is pay-per-token only; provisioned throughput needs a foundation model in one region (or omit capacity)`,
        });
      }
      return {
        capacity: a.capacity && {
          kind: "bedrock-provisioned",
          modelUnits: a.capacity.provisionedModelUnits,
          ...(a.capacity.commitment ? { commitment: a.capacity.commitment } : {}),
        },
        capacityPath: "capacity",
        onDemand: a.capacity === undefined,
        own: source && { source },
      };
    },
  );
}

/**
 * `outcomeguard:aws:GatedEndpoint`: a Bedrock application inference profile (and optional
 * provisioned throughput) tagged with its team, outcome, ceiling and catalog tier.
 */
export class BedrockGatedEndpoint extends GatedEndpointResource<BedrockEndpointDecision> {
  /**
   * What callers invoke as the model id: the application inference profile's ARN, or with
   * capacity the provisioned throughput's ARN.
   */
  readonly arn: pulumi.Output<string>;
  /** Every ARN a team key may invoke for this endpoint. */
  readonly endpointArns: pulumi.Output<string[]>;
  /** What a team key grants for this endpoint. */
  readonly grants: pulumi.Output<EndpointGrant[]>;
  /** The on-demand endpoint (when no capacity is declared). */
  readonly profile?: InferenceProfile;
  /** The provisioned endpoint (when capacity is declared). */
  readonly throughput?: ProvisionedModelThroughput;
  readonly modelSource: BedrockModelSource;

  constructor(
    name: string,
    args: BedrockGatedEndpointArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super(AWS_GATED_ENDPOINT_TYPE, decideBedrockEndpoint, name, args, opts);
    const { args: a, source, tags } = this.decision;
    this.modelSource = source;

    const fm = source.foundationModelArns;
    if (a.capacity) {
      // Provisioned throughput is the endpoint: invoked by its own ARN, billed by the hour, and
      // bounded by its capacity. No on-demand profile beside it, so its ceiling covers all of it.
      const throughput = new ProvisionedModelThroughput(
        `${name}-throughput`,
        {
          provisionedModelName: a.profileName ?? provisionedName(name),
          modelArn: source.copyFrom,
          modelUnits: a.capacity.provisionedModelUnits,
          ...(a.capacity.commitment ? { commitmentDuration: a.capacity.commitment } : {}),
          tags,
          ...(a.region ? { region: a.region } : {}),
        },
        { parent: this },
      );
      this.throughput = throughput;
      this.arn = throughput.provisionedModelArn;
      this.grants = this.arn.apply((arn) => [{ arn, foundationModelArns: [] }]);
    } else {
      const profile = new InferenceProfile(
        `${name}-profile`,
        {
          ...(a.profileName ? { name: a.profileName } : {}),
          description: a.description ?? profileDescription(a.team, a.outcome.id),
          modelSource: { copyFrom: source.copyFrom },
          tags,
          ...(a.region ? { region: a.region } : {}),
        },
        { parent: this },
      );
      this.profile = profile;
      this.arn = profile.arn;
      this.grants = this.arn.apply((arn) => [{ arn, foundationModelArns: fm }]);
    }
    this.endpointArns = this.arn.apply((arn) => [arn]);

    this.registerEndpointOutputs({ arn: this.arn, endpointArns: this.endpointArns });
  }
}
