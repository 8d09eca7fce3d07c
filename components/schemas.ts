/**
 * Argument schemas that need neither Pulumi nor a component: shared by the components (through
 * `./args`, which re-exports them) and by the stack config (`stacks/config.ts`), which must load
 * without the Pulumi runtime. One schema, so a component and a stack config accept and refuse the
 * same values with the same message.
 */
import { z } from "zod";
import {
  apiKeyAgeProblem,
  AZURE_PROVISIONED_SKUS,
  AZURE_STANDARD_SKUS,
  DEPLOYMENT_NAME_PATTERN,
  RUNAWAY_DAYS_RANGE,
  tagPrefixProblem,
  TASK_CLASSES,
} from "../domain";

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export const TaskClassArgSchema = z.enum(TASK_CLASSES, {
  message: `must be one of: ${TASK_CLASSES.join(", ")}`,
});

export const AZURE_SKUS = [...AZURE_STANDARD_SKUS, ...AZURE_PROVISIONED_SKUS] as const;
export const AzureSkuSchema = z.enum(AZURE_SKUS, {
  message: `must be an Azure OpenAI deployment SKU: ${AZURE_SKUS.join(", ")}`,
});

/**
 * An Azure OpenAI deployment name: what callers put in the URL, and what the team key's policy
 * tells deployments apart by.
 */
export const DeploymentNameSchema = z.string().regex(DEPLOYMENT_NAME_PATTERN, {
  message: "must be 1-64 letters, digits, _ . or -, starting with a letter or digit",
});

/** A tag key prefix (e.g. `ai-`); must match the policy pack's. */
export const TagPrefixSchema = z.string().superRefine((p, ctx) => {
  const problem = tagPrefixProblem(p);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** A Bedrock API key's credential age in days: whole days, 1-365 (the domain's cap). */
export const ApiKeyMaxAgeDaysSchema = z.number().superRefine((d, ctx) => {
  const problem = apiKeyAgeProblem(d);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** N, the days in which the alarmed rate would use the ceiling: whole days, 1-30. */
export const RunawayDaysSchema = z
  .number({
    message: `must be a whole number of days, ${RUNAWAY_DAYS_RANGE.min}-${RUNAWAY_DAYS_RANGE.max}`,
  })
  .int({
    message: `must be a whole number of days, ${RUNAWAY_DAYS_RANGE.min}-${RUNAWAY_DAYS_RANGE.max}`,
  })
  .min(RUNAWAY_DAYS_RANGE.min, {
    message: `must be ${RUNAWAY_DAYS_RANGE.min}-${RUNAWAY_DAYS_RANGE.max} days`,
  })
  .max(RUNAWAY_DAYS_RANGE.max, {
    message: `must be ${RUNAWAY_DAYS_RANGE.min}-${RUNAWAY_DAYS_RANGE.max} days`,
  });

/** The resource id of an Application Insights component (where API Management sends metrics). */
export const ApplicationInsightsIdSchema = z
  .string()
  .regex(
    /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Insights\/components\/[^/]+$/i,
    {
      message:
        "must be an Application Insights resource id: /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Insights/components/<name>",
    },
  );
