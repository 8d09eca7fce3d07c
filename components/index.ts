/**
 * OutcomeGuard components: gated model endpoints, budget alarms and per-team keys on AWS and
 * Azure, and a team convenience on each cloud. What they create passes the policy pack by
 * construction; bad arguments fail with one {@link InvalidArgumentsError} before anything is
 * registered. See components/README.md for the argument reference.
 */
export * from "./args";
export * from "./aws/gated-endpoint";
export * from "./aws/budget-alarm";
export * from "./aws/team-key";
export * from "./aws/team";
export * from "./aws/runaway-alarm";
export * from "./aws/account";
export * from "./azure/gated-endpoint";
export * from "./azure/budget-alarm";
export * from "./azure/team-key";
export * from "./azure/team";
