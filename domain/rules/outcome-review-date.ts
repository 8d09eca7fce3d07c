/**
 * outcome-review-date (advisory): a resource whose outcome is past its review date is flagged.
 */
import { readTags } from "../endpoints";
import { cloudOfType } from "../registry";
import { describeType, finding, PASS, type Finding, type ResourceRule } from "../finding";
import { reviewDateProblem } from "../governance";
import { readTagValue, tagMapOf, viewTags } from "../tag-view";
import type { TagKeys } from "../tags";

/** Rule: a resource whose outcome is past its review date is flagged. */
function reviewDateRule(tags: unknown, keys: TagKeys, today: string): Finding {
  const view = viewTags(tags);
  const reviewBy = readTagValue(view, keys.reviewBy);
  if (!reviewBy.known) {
    return view.state === "unknown" || view.state === "map"
      ? finding([], [`${keys.reviewBy} is not known until the update (${reviewBy.unknown.path})`])
      : PASS;
  }
  if (reviewBy.value === undefined) return PASS;
  if (typeof reviewBy.value !== "string") {
    return finding([
      `${keys.reviewBy} is ${describeType(reviewBy.value)}; write the date as text, YYYY-MM-DD`,
    ]);
  }
  const problem = reviewDateProblem(tagMapOf(view), keys, today);
  return problem ? finding([problem]) : PASS;
}

/** The policy's rule: any cloud resource with a review date. */
export const rule: ResourceRule = {
  appliesTo: (type) => cloudOfType(type) !== undefined,
  evaluate: (r, { settings, today }) =>
    reviewDateRule(readTags(r.type, r.field), settings.keys, today),
};
