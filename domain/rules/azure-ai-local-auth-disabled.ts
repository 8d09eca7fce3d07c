/**
 * azure-ai-local-auth-disabled: an Azure AI account (azure-native or the classic provider)
 * disables local (shared-key) auth, so every call goes through a team key.
 */
import { finding, PASS, type Finding, type ResourceRule } from "../finding";
import { accountSpecOf } from "../registry";
import { valuesAt } from "../registry/read";
import type { AccountSpec } from "../registry/spec";
import { isUnknown } from "../unknown";

/** Rule: an AI account turns local (shared-key) auth off, so every call goes through a team key. */
function localAuthRule(spec: AccountSpec, props: unknown): Finding {
  const auth = spec.localAuth;
  if (!auth) return PASS;
  const bag = (props ?? {}) as Record<string, unknown>;
  const [value] = isUnknown(props) ? [props] : valuesAt(bag, auth.path);
  const path = auth.path.join(".");
  if (value === auth.offWhen) return PASS;
  if (spec.kinds) {
    const kind = bag.kind;
    if (isUnknown(kind)) {
      return finding(
        [],
        [`kind is not known until the update (${kind.path}); local auth is checked then`],
      );
    }
    if (
      typeof kind !== "string" ||
      !spec.kinds.some((k) => k.toLowerCase() === kind.toLowerCase())
    ) {
      return PASS;
    }
  }
  if (isUnknown(value)) {
    return finding([], [`${path} is not known until the update (${value.path})`]);
  }
  const got = value === undefined ? auth.unsetNote : `${JSON.stringify(value)}`;
  return finding([
    `${path} is ${got}: the account's shared keys let anyone holding one call every deployment, around per-team keys, quotas and hard stops; set ${path} to ${auth.offWhen}`,
  ]);
}

/** The policy's rule: every AI account type in the registry that has local auth. */
export const rule: ResourceRule = {
  appliesTo: (type) => accountSpecOf(type)?.localAuth !== undefined,
  evaluate: (r) => {
    const spec = accountSpecOf(r.type);
    return spec ? localAuthRule(spec, r.props()) : PASS;
  },
};
