import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeLabelValue,
  encodeLabelValue,
  encodeTagValue,
  formatCeilingTag,
  parseCeilingTag,
  TagEncodingError,
  tagKeys,
  validateTags,
} from "../../domain";

describe("tag keys", () => {
  it("are the stable ai- keys finance relies on", () => {
    const k = tagKeys();
    expect([
      k.team,
      k.outcome,
      k.outcomeStatement,
      k.kpi,
      k.costCeilingUsd,
      k.modelTier,
      k.costCenter,
      k.reviewBy,
    ]).toEqual([
      "ai-team",
      "ai-outcome",
      "ai-outcome-statement",
      "ai-kpi",
      "ai-cost-ceiling-usd",
      "ai-model-tier",
      "ai-cost-center",
      "ai-review-by",
    ]);
  });

  it("take a configurable prefix", () => {
    expect(tagKeys("acme:ai-").outcome).toBe("acme:ai-outcome");
  });

  it.each(["aws:ai-", "AI-", "ai%", "", "-ai"])("reject prefix %j", (prefix) => {
    expect(() => tagKeys(prefix)).toThrow(/prefix/);
  });
});

describe("validateTags", () => {
  it("accepts what both clouds accept", () => {
    const tags = {
      "ai-team": "support",
      "ai-outcome-statement": "Cut time by 40 percent: Q1 @ 5/h",
    };
    expect(validateTags("aws", tags)).toEqual([]);
    expect(validateTags("azure", tags)).toEqual([]);
  });

  it("AWS rejects values with % , $ and quotes, and names the key", () => {
    const issues = validateTags("aws", { "ai-outcome-statement": "Cut 40%, save $5" });
    expect(issues).toHaveLength(1);
    expect(issues[0]?.key).toBe("ai-outcome-statement");
    expect(issues[0]?.problem).toMatch(/letters, digits, spaces/);
  });

  it("Azure accepts any value characters but rejects forbidden name characters", () => {
    expect(validateTags("azure", { "ai-outcome-statement": "Cut 40%, save $5" })).toEqual([]);
    for (const ch of ["<", ">", "%", "&", "\\", "?", "/"]) {
      expect(validateTags("azure", { [`ai${ch}x`]: "v" })).toHaveLength(1);
    }
  });

  it("enforces the 256-character value limit on both clouds", () => {
    const v = "a".repeat(257);
    expect(validateTags("aws", { k: v })[0]?.problem).toMatch(/256/);
    expect(validateTags("azure", { k: v })[0]?.problem).toMatch(/256/);
    expect(validateTags("aws", { k: "a".repeat(256) })).toEqual([]);
  });

  it("enforces key lengths: AWS 128, Azure 512", () => {
    expect(validateTags("aws", { ["k".repeat(129)]: "v" })).toHaveLength(1);
    expect(validateTags("azure", { ["k".repeat(129)]: "v" })).toEqual([]);
    expect(validateTags("azure", { ["k".repeat(513)]: "v" })).toHaveLength(1);
  });

  it("rejects AWS's reserved aws: prefix in any case", () => {
    expect(validateTags("aws", { "AWS:team": "x" }).map((i) => i.problem)).toContain(
      'key uses the reserved "aws:" prefix',
    );
  });

  it("limits both clouds to 50 tags", () => {
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]));
    expect(validateTags("aws", many)[0]?.key).toBe("*");
    expect(validateTags("azure", many)[0]?.key).toBe("*");
  });

  it("Azure names are case-insensitive", () => {
    expect(validateTags("azure", { "AI-Team": "a", "ai-team": "b" })[0]?.problem).toMatch(
      /case-insensitive/,
    );
    expect(validateTags("aws", { "AI-Team": "a", "ai-team": "b" })).toEqual([]);
  });
});

