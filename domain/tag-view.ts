/**
 * A resource's `tags` as a rule reads them: unknown as a whole, absent, malformed, or a map whose
 * values may each be unknown. Rules read tag values through {@link readTagValue}, so a value not
 * known until the update is never mistaken for a missing one.
 */
import { describeType } from "./finding";
import { MalformedTags } from "./registry/read";
import type { TagKeys } from "./tags";
import { isUnknown, type Unknown } from "./unknown";

export type TagView =
  | { readonly state: "unknown"; readonly unknown: Unknown }
  | { readonly state: "absent" }
  | { readonly state: "malformed"; readonly got: string }
  | {
      readonly state: "map";
      readonly values: Readonly<Record<string, unknown>>;
      readonly unknownKeys: ReadonlySet<string>;
    };

/** The `tags` property as a rule sees it: unknown as a whole, absent, malformed, or a map. */
export function viewTags(tags: unknown): TagView {
  if (isUnknown(tags)) return { state: "unknown", unknown: tags };
  if (tags === undefined || tags === null) return { state: "absent" };
  if (tags instanceof MalformedTags) return { state: "malformed", got: tags.got };
  if (typeof tags !== "object" || Array.isArray(tags)) {
    return { state: "malformed", got: describeType(tags) };
  }
  const values = tags as Readonly<Record<string, unknown>>;
  const unknownKeys = new Set<string>();
  for (const [k, v] of Object.entries(values)) if (isUnknown(v)) unknownKeys.add(k);
  return { state: "map", values, unknownKeys };
}

export type TagRead =
  | { readonly known: true; readonly value: unknown }
  | { readonly known: false; readonly unknown: Unknown };

/** One tag's value, or why it is not known. Absent and malformed tag sets read as no value. */
export function readTagValue(view: TagView, key: string): TagRead {
  switch (view.state) {
    case "unknown":
      return { known: false, unknown: view.unknown };
    case "map": {
      const v = view.values[key];
      return isUnknown(v) ? { known: false, unknown: v } : { known: true, value: v };
    }
    default:
      return { known: true, value: undefined };
  }
}

/** The tag map a governance check can read (the map itself), or undefined when there is none. */
export const tagMapOf = (view: TagView): Readonly<Record<string, unknown>> | undefined =>
  view.state === "map" ? view.values : undefined;

/** The tag prefix a set of keys was built from (`ai-` for `ai-team`). */
export function tagPrefixOf(keys: TagKeys): string {
  return keys.team.slice(0, keys.team.length - "team".length);
}
