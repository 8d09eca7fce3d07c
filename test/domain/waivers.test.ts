import { describe, expect, it } from "vitest";
import {
  findWaivers,
  globToRegExp,
  isoToday,
  waiverLive,
  waiverMatches,
  WaiverSchema,
} from "../../domain/waivers";

const subject = {
  name: "support-opus",
  urn: "urn:pulumi:dev::p::outcomeguard:aws:GatedEndpoint$aws:bedrock/inferenceProfile:InferenceProfile::support-opus",
};

describe("waivers", () => {
  it("match a glob on the resource name or its URN; everything but * and ? is literal", () => {
    expect(waiverMatches({ resource: "support-*" }, subject)).toBe(true);
    expect(waiverMatches({ resource: "support-op?s" }, subject)).toBe(true);
    expect(waiverMatches({ resource: "*GatedEndpoint$aws:bedrock*" }, subject)).toBe(true);
    expect(waiverMatches({ resource: "support" }, subject)).toBe(false);
    expect(waiverMatches({ resource: "Support-*" }, subject)).toBe(false);
    expect(waiverMatches({ resource: "support.opus" }, { name: "supportXopus", urn: "" })).toBe(
      false,
    );
    expect(globToRegExp("a(b)[c]+$").test("a(b)[c]+$")).toBe(true);
  });

  it("are live through their expiry day", () => {
    expect(waiverLive({ expires: "2026-11-23" }, "2026-11-23")).toBe(true);
    expect(waiverLive({ expires: "2026-11-22" }, "2026-11-23")).toBe(false);
    expect(isoToday(new Date("2026-11-23T23:59:59Z"))).toBe("2026-11-23");
  });

  it("split matching waivers into the live one (longest lasting) and the expired ones", () => {
    const w = (resource: string, expires: string) => ({ resource, reason: "r", expires });
    const v = findWaivers(
      [
        w("support-*", "2027-01-01"),
        w("*", "2028-01-01"),
        w("support-*", "2020-01-01"),
        w("other", "2030-01-01"),
      ],
      [subject],
      "2026-11-23",
    );
    expect(v.live?.expires).toBe("2028-01-01");
    expect(v.expired.map((x) => x.expires)).toEqual(["2020-01-01"]);
    expect(findWaivers([], [subject], "2026-11-23")).toEqual({ expired: [] });
  });

  it("are validated: a glob, a reason in words and a real date", () => {
    expect(
      WaiverSchema.safeParse({ resource: "a", reason: "because", expires: "2026-12-31" }).success,
    ).toBe(true);
    const bad = WaiverSchema.safeParse({
      resource: "",
      reason: "  ",
      expires: "2026-02-30",
      extra: 1,
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join(".") || i.code).sort()).toEqual([
      "expires",
      "reason",
      "resource",
      "unrecognized_keys",
    ]);
  });
});
