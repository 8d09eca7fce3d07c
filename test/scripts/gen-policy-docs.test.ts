import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { POLICY_NAMES } from "../../policies/registry";
import { DOCS_PATH, renderPolicyDocs } from "../../scripts/gen-policy-docs";

describe("docs/POLICIES.md", () => {
  const page = renderPolicyDocs();

  it("is up to date with the policies and the config schema (run `npx tsx scripts/gen-policy-docs.ts`)", () => {
    expect(readFileSync(DOCS_PATH, "utf8")).toBe(page);
  });

  it("lists every policy with its level, what it checks and how to fix it, and every setting", () => {
    for (const name of POLICY_NAMES) {
      expect(page).toContain(`### ${name}`);
      const section = page.slice(page.indexOf(`### ${name}`)).split("\n### ")[0]!;
      expect(section).toMatch(/\*\*(mandatory|advisory)\*\*/);
      expect(section).toContain("**What it checks.**");
      expect(section).toContain("**How to fix it.**");
    }
    for (const setting of [
      "tagPrefix",
      "gatedTiers",
      "maxCeilingUsd",
      "catalogOverrides",
      "waivers",
    ]) {
      expect(page).toContain(`### ${setting}`);
    }
  });
});
