import { isAiResource, PASS, tagsValidRule } from "../../domain/resource-rules";
import { cloudOfType } from "../../domain/endpoints";
import { resourcePolicy, type PolicyMeta } from "../adapter";

export const remediation =
  "Fix the tags the message names. AWS allows letters, digits, spaces and + - = . _ : / @ (keys up to 128 characters, values up to 256, at most 50 tags, no aws: prefix); Azure forbids < > % & \\ ? / in names, treats names case-insensitively and allows values up to 256 characters. Outcome statements are encoded for both clouds by the components (encodeTagValue: 40% becomes 40 percent). ai-model-tier must be premium, standard or economy and match the catalog; ai-task-class one of extraction, classification, summarization, translation, generation, code, research, reasoning, agentic; ai-hard-stop budget-action or token-quota.";

export const meta: PolicyMeta = {
  name: "ai-cost-allocation-tags-valid",
  description:
    "Cost-allocation tags on AI resources must be valid for the cloud, so finance can group the bill by them.",
  enforcementLevel: "mandatory",
  remediation,
  checks:
    "On every AI resource (model endpoints, Azure AI accounts, budgets, and any resource such as a team identity or key owner carrying a tag with the OutcomeGuard prefix): tags are a map of text values valid on the cloud (characters, lengths, count, reserved prefixes, Azure's case-insensitive collisions); ai-model-tier, ai-task-class and ai-hard-stop hold allowed values; an endpoint outside the gated tiers is labelled with its catalog tier and, if it declares one, a ceiling in digits; a budget's tag filters name valid tags.",
};

export const aiCostAllocationTagsValid = resourcePolicy(meta, {
  appliesTo: (type) => cloudOfType(type) !== undefined,
  evaluate: (ctx) => {
    const tags = ctx.field("tags");
    if (!isAiResource(ctx.type, tags, ctx.settings.keys)) return PASS;
    return tagsValidRule({ type: ctx.type, props: ctx.props() }, ctx.settings);
  },
});
