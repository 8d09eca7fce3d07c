import { describe, expect, it } from "vitest";
import { formatPreview, treeLines, violationText } from "../../../cli/preview/format";
import { isBlocked, previewJson, type PreviewResult } from "../../../cli/preview/run";
import type { ResourceRecord } from "../../../cli/program/run";

const stack = "urn:pulumi:demo::outcomeguard::pulumi:pulumi:Stack::outcomeguard-demo";
const team = "urn:pulumi:demo::outcomeguard::outcomeguard:aws:Team::support";
const endpoint = `urn:pulumi:demo::outcomeguard::outcomeguard:aws:Team$outcomeguard:aws:GatedEndpoint::triage`;
const profile = `urn:pulumi:demo::outcomeguard::outcomeguard:aws:Team$outcomeguard:aws:GatedEndpoint$aws:bedrock/inferenceProfile:InferenceProfile::triage-profile`;
const budget = `urn:pulumi:demo::outcomeguard::outcomeguard:aws:Team$aws:budgets/budget:Budget::support-budget`;
const shadow = "urn:pulumi:demo::outcomeguard::aws:iam/policy:Policy::invoke-all";
const provider = "urn:pulumi:demo::outcomeguard::pulumi:providers:aws::default_7_48_0";

const r = (urn: string, parent?: string): ResourceRecord => ({
  urn,
  type: urn.split("::")[2]!.split("$").pop()!,
  name: urn.split("::")[3]!,
  ...(parent ? { parent } : {}),
  props: {},
});

const resources = [
  r(stack),
  r(provider),
  r(team, stack),
  r(endpoint, team),
  r(profile, endpoint),
  r(budget, team),
  r(shadow, stack),
];

const description = "IAM grants must not let anyone invoke Bedrock around the gated profiles.";
const result: PreviewResult = {
  stack: "demo",
  resources,
  diagnostics: [
    {
      policy: "bedrock-invoke-least-privilege",
      level: "mandatory",
      message: `${description}\nstatement 0 allows invoking any model ("*"); list the gated endpoints`,
      urn: shadow,
    },
    {
      policy: "shadow-ai-endpoint",
      level: "advisory",
      message: "Model endpoints should be created through the components.\ncreated outside",
      urn: shadow,
    },
  ],
  pack: {
    name: "outcomeguard",
    version: "0.1.0",
    dir: "/tmp/policies",
    policies: {
      "bedrock-invoke-least-privilege": { description, level: "mandatory" },
      "shadow-ai-endpoint": {
        description: "Model endpoints should be created through the components.",
        level: "advisory",
      },
    },
  },
};

describe("the preview as a person reads it", () => {
  it("draws children under their parents, default providers left out", () => {
    const lines = treeLines(resources).map((l) => `${l.prefix}${l.resource.name}`);
    expect(lines).toEqual([
      "outcomeguard-demo",
      "├─ support",
      "│  ├─ triage",
      "│  │  └─ triage-profile",
      "│  └─ support-budget",
      "└─ invoke-all",
    ]);
  });

  it("groups violations by policy, mandatory first, with the policy's fix and each resource", () => {
    const text = formatPreview(result);
    const mandatory = text.indexOf("[mandatory] bedrock-invoke-least-privilege");
    const advisory = text.indexOf("[advisory] shadow-ai-endpoint");
    expect(mandatory).toBeGreaterThan(0);
    expect(advisory).toBeGreaterThan(mandatory);
    expect(text).toContain(`      ${description}`);
    expect(text).toContain("      - invoke-all (aws:iam/policy:Policy)");
    expect(text).toContain(
      '          statement 0 allows invoking any model ("*"); list the gated endpoints',
    );
    // The description is printed once per policy, not repeated in each violation.
    expect(text.split(description).length - 1).toBe(1);
  });

  it("marks the offending resource in the tree and ends with the verdict", () => {
    const text = formatPreview(result);
    expect(text).toMatch(
      /aws:iam\/policy:Policy\s+invoke-all {2}✖ 1 mandatory violation {2}⚠ 1 advisory/,
    );
    expect(text).toMatch(/Resources: {2}6 resources to create/);
    expect(text).toMatch(/Policies: {3}1 mandatory violation of 1 policy, 1 advisory/);
    expect(text).toMatch(/Verdict: {4}BLOCKED/);
    expect(isBlocked(result)).toBe(true);
  });

  it("a plan with only advisories passes", () => {
    const passing = { ...result, diagnostics: result.diagnostics.slice(1) };
    expect(isBlocked(passing)).toBe(false);
    expect(formatPreview(passing)).toMatch(
      /Verdict: {4}PASSED: no mandatory violation; review the 1 advisory/,
    );
  });

  it("shows what the program printed, like pulumi's Diagnostics", () => {
    expect(formatPreview(result)).not.toContain("Diagnostics:");
    const text = formatPreview({
      ...result,
      programOutput: "warning: [runtime] a premium model for a classification task",
    });
    expect(text).toMatch(
      /Diagnostics:\n {2}demo program:\n {4}warning: \[runtime\] a premium model for a classification task/,
    );
  });

  it("colours only when asked", () => {
    expect(formatPreview(result)).not.toContain("\u001b[");
    expect(formatPreview(result, { color: true })).toContain("\u001b[31m");
  });

  it("keeps a message whole when it does not start with the description", () => {
    expect(violationText(result.diagnostics[1]!, "something else")).toBe(
      result.diagnostics[1]!.message,
    );
  });
});

describe("--json", () => {
  it("is {stack, resources: [{urn, type, name, parent, props}], diagnostics: [{policy, level, message, urn}]}", () => {
    const doc = previewJson(result);
    expect(Object.keys(doc)).toEqual(["stack", "resources", "diagnostics"]);
    for (const res of doc.resources) {
      expect(Object.keys(res)).toEqual(["urn", "type", "name", "parent", "props"]);
    }
    expect(doc.resources[0]?.parent).toBeNull();
    expect(doc.resources.find((x) => x.urn === profile)?.parent).toBe(endpoint);
    for (const d of doc.diagnostics)
      expect(Object.keys(d)).toEqual(["policy", "level", "message", "urn"]);
  });
});
