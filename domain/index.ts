/** OutcomeGuard's domain model: pure TypeScript, no Pulumi. Components and policies import this. */
export * from "./tags";
export * from "./kpis";
export * from "./outcome";
export * from "./catalog";
export * from "./projection";
export * from "./governance";
export { DEFAULT_MODELS } from "./catalog-data";
export * from "./serving";
export * from "./iam";
export * from "./apim";
export * from "./budgets";
export * from "./resource-tags";
export * from "./focus";
export * from "./allocation";
