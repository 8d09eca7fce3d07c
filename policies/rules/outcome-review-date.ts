import { cloudOfType } from "../../domain/endpoints";
import { reviewDateRule } from "../../domain/resource-rules";
import { resourcePolicy, type PolicyMeta } from "../adapter";

export const remediation =
  "Review the outcome with its owner: if it is being met, set ai-review-by to the next review date (YYYY-MM-DD); if not, change the outcome or retire the endpoint.";

export const meta: PolicyMeta = {
  name: "outcome-review-date",
  description: "An outcome past its review date must be re-confirmed.",
  enforcementLevel: "advisory",
  remediation,
  checks:
    "Flags any resource whose ai-review-by date (YYYY-MM-DD) has passed, or is not a date, so AI spend is re-justified against its outcome on schedule.",
};

export const outcomeReviewDate = resourcePolicy(meta, {
  appliesTo: (type) => cloudOfType(type) !== undefined,
  evaluate: (ctx) => reviewDateRule(ctx.field("tags"), ctx.settings.keys, ctx.today),
});