describe("encodeTagValue", () => {
  it.each([
    ["Resolve 40% of Tier 1 tickets", "Resolve 40 percent of Tier 1 tickets"],
    [
      "Cut agency spend from $5,000 to $2,000 a month",
      "Cut agency spend from USD 5000 to USD 2000 a month",
    ],
    ["Sales, support & marketing", "Sales support and marketing"],
    ['Reduce "time to resolution"; by half!', "Reduce time to resolution by half"],
    ["Raise CSAT\nto 4.5", "Raise CSAT to 4.5"],
    ["Réduire le délai – de 5 à 1 heure", "Réduire le délai - de 5 à 1 heure"],
  ])("%j becomes %j", (input, expected) => {
    const out = encodeTagValue(input);
    expect(out).toBe(expected);
    expect(validateTags("aws", { k: out })).toEqual([]);
    expect(validateTags("azure", { k: out })).toEqual([]);
  });

  it("refuses to drop a symbol that carries meaning", () => {
    expect(() => encodeTagValue("Ship faster 🚀")).toThrow(TagEncodingError);
    expect(() => encodeTagValue("Ship faster 🚀")).toThrow(/U\+1F680/);
  });

  it("refuses to truncate: too long is an error that says so", () => {
    const long = "Reduce the time to resolution ".repeat(10);
    expect(() => encodeTagValue(long)).toThrow(/characters once encoded; tag values allow 256/);
  });

  it("always yields a value valid on both clouds, or a clear error", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), (s) => {
        let out: string;
        try {
          out = encodeTagValue(s);
        } catch (e) {
          expect(e).toBeInstanceOf(TagEncodingError);
          expect((e as Error).message).toMatch(/cannot encode|characters once encoded/);
          return;
        }
        expect(validateTags("aws", { "ai-outcome-statement": out })).toEqual([]);
        expect(validateTags("azure", { "ai-outcome-statement": out })).toEqual([]);
      }),
      { numRuns: 3000 },
    );
  });

  it("keeps every digit of the original text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary-ascii", maxLength: 120 }), (s) => {
        try {
          const out = encodeTagValue(s);
          expect(out.replace(/\D/g, "")).toBe(s.normalize("NFC").replace(/\D/g, ""));
        } catch (e) {
          expect(e).toBeInstanceOf(TagEncodingError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe("cost ceiling tags", () => {
  it("are positive numbers in digits", () => {
    expect(formatCeilingTag(5000)).toBe("5000");
    expect(formatCeilingTag(1250.5)).toBe("1250.5");
    expect(parseCeilingTag("5000")).toBe(5000);
    for (const bad of ["0", "-5", "five thousand", "5,000", "$5000", "5e3", "", 5000, null]) {
      expect(parseCeilingTag(bad)).toBeUndefined();
    }
    expect(() => formatCeilingTag(0)).toThrow(/positive/);
  });
});

describe("GCP labels", () => {
  it("accept lowercase letters, digits, _ and -, a key starting with a letter", () => {
    expect(
      validateTags("gcp", {
        "ai-team": "support-platform",
        "ai-cost-ceiling-usd": "5000",
        "ai-review-by": "2999-12-31",
        "ai-outcome-statement": "cut_time_by_40_percent",
        "ai-kpi": "",
      }),
    ).toEqual([]);
  });

  it.each([
    ["an uppercase value", { "ai-team": "Support" }, /label value may contain only/],
    ["a space in a value", { "ai-team": "support platform" }, /label value may contain only/],
    ["a dot in a key", { "acme.ai-team": "x" }, /label key may contain only/],
    ["a key starting with a digit", { "1team": "x" }, /starting with a letter/],
    ["a 64-character value", { "ai-team": "a".repeat(64) }, /63/],
    ["a 64-character key", { [`a${"b".repeat(63)}`]: "x" }, /1-63 characters on gcp/],
  ])("reject %s", (_what, labels, why) => {
    expect(
      validateTags("gcp", labels)
        .map((i) => i.problem)
        .join("\n"),
    ).toMatch(why);
  });

  it("allow at most 64 labels", () => {
    const labels = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, "v"]));
    expect(validateTags("gcp", labels)[0]?.problem).toMatch(/gcp allows at most 64/);
  });

  it("encode a statement as a label and read it back as words", () => {
    const label = encodeLabelValue("Cut time to resolve a ticket by 40%, from 10 to 6 hours");
    expect(label).toBe("cut_time_to_resolve_a_ticket_by_40_percent_from_10_to_6_hours");
    expect(decodeLabelValue(label)).toBe(
      "cut time to resolve a ticket by 40 percent from 10 to 6 hours",
    );
  });

  it("refuse to truncate a statement too long for a label", () => {
    expect(() =>
      encodeLabelValue(
        "Reduce the time to resolve a Tier 1 support ticket from 8 hours to 2 hours",
      ),
    ).toThrow(/GCP labels allow 63/);
  });

  it("always encode to a valid label, or a clear error (property)", () => {
    let encoded = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 90 }), (s) => {
        let out: string;
        try {
          out = encodeLabelValue(s);
        } catch (e) {
          expect(e).toBeInstanceOf(TagEncodingError);
          expect((e as Error).message).toMatch(
            /cannot encode|characters once encoded|GCP labels allow/,
          );
          refused++;
          return;
        }
        encoded++;
        expect(validateTags("gcp", { "ai-outcome-statement": out })).toEqual([]);
      }),
      { numRuns: 2000 },
    );
    expect(encoded).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(0);
  });

  it("keep every digit of ASCII text (property)", () => {
    let checked = 0;
    fc.assert(
      fc.property(fc.string({ unit: "binary-ascii", maxLength: 40 }), (s) => {
        try {
          const out = encodeLabelValue(s);
          expect(out.replace(/\D/g, "")).toBe(s.replace(/\D/g, ""));
          checked++;
        } catch (e) {
          expect(e).toBeInstanceOf(TagEncodingError);
        }
      }),
      { numRuns: 2000 },
    );
    expect(checked).toBeGreaterThan(100);
  });
});
