import { describe, expect, it } from "vitest";
import {
  asBag,
  asList,
  describeType,
  finding,
  fromJsonText,
  mergeFindings,
  NOT_JSON,
  PASS,
} from "../../domain/finding";
import { Unknown } from "../../domain/unknown";

describe("findings", () => {
  it("are PASS when nothing was found, and merge violations and undecided notes in order", () => {
    expect(finding([], [])).toBe(PASS);
    expect(mergeFindings([finding(["a"]), PASS, finding(["b"], ["c"])])).toEqual({
      violations: ["a", "b"],
      undecided: ["c"],
    });
    expect(finding(["a"], [], "Opus is premium").context).toBe("Opus is premium");
  });
});

describe("property readers", () => {
  it("parse a property given as JSON text", () => {
    expect(fromJsonText('{"tags":{"a":"b"}}')).toEqual({ tags: { a: "b" } });
  });

  it("say when a property's text is not JSON", () => {
    expect(fromJsonText("{not json")).toBe(NOT_JSON);
  });

  it("take a property that is not text as it is", () => {
    const bag = { tags: {} };
    expect(fromJsonText(bag)).toBe(bag);
  });

  it("read one value or a list as a list, and only known objects as bags", () => {
    expect(asList(undefined)).toEqual([]);
    expect(asList("x")).toEqual(["x"]);
    expect(asList([1, 2])).toEqual([1, 2]);
    expect(asBag({ a: 1 })).toEqual({ a: 1 });
    expect(asBag([1])).toBeUndefined();
    expect(asBag(new Unknown("p"))).toBeUndefined();
  });

  it("describe a value's type for messages about malformed properties", () => {
    expect([null, [], new Unknown("x"), {}, "s", 1].map(describeType)).toEqual([
      "null",
      "a list",
      "unknown",
      "an object",
      "a string",
      "a number",
    ]);
  });
});
