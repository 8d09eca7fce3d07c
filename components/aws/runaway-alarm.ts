/**
 * A runaway alarm for one on-demand Bedrock endpoint: a CloudWatch alarm on the endpoint's own
 * token usage (namespace `AWS/Bedrock`, `InputTokenCount` and `OutputTokenCount` with dimension
 * `ModelId` = the application inference profile's id), priced by metric math at the catalog price,
 * that fires when the endpoint spends at a rate that would use its monthly ceiling in N days
 * (default 7). It notifies SNS topics (the outcome budget's topic) within about 15 minutes, where a
 * budget notices in hours. See components/README.md for why these metrics.
 */
import * as pulumi from "@pulumi/pulumi";
import { MetricAlarm } from "@pulumi/aws/cloudwatch";
import { z } from "zod";
import {
  APPLICATION_PROFILE_ARN,
  AWS_REGION_PATTERN,
  AWS_RUNAWAY_EVALUATION,
  awsRunawayThreshold,
  BEDROCK_METRICS,
  DEFAULT_RUNAWAY_DAYS,
  inferenceProfileIdOf,
  OutcomeSchema,
  priceOf,
  type AwsRunawayThreshold,
  type Outcome,
} from "../../domain";
import {
  CeilingUsdSchema,
  classify,
  CostCenterSchema,
  governanceOf,
  GovernanceOptionsShape,
  ModelSchema,
  parseTaggedArgs,
  pulumiInput,
  pulumiInputList,
  TeamSchema,
} from "../args";
import { RunawayDaysSchema } from "../schemas";

export const AWS_RUNAWAY_ALARM_TYPE = "outcomeguard:aws:RunawayAlarm";

const SNS_TOPIC_ARN = /^arn:aws[\w-]*:sns:[a-z0-9-]+:\d{12}:[\w-]+$/;

export const AwsRunawayAlarmArgsSchema = z
  .object({
    team: TeamSchema,
    outcome: OutcomeSchema,
    /** The endpoint's model (its catalog price prices the tokens). */
    model: ModelSchema,
    monthlyCeilingUsd: CeilingUsdSchema,
    /** The endpoint's application inference profile ARN (`BedrockGatedEndpoint.arn`). */
    profileArn: pulumiInput(
      z.string().regex(APPLICATION_PROFILE_ARN, {
        message:
          "must be an application inference profile ARN (provisioned throughput bounds its own spend and needs no runaway alarm)",
      }),
    ),
    /** Where the alarm and the profile are (default: the provider's region). */
    region: z
      .string()
      .regex(AWS_REGION_PATTERN, { message: "must be an AWS region such as us-east-1" })
      .optional(),
    /** Alarm when the spend rate would use the monthly ceiling in this many days (default 7). */
    days: RunawayDaysSchema.optional(),
    /** SNS topics to notify: the outcome budget's topic (`AwsBudgetAlarm.topicArn`). */
    snsTopicArns: pulumiInputList(
      z.string().regex(SNS_TOPIC_ARN, { message: "must be an SNS topic ARN" }),
    ),
    costCenter: CostCenterSchema.optional(),
    tagPrefix: GovernanceOptionsShape.tagPrefix,
    catalogOverrides: GovernanceOptionsShape.catalogOverrides,
  })
  .strict();

export type AwsRunawayAlarmArgs = z.input<typeof AwsRunawayAlarmArgsSchema>;
type Parsed = z.output<typeof AwsRunawayAlarmArgsSchema>;

/** Validate a runaway alarm's arguments and compute its threshold; throws {@link InvalidArgumentsError}. */
export function decideAwsRunawayAlarm(
  name: string,
  raw: unknown,
): { args: Parsed; tags: Record<string, string>; threshold: AwsRunawayThreshold } {
  const { args, tags } = parseTaggedArgs(
    "aws",
    AWS_RUNAWAY_ALARM_TYPE,
    name,
    AwsRunawayAlarmArgsSchema,
    raw,
    (p) =>
      Array.isArray(p.snsTopicArns) && p.snsTopicArns.length === 0
        ? [
            {
              path: "snsTopicArns",
              message: "an alarm nobody hears is no alarm: give at least one SNS topic",
            },
          ]
        : [],
  );
  const price = priceOf(classify(args.model, governanceOf(args)));
  const threshold = awsRunawayThreshold({
    ceilingUsd: args.monthlyCeilingUsd,
    inputPer1M: price.inputPer1M,
    outputPer1M: price.outputPer1M,
    days: args.days ?? DEFAULT_RUNAWAY_DAYS,
  });
  return { args, tags, threshold };
}

/** `outcomeguard:aws:RunawayAlarm`: a CloudWatch alarm on one endpoint's spend rate. */
export class AwsRunawayAlarm extends pulumi.ComponentResource {
  readonly alarm: MetricAlarm;
  readonly alarmArn: pulumi.Output<string>;
  /** The threshold and how it was reached. */
  readonly threshold: AwsRunawayThreshold;
  readonly days: number;
  readonly tags: Readonly<Record<string, string>>;
  readonly team: string;
  readonly outcome: Outcome;

  constructor(name: string, args: AwsRunawayAlarmArgs, opts?: pulumi.ComponentResourceOptions) {
    const { args: a, tags, threshold } = decideAwsRunawayAlarm(name, args);
    super(AWS_RUNAWAY_ALARM_TYPE, name, {}, opts);
    this.tags = tags;
    this.team = a.team;
    this.outcome = a.outcome;
    this.threshold = threshold;
    this.days = a.days ?? DEFAULT_RUNAWAY_DAYS;
    const modelId = pulumi.output(a.profileArn).apply(inferenceProfileIdOf);
    const tokens = (id: string, metricName: string) => ({
      id,
      returnData: false,
      metric: {
        namespace: BEDROCK_METRICS.namespace,
        metricName,
        period: threshold.periodSeconds,
        stat: "Sum",
        dimensions: { [BEDROCK_METRICS.dimension]: modelId },
      },
    });
    const topics = pulumi.output(a.snsTopicArns);
    this.alarm = new MetricAlarm(
      `${name}-alarm`,
      {
        alarmDescription: `OutcomeGuard runaway alarm for ${a.team} / ${a.outcome.id}: spend above ${threshold.usdPerPeriod} USD per ${threshold.periodSeconds / 60} minutes would use the ${a.monthlyCeilingUsd} USD monthly ceiling in ${this.days} days`,
        comparisonOperator: "GreaterThanThreshold",
        threshold: threshold.usdPerPeriod,
        evaluationPeriods: AWS_RUNAWAY_EVALUATION.evaluationPeriods,
        datapointsToAlarm: AWS_RUNAWAY_EVALUATION.datapointsToAlarm,
        treatMissingData: "notBreaching",
        metricQueries: [
          tokens(threshold.inputId, BEDROCK_METRICS.inputTokens),
          tokens(threshold.outputId, BEDROCK_METRICS.outputTokens),
          {
            id: "spend",
            expression: threshold.expression,
            label: `USD per ${threshold.periodSeconds / 60} minutes`,
            returnData: true,
          },
        ],
        alarmActions: topics,
        okActions: topics,
        tags: this.tags,
        ...(a.region ? { region: a.region } : {}),
      },
      { parent: this },
    );
    this.alarmArn = this.alarm.arn;
    this.registerOutputs({
      alarmArn: this.alarmArn,
      threshold: this.threshold,
      days: this.days,
      tags: this.tags,
    });
  }
}
