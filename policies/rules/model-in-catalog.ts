import { TIERS } from "../../domain/catalog";
import { rule } from "../../domain/rules/model-in-catalog";
import { resourcePolicy } from "../adapter";
import { either } from "../text";

export default resourcePolicy(
  {
    name: "model-in-catalog",
    description: "Every model an endpoint names should be in the model catalog.",
    enforcementLevel: "advisory",
    remediation: `Correct a misspelled model id. For a model the catalog does not know yet, add a catalogOverrides entry ({id, tier, ids, price}) to the policies' config with its tier (${either(TIERS)}) and list price; the catalog recognises it from then on.`,
    checks:
      "Flags each model id an endpoint declares that the catalog (domain/catalog-data.ts plus catalogOverrides) does not recognise. Such a model is treated as premium, so the outcome and ceiling rules still apply; this advisory says which id it was and how to add it, so a typo or a new model does not pass silently. An application inference profile or provisioned-model ARN is an endpoint, not a model, and is judged where it is declared.",
    settings: ["catalogOverrides", "waivers"],
  },
  rule,
);
