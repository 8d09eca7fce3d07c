/**
 * azure-ai-local-auth-disabled: an Azure AI account disables local (shared-key) auth, so every
 * call goes through a team key.
 */
import { AI_ACCOUNT_KINDS, RESOURCE_TYPES } from "../endpoints";
import { finding, PASS, type Finding, type ResourceRule } from "../finding";
import { isUnknown } from "../unknown";

/** Rule: an Azure AI account disables local (shared-key) auth, so every call goes through a team key. */
function localAuthRule(props: unknown): Finding {
  const bag = (props ?? {}) as Record<string, unknown>;
  const properties = bag.properties;
  const disable = isUnknown(properties)
    ? properties
    : properties && typeof properties === "object"
      ? (properties as Record<string, unknown>).disableLocalAuth
      : undefined;
  if (disable === true) return PASS;
  const kind = bag.kind;
  if (isUnknown(kind)) {
    return finding(
      [],
      [`kind is not known until the update (${kind.path}); local auth is checked then`],
    );
  }
  if (
    typeof kind !== "string" ||
    !(AI_ACCOUNT_KINDS as readonly string[]).some((k) => k.toLowerCase() === kind.toLowerCase())
  ) {
    return PASS;
  }
  if (isUnknown(disable)) {
    return finding([], [`disableLocalAuth is not known until the update (${disable.path})`]);
  }
  const got =
    disable === undefined ? "not set (Azure's default is false)" : `${JSON.stringify(disable)}`;
  return finding([
    `properties.disableLocalAuth is ${got}: the account's shared keys let anyone holding one call every deployment, around per-team keys, quotas and hard stops; set properties.disableLocalAuth to true`,
  ]);
}

/** The policy's rule: Azure Cognitive Services accounts. */
export const rule: ResourceRule = {
  type: RESOURCE_TYPES.azureAccount,
  evaluate: (r) => localAuthRule(r.props()),
};
