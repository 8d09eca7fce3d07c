import { rule } from "../../domain/rules/outcome-review-date";
import { resourcePolicy } from "../adapter";
import { K } from "../text";

export default resourcePolicy(
  {
    name: "outcome-review-date",
    description: "An outcome past its review date must be re-confirmed.",
    enforcementLevel: "advisory",
    remediation: `Review the outcome with its owner: if it is being met, set ${K.reviewBy} to the next review date (YYYY-MM-DD); if not, change the outcome or retire the endpoint.`,
    checks: `Flags any resource whose ${K.reviewBy} date (YYYY-MM-DD) has passed, or is not a date, so AI spend is re-justified against its outcome on schedule.`,
    settings: ["tagPrefix", "waivers"],
  },
  rule,
);
