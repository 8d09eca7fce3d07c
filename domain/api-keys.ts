/**
 * Long-term Bedrock API keys (an IAM service-specific credential for `bedrock.amazonaws.com`) are
 * capped: a key that never expires is a standing way around every other control. OutcomeGuard's
 * team keys expire after {@link BEDROCK_API_KEY_AGE_DAYS}.default days unless configured, and never
 * after more than {@link BEDROCK_API_KEY_AGE_DAYS}.max days (AWS itself allows up to 36,600).
 */

/** The credential age OutcomeGuard allows a team's Bedrock API key, in days. */
export const BEDROCK_API_KEY_AGE_DAYS = { min: 1, max: 365, default: 90 } as const;

/** Why a credential age is not allowed, or undefined when it is. */
export function apiKeyAgeProblem(days: unknown): string | undefined {
  const { min, max } = BEDROCK_API_KEY_AGE_DAYS;
  if (typeof days !== "number" || !Number.isInteger(days) || days < min || days > max) {
    return `must be a whole number of days from ${min} to ${max} (a long-term Bedrock API key must expire; default ${BEDROCK_API_KEY_AGE_DAYS.default})`;
  }
  return undefined;
}
