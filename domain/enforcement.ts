/** How a policy's violation is enforced: the levels the Pulumi engine and policy packs know. */
export const ENFORCEMENT_LEVELS = ["advisory", "mandatory", "remediate", "disabled"] as const;
export type EnforcementLevel = (typeof ENFORCEMENT_LEVELS)[number];

export function isEnforcementLevel(value: unknown): value is EnforcementLevel {
  return typeof value === "string" && (ENFORCEMENT_LEVELS as readonly string[]).includes(value);
}
