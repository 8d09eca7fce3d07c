/** The Azure components: `import { azure } from "outcomeguard"`, then `new azure.AzureAiTeam(...)`. */
export * from "./budget-alarm";
export * from "./gated-endpoint";
export * from "./team";
export * from "./team-key";
