/**
 * What is derived from the list of policies (./rules/index.ts): their names in serving order,
 * which settings each takes, the CrossGuard policies, and the schema of a whole
 * `--policy-pack-config` file.
 */
import { z } from "zod";
import type { PackRule } from "./adapter";
import { EnforcementLevelSchema, policySettingsSchema, type SettingName } from "./config";
import { RULES } from "./rules";

/** The policies' names, in the order the pack serves them. Names are a contract. */
export const POLICY_NAMES: readonly string[] = RULES.map((r) => r.meta.name);

/** Which settings each policy takes. */
export const POLICY_SETTINGS: Readonly<Record<string, readonly SettingName[]>> = Object.fromEntries(
  RULES.map((r) => [r.meta.name, r.meta.settings]),
);

/** The policies, ordered: what `new PolicyPack("outcomeguard", {policies})` serves. */
export const ALL_POLICIES: readonly PackRule["policy"][] = RULES.map((r) => r.policy);

/**
 * The whole `--policy-pack-config` file: per policy an enforcement level, or an object with an
 * optional enforcementLevel and that policy's settings; `all` sets every policy's level.
 */
export const PackConfigSchema = z
  .object({
    all: z
      .union([
        EnforcementLevelSchema,
        z.object({ enforcementLevel: EnforcementLevelSchema }).strict(),
      ])
      .optional()
      .describe("Enforcement level for every policy; only `enforcementLevel` applies to all."),
    ...Object.fromEntries(
      RULES.map(({ meta }) => [
        meta.name,
        z
          .union([
            EnforcementLevelSchema,
            policySettingsSchema(meta.settings).extend({
              enforcementLevel: EnforcementLevelSchema.optional(),
            }),
          ])
          .optional(),
      ]),
    ),
  })
  .strict();
