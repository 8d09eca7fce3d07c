/**
 * The tag set OutcomeGuard puts on what it creates, from what was declared. Which tags a resource
 * gets depends on what it is: an endpoint carries everything, a budget its team and outcome, a
 * team key's owner its team.
 */
import { encodeTagValue, formatCeilingTag, type TagKeys } from "./tags";
import type { Tier } from "./catalog";
import type { HardStop, TaskClass } from "./governance";

export interface GovernanceTagInput {
  readonly team: string;
  readonly costCenter?: string;
  readonly outcome?: {
    readonly id: string;
    readonly statement: string;
    readonly kpi: string;
    readonly reviewBy: string;
  };
  readonly ceilingUsd?: number;
  /** Always from the catalog, never from input. */
  readonly tier?: Tier;
  readonly taskClass?: TaskClass;
  readonly hardStop?: HardStop;
}

/**
 * Tags for the declared facts, keyed by the prefix's keys. The outcome statement is encoded for
 * tags ({@link encodeTagValue}), which throws `TagEncodingError` rather than lose meaning.
 */
export function governanceTags(keys: TagKeys, input: GovernanceTagInput): Record<string, string> {
  const tags: Record<string, string> = { [keys.team]: input.team };
  if (input.outcome) {
    tags[keys.outcome] = input.outcome.id;
    tags[keys.outcomeStatement] = encodeTagValue(input.outcome.statement);
    tags[keys.kpi] = input.outcome.kpi;
    tags[keys.reviewBy] = input.outcome.reviewBy;
  }
  if (input.ceilingUsd !== undefined)
    tags[keys.costCeilingUsd] = formatCeilingTag(input.ceilingUsd);
  if (input.tier !== undefined) tags[keys.modelTier] = input.tier;
  if (input.costCenter !== undefined) tags[keys.costCenter] = input.costCenter;
  if (input.taskClass !== undefined) tags[keys.taskClass] = input.taskClass;
  if (input.hardStop !== undefined) tags[keys.hardStop] = input.hardStop;
  return tags;
}
