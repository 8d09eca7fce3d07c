/**
 * OutcomeGuard components: gated model endpoints, budget alarms and per-team keys on AWS and
 * Azure, and a team convenience on each cloud. What they create passes the policy pack by
 * construction; bad arguments fail with one {@link InvalidArgumentsError} before anything is
 * registered. See components/README.md for the argument reference.
 */
export * from "./args";
export * from "./schemas";
export * from "./aws";
export * from "./azure";
/** The components by cloud: `import { aws, azure } from "outcomeguard"`. */
export * as aws from "./aws";
export * as azure from "./azure";
