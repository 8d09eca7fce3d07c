/**
 * The registry of AI resource types: for each type token the pack reads, what it is (a model
 * endpoint, an account, a budget, an IAM grant, a usage switch), how to read its model(s), its tags
 * (map, `{key, value}` list or GCP labels) and its capacity. Policies match on this list, so a new
 * type is one entry (in ./aws.ts, ./azure.ts or ./gcp.ts) plus its tests.
 */
import { AWS_SPECS } from "./aws";
import { AZURE_SPECS } from "./azure";
import { GCP_SPECS } from "./gcp";
import type {
  AccountSpec,
  BudgetSpec,
  EndpointSpec,
  IamSpec,
  ResourceSpec,
  UsageSpec,
} from "./spec";
import type { TagCloud } from "../tags";
import { normalizeType } from "./tokens";

export const REGISTRY: readonly ResourceSpec[] = [...AWS_SPECS, ...AZURE_SPECS, ...GCP_SPECS];

const BY_TOKEN: ReadonlyMap<string, ResourceSpec> = new Map(REGISTRY.map((s) => [s.token, s]));

/** The registry's entry for a type token (any API version), or undefined. */
export function specOf(type: string): ResourceSpec | undefined {
  return BY_TOKEN.get(type) ?? BY_TOKEN.get(normalizeType(type));
}

type Role = ResourceSpec["role"];
type SpecOfRole<R extends Role> = Extract<ResourceSpec, { role: R }>;

function specAs<R extends Role>(type: string, role: R): SpecOfRole<R> | undefined {
  const s = specOf(type);
  return s?.role === role ? (s as SpecOfRole<R>) : undefined;
}

export const endpointSpecOf = (type: string): EndpointSpec | undefined => specAs(type, "endpoint");
export const accountSpecOf = (type: string): AccountSpec | undefined => specAs(type, "account");
export const budgetSpecOf = (type: string): BudgetSpec | undefined => specAs(type, "budget");
export const iamSpecOf = (type: string): IamSpec | undefined => specAs(type, "iam");
export const usageSpecOf = (type: string): UsageSpec | undefined => specAs(type, "usage");

/** The cloud whose tag rules apply to a type: the registry's, else by the token's package. */
export function cloudOfType(type: string): TagCloud | undefined {
  const s = specOf(type);
  if (s) return s.cloud;
  if (type.startsWith("aws:") || type.startsWith("aws-native:")) return "aws";
  if (type.startsWith("azure-native:") || type.startsWith("azure:")) return "azure";
  if (type.startsWith("gcp:") || type.startsWith("google-native:")) return "gcp";
  return undefined;
}
