import { z } from "zod";
import { describe, expect, it } from "vitest";
import { allowedKeysAt, formatPath, zodProblems } from "../../domain/zod-problems";

const Schema = z
  .object({
    name: z.string(),
    budget: z.object({ amount: z.number(), currency: z.literal("USD") }).strict(),
    teams: z.record(z.string(), z.object({ costCenter: z.string() }).strict()).optional(),
    key: z
      .discriminatedUnion("cloud", [
        z.object({ cloud: z.literal("aws"), region: z.string() }).strict(),
        z.object({ cloud: z.literal("azure"), location: z.string() }).strict(),
      ])
      .optional(),
    list: z.array(z.object({ id: z.string() }).strict()).default([]),
  })
  .strict();

const problems = (input: unknown) => {
  const r = Schema.safeParse(input);
  if (r.success) throw new Error("expected a failure");
  return zodProblems(Schema, r.error, input);
};

describe("zod problems", () => {
  it("formats paths with dots and indexes, after a root", () => {
    expect(formatPath(["teams", "platform", "budget", 0, "amount"])).toBe(
      "teams.platform.budget[0].amount",
    );
    expect(formatPath(["x"], "outcomeguard:teams")).toBe("outcomeguard:teams.x");
  });

  it("names an unknown key by its own path and lists what the object there allows", () => {
    const [p] = problems({ name: "n", budget: { amount: 1, currency: "USD", amont: 2 } });
    expect(p).toMatchObject({ kind: "unknown-key", path: ["budget", "amont"] });
    expect(p!.allowed).toEqual(["amount", "currency"]);
  });

  it("finds the allowed keys through records, lists, defaults and a union's matching option", () => {
    expect(allowedKeysAt(Schema, ["teams", "any"])).toEqual(["costCenter"]);
    expect(allowedKeysAt(Schema, ["list", 0])).toEqual(["id"]);
    expect(allowedKeysAt(Schema, ["key"], { key: { cloud: "azure" } })).toEqual([
      "cloud",
      "location",
    ]);
    expect(allowedKeysAt({ not: "a schema" }, ["x"])).toBeUndefined();
  });

  it("tells a missing value from a wrong one by the issue and the input, not by zod's words", () => {
    const byPath = Object.fromEntries(
      problems({ budget: { amount: "5", currency: "USD" } }).map((p) => [formatPath(p.path), p]),
    );
    expect(byPath.name).toMatchObject({
      kind: "missing",
      message: "is required (expected string)",
    });
    expect(byPath["budget.amount"]).toMatchObject({ kind: "invalid", code: "invalid_type" });
  });

  it("keeps a schema's own 'is required' message as it is", () => {
    const Own = z.object({ team: z.string({ error: "is required: the team that pays" }) });
    const r = Own.safeParse({});
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(zodProblems(Own, r.error, {})[0]!.message).toBe("is required: the team that pays");
  });
});
