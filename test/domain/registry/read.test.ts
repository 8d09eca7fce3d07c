import { describe, expect, it } from "vitest";
import {
  MalformedTags,
  modelsAt,
  modelsUnderKey,
  tagListAsMap,
  valuesAt,
} from "../../../domain/registry/read";
import { Unknown } from "../../../domain/unknown";

describe("registry readers", () => {
  it("read values at a path through objects and lists, keeping unknowns", () => {
    const u = new Unknown("a");
    expect(valuesAt({ a: [{ b: 1 }, { b: 2 }] }, ["a", "b"])).toEqual([1, 2]);
    expect(valuesAt({ a: u }, ["a", "b"])).toEqual([u]);
    expect(valuesAt("x", ["a"])).toEqual([undefined]);
  });

  it("give one undefined model when none is declared, and every declared one otherwise", () => {
    expect(modelsAt({}, ["m"])).toEqual([undefined]);
    expect(modelsAt({ m: " " }, ["m"])).toEqual([undefined]);
    expect(modelsAt({ a: "x", b: "y" }, ["a"], ["b"])).toEqual(["x", "y"]);
    expect(modelsUnderKey({ deep: { deeper: [{ modelId: "z" }] } }, "modelId")).toEqual(["z"]);
  });

  it("turn a {key, value} tag list into a map", () => {
    expect(
      tagListAsMap([
        { key: "ai-team", value: "x" },
        { Key: "b", Value: "c" },
      ]),
    ).toEqual({
      "ai-team": "x",
      b: "c",
    });
    const v = new Unknown("tags[0].value");
    expect(tagListAsMap([{ key: "ai-team", value: v }])).toEqual({ "ai-team": v });
    expect(tagListAsMap({ a: "b" })).toEqual({ a: "b" });
    expect(tagListAsMap(undefined)).toBeUndefined();
  });

  it("leave the whole set unknown when an entry or key is, and malformed when not a pair", () => {
    expect(tagListAsMap([new Unknown("tags[0]")])).toBeInstanceOf(Unknown);
    expect(tagListAsMap([{ key: new Unknown("tags[0].key"), value: "x" }])).toBeInstanceOf(Unknown);
    const bad = tagListAsMap([{ key: "a", value: "b" }, 7]);
    expect(bad).toBeInstanceOf(MalformedTags);
    expect((bad as MalformedTags).got).toBe("a list whose entry 1 is a number");
  });
});
