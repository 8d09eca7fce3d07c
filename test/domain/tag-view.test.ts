import { describe, expect, it } from "vitest";
import { readTagValue, tagPrefixOf, viewTags } from "../../domain/tag-view";
import { tagKeys } from "../../domain/tags";
import { Unknown } from "../../domain/unknown";

describe("tag view", () => {
  it("tells unknown, absent, malformed and map tags apart", () => {
    expect(viewTags(new Unknown("tags")).state).toBe("unknown");
    expect(viewTags(undefined).state).toBe("absent");
    expect(viewTags("x")).toEqual({ state: "malformed", got: "a string" });
    const v = viewTags({ a: "1", b: new Unknown("tags.b") });
    expect(v.state === "map" && [...v.unknownKeys]).toEqual(["b"]);
    expect(readTagValue(v, "a")).toEqual({ known: true, value: "1" });
    expect(readTagValue(v, "b").known).toBe(false);
  });

  it("recovers the prefix the tag keys were built from", () => {
    expect(tagPrefixOf(tagKeys("acme:ai-"))).toBe("acme:ai-");
  });
});
