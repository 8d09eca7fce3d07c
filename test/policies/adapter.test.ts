import { unknownCheckingProxy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { snapshot, snapshotField } from "../../policies/adapter";
import { UNKNOWN_SENTINELS } from "../../cli/analyzer/protocol";
import { isUnknown, Unknown } from "../../domain/unknown";

const proxy = unknownCheckingProxy as <T>(v: T) => T;

describe("snapshot", () => {
  it("copies proxied properties as plain data, marking each unknown value with its path instead of throwing", () => {
    const props = proxy({
      tags: { "ai-team": "support", "ai-outcome": UNKNOWN_SENTINELS.string },
      sku: UNKNOWN_SENTINELS.object,
      list: [1, UNKNOWN_SENTINELS.number, { a: UNKNOWN_SENTINELS.boolean }],
      n: null,
    });
    const s = snapshot(props) as Record<string, Record<string, unknown>>;
    expect(s.tags!["ai-team"]).toBe("support");
    expect(s.tags!["ai-outcome"]).toBeInstanceOf(Unknown);
    expect((s.tags!["ai-outcome"] as Unknown).path).toBe("tags.ai-outcome");
    expect((s.sku as unknown as Unknown).path).toBe("sku");
    expect(isUnknown((s.list as unknown as unknown[])[1])).toBe(true);
    expect(((s.list as unknown as unknown[])[2] as Record<string, Unknown>).a!.path).toBe(
      "list.2.a",
    );
    expect(s.n).toBeNull();
    expect(Array.isArray(s.list)).toBe(true);
  });

  it("reads one field without touching the others", () => {
    const props = proxy({ tags: UNKNOWN_SENTINELS.object, other: UNKNOWN_SENTINELS.string });
    expect((snapshotField(props, "tags") as Unknown).path).toBe("tags");
    expect(snapshotField(props, "missing")).toBeUndefined();
    expect(snapshotField("not an object", "tags")).toBeUndefined();
  });

  it("stops at a depth limit rather than recursing forever", () => {
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 200; i++) {
      const next = {};
      deep.x = next;
      deep = next;
    }
    expect(() => snapshot(proxy(root))).not.toThrow();
  });
});
