import { describe, expect, it } from "vitest";
import { SECRET_SIG, SECRET_SIG_KEY, UNKNOWN_SENTINELS } from "../../../cli/analyzer/protocol";
import {
  at,
  baseType,
  fromResourceRecord,
  isRecord,
  isUnknown,
  nameFromUrn,
  normaliseProps,
  normaliseValue,
  prop,
  Unknown,
} from "../../../cli/report/resource";

describe("normaliseValue", () => {
  it("turns the engine's unknown sentinel into Unknown", () => {
    expect(
      isUnknown((normaliseValue({ a: [UNKNOWN_SENTINELS.number] }) as { a: unknown[] }).a[0]),
    ).toBe(true);
  });

  it("reads a secret exported with --show-secrets", () => {
    expect(normaliseValue({ [SECRET_SIG_KEY]: SECRET_SIG, plaintext: '{"a":1}' })).toEqual({
      a: 1,
    });
  });

  it("treats an encrypted secret as unknown", () => {
    expect(normaliseValue({ [SECRET_SIG_KEY]: SECRET_SIG, ciphertext: "AAAA" })).toBeInstanceOf(
      Unknown,
    );
  });

  it("keeps plain values as they are", () => {
    expect(normaliseValue({ a: "x", b: [1, true, null] })).toEqual({ a: "x", b: [1, true, null] });
  });
});

describe("normaliseProps", () => {
  it("gives an empty map for props that are not a map", () => {
    expect(normaliseProps("x")).toEqual({});
  });
});

describe("names and types", () => {
  it("names a resource after the last part of its URN", () => {
    expect(nameFromUrn("urn:pulumi:prod::acme::aws:sns/topic:Topic::alerts")).toBe("alerts");
  });

  it("keeps a name with :: in it whole", () => {
    expect(nameFromUrn("urn:pulumi:prod::acme::a:b:C::x::y")).toBe("x::y");
  });

  it("strips the API version from an Azure type token", () => {
    expect(baseType("azure-native:cognitiveservices/v20241001:Account")).toBe(
      "azure-native:cognitiveservices:Account",
    );
  });

  it("leaves other type tokens alone", () => {
    expect(baseType("aws:bedrock/inferenceProfile:InferenceProfile")).toBe(
      "aws:bedrock/inferenceProfile:InferenceProfile",
    );
  });
});

describe("reading properties", () => {
  const r = { urn: "u", type: "t", name: "n", inputs: { a: 1, b: 2 }, outputs: { a: 3, b: null } };

  it("prefers the cloud's output over the declared input", () => {
    expect(prop(r, "a")).toBe(3);
  });

  it("falls back to the input when the output is null", () => {
    expect(prop(r, "b")).toBe(2);
  });

  it("returns Unknown when an object on the path is unknown", () => {
    expect(at({ a: new Unknown("a") }, "a", "b", "c")).toBeInstanceOf(Unknown);
  });

  it("returns undefined for a path through a plain value", () => {
    expect(at({ a: 1 }, "a", "b")).toBeUndefined();
  });

  it("does not count Unknown as a record", () => {
    expect(isRecord(new Unknown("x"))).toBe(false);
  });
});

describe("fromResourceRecord", () => {
  it("adapts an offline preview's record, sentinels turned into Unknown", () => {
    const r = fromResourceRecord({
      urn: "urn:pulumi:s::p::t:m:T::x",
      type: "t:m:T",
      name: "",
      props: { tags: UNKNOWN_SENTINELS.string },
    });
    expect([r.name, isUnknown(r.inputs.tags)]).toEqual(["x", true]);
  });
});
