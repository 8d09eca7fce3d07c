/** The AWS components: `import { aws } from "outcomeguard"`, then `new aws.AwsAiTeam(...)`. */
export * from "./account";
export * from "./budget-alarm";
export * from "./gated-endpoint";
export * from "./runaway-alarm";
export * from "./team";
export * from "./team-key";
