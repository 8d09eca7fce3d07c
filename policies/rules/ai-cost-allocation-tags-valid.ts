import { TIERS } from "../../domain/catalog";
import { HARD_STOP_VALUES, TASK_CLASSES } from "../../domain/governance";
import { rule } from "../../domain/rules/ai-cost-allocation-tags-valid";
import {
  AWS_ALLOWED_DESCRIPTION,
  AZURE_FORBIDDEN_DESCRIPTION,
  TAG_LIMITS,
} from "../../domain/tags";
import { resourcePolicy } from "../adapter";
import { either, K } from "../text";

const { aws, azure } = TAG_LIMITS;

export default resourcePolicy(
  {
    name: "ai-cost-allocation-tags-valid",
    description:
      "Cost-allocation tags on AI resources must be valid for the cloud, so finance can group the bill by them.",
    enforcementLevel: "mandatory",
    remediation: `Fix the tags the message names. AWS allows ${AWS_ALLOWED_DESCRIPTION} (keys up to ${aws.maxKeyLength} characters, values up to ${aws.maxValueLength}, at most ${aws.maxTags} tags, no aws: prefix); Azure forbids ${AZURE_FORBIDDEN_DESCRIPTION} in names, treats names case-insensitively and allows values up to ${azure.maxValueLength} characters. Outcome statements are encoded for both clouds by the components (encodeTagValue: 40% becomes 40 percent). ${K.modelTier} must be ${either(TIERS)} and match the catalog; ${K.taskClass} one of ${TASK_CLASSES.join(", ")}; ${K.hardStop} ${either(HARD_STOP_VALUES)}.`,
    checks: `On every AI resource (model endpoints, Azure AI accounts, budgets, and any resource such as a team identity or key owner carrying a tag with the OutcomeGuard prefix): tags are a map of text values valid on the cloud (characters, lengths, count, reserved prefixes, Azure's case-insensitive collisions); ${either([K.modelTier, K.taskClass, K.hardStop], "and")} hold allowed values; an endpoint outside the gated tiers is labelled with its catalog tier and, if it declares one, a ceiling in digits; a budget's tag filters (costFilters and filterExpression on AWS, filter.tags on Azure) name valid tags.`,
    settings: ["tagPrefix", "gatedTiers", "catalogOverrides", "waivers"],
  },
  rule,
);
