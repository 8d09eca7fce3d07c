/**
 * Shapes taken from public programs (test/support/corpus.ts names each one's source), through
 * every resource policy as the SDK runs them: what a preview of such a program reports.
 */
import { describe, expect, it } from "vitest";
import { CORPUS } from "../support/corpus";
import { at, type Violation } from "../support/policy-harness";
import { runEveryResourcePolicy } from "../support/registry-fixtures";

const diagnose = (c: (typeof CORPUS)[number]) => runEveryResourcePolicy(c.resource);
const names = (d: readonly Violation[]) => [...new Set(d.map((x) => x.policyName))].sort();

describe("AI resources as public programs write them", () => {
  it("holds shapes from several sources and every cloud", () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(12);
    const clouds = new Set(CORPUS.map((c) => c.resource.type.split(":")[0]));
    expect([...clouds].sort()).toEqual(["aws", "aws-native", "azure", "azure-native", "gcp"]);
  });

  it.each(CORPUS.map((c) => [c.what, c] as const))("%s", async (_what, c) => {
    const d = await diagnose(c);
    for (const x of d) expect(x.message).not.toMatch(/internal error|can't run policy/);
    expect(names(at("mandatory", d)), c.source).toEqual([...c.mandatory].sort());
    expect(names(at("advisory", d)), c.source).toEqual(expect.arrayContaining([...c.advisory]));
  });
});
