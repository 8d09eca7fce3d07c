/**
 * The shape every policy keeps, checked from the list itself: one policy file named after the
 * policy, one domain rule beside it, one test file, the contract names in place, and everything
 * else (settings registry, config schema, docs) derived from the list.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  ALL_POLICIES,
  PackConfigSchema,
  POLICY_NAMES,
  POLICY_SETTINGS,
} from "../../policies/registry";
import { TIERS } from "../../domain/catalog";
import { DEFAULT_MAX_CEILING_USD, HARD_STOP_VALUES, TASK_CLASSES } from "../../domain/governance";
import {
  AWS_ALLOWED_DESCRIPTION,
  AZURE_FORBIDDEN_DESCRIPTION,
  TAG_LIMITS,
  tagKeys,
} from "../../domain/tags";
import { RULES } from "../../policies/rules";

const ROOT = join(__dirname, "..", "..");

/** The names CI configs and waivers refer to (issue #3): renaming one breaks users. */
const CONTRACT_NAMES = [
  "premium-endpoint-requires-outcome",
  "premium-endpoint-requires-cost-ceiling",
  "projected-spend-within-ceiling",
  "cost-ceiling-has-budget-alarm",
];

describe("the policy registry", () => {
  it("keeps the four contract names", () => {
    for (const name of CONTRACT_NAMES) expect(POLICY_NAMES).toContain(name);
  });

  it("derives the settings registry and the served policies from the one list", () => {
    expect(ALL_POLICIES.map((p) => p.name)).toEqual(POLICY_NAMES);
    expect(Object.keys(POLICY_SETTINGS)).toEqual(POLICY_NAMES);
    for (const { meta } of RULES) expect(POLICY_SETTINGS[meta.name]).toBe(meta.settings);
    for (const name of POLICY_NAMES) {
      expect(PackConfigSchema.safeParse({ [name]: "advisory" }).success).toBe(true);
    }
  });

  it("lists every file in policies/rules, each once", () => {
    const files = readdirSync(join(ROOT, "policies", "rules"))
      .filter((f) => f.endsWith(".ts") && f !== "index.ts")
      .map((f) => f.slice(0, -3))
      .sort();
    expect([...POLICY_NAMES].sort()).toEqual(files);
  });
});

describe("one rule, three files", () => {
  for (const { meta } of RULES) {
    it(`${meta.name}: a policy file of that name, its domain rule and its test`, () => {
      const policyFile = join(ROOT, "policies", "rules", `${meta.name}.ts`);
      expect(existsSync(policyFile), `policies/rules/${meta.name}.ts`).toBe(true);
      expect(
        existsSync(join(ROOT, "domain", "rules", `${meta.name}.ts`)),
        `domain/rules/${meta.name}.ts`,
      ).toBe(true);
      expect(
        existsSync(join(ROOT, "test", "policies", "rules", `${meta.name}.test.ts`)),
        `test/policies/rules/${meta.name}.test.ts`,
      ).toBe(true);
      expect(readFileSync(policyFile, "utf8")).toContain(`"../../domain/rules/${meta.name}"`);
    });
  }
});

describe("no domain fact written twice", () => {
  const keys = tagKeys();
  const facts: string[] = [
    ...Object.values(keys).map((k) => `${k}`),
    ...HARD_STOP_VALUES,
    ...Object.values(DEFAULT_MAX_CEILING_USD).flatMap((n) => [
      String(n),
      n.toLocaleString("en-US"),
    ]),
    AWS_ALLOWED_DESCRIPTION,
    AZURE_FORBIDDEN_DESCRIPTION,
    ...TASK_CLASSES.slice(1).flatMap((t, i) => [
      `${TASK_CLASSES[i]}, ${t}`,
      `${TASK_CLASSES[i]} or ${t}`,
      `${TASK_CLASSES[i]} and ${t}`,
    ]),
    ...TIERS.slice(1).map((t, i) => `${TIERS[i]}, ${t}`),
    ...Object.values(TAG_LIMITS).flatMap((l) => [
      `${l.maxKeyLength} characters`,
      `${l.maxValueLength} characters`,
    ]),
  ];
  for (const { meta } of RULES) {
    it(`${meta.name}: spells out no number, list or tag key the domain owns`, () => {
      const source = readFileSync(join(ROOT, "policies", "rules", `${meta.name}.ts`), "utf8");
      const literals = source.match(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`/g) ?? [];
      const text = literals.map((l) => l.replace(/\$\{[^}]*\}/g, "\u0000")).join("\n");
      expect(facts.filter((f) => text.includes(f))).toEqual([]);
      // The interpolated texts still say them.
      expect(meta.remediation.length).toBeGreaterThan(40);
    });
  }
});
