/**
 * `outcomeguard preview` end to end, as a user runs it: the CLI (bin/outcomeguard.cjs) runs each
 * example stack's program under mocks and sends the resources to the real policy pack (policies/)
 * over the Analyzer protocol. One run per stack, shared by the assertions.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { npmStartArgs, outcomeguard, type CliRun } from "../../support/outcomeguard";

const ROOT = path.resolve(__dirname, "..", "..", "..");

type Run = CliRun;

interface JsonResource {
  urn: string;
  type: string;
  name: string;
  parent: string | null;
  props: Record<string, unknown>;
}
interface JsonDiagnostic {
  policy: string;
  level: string;
  message: string;
  urn: string;
}
interface JsonPreview {
  stack: string;
  resources: JsonResource[];
  diagnostics: JsonDiagnostic[];
}

const tmp = mkdtempSync(path.join(tmpdir(), "outcomeguard-preview-test-"));
let start: Run;
let ungoverned: Run;
let ungovernedAllAdvisory: Run;
let doc: JsonPreview;

beforeAll(async () => {
  const packConfig = path.join(tmp, "all-advisory.json");
  writeFileSync(packConfig, JSON.stringify({ all: "advisory" }));
  [start, ungoverned, ungovernedAllAdvisory] = await Promise.all([
    // What `npm start` runs: the compliant example stacks, by name.
    outcomeguard(npmStartArgs()),
    outcomeguard(["preview", "--stack", "ungoverned", "--json"]),
    outcomeguard([
      "preview",
      "--stack",
      "ungoverned",
      "--json",
      "--policy-pack-config",
      packConfig,
    ]),
  ]);
  doc = JSON.parse(ungoverned.stdout) as JsonPreview;
}, 240_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("the compliant example stacks (what npm start runs)", () => {
  it("exit 0 and print the plan of both stacks with their verdicts", () => {
    expect(start.stderr).toBe("");
    expect(start.code).toBe(0);
    for (const stack of ["aws", "azure"]) {
      expect(start.stdout).toContain(`Previewing stack "${stack}" offline`);
    }
    expect(start.stdout).toMatch(/outcomeguard:aws:Team\s+platform-engineering/);
    expect(start.stdout).toMatch(
      /aws:bedrock\/inferenceProfile:InferenceProfile\s+platform-engineering-code-review-profile/,
    );
    expect(start.stdout).toMatch(
      /azure-native:cognitiveservices:Deployment\s+sales-sales-research-deployment/,
    );
    expect(start.stdout).toMatch(/2 stacks: aws PASSED, azure PASSED/);
  });

  it("have no mandatory violation", () => {
    expect(start.stdout).not.toContain("[mandatory]");
    expect(start.stdout.match(/Policies: {3}0 mandatory violations/g)).toHaveLength(2);
  });
});

describe("the ungoverned stack", () => {
  const on = (name: string, type?: string) =>
    doc.diagnostics.filter((d) => {
      const r = doc.resources.find((x) => x.urn === d.urn);
      return r?.name === name && (type === undefined || r.type === type);
    });
  const policiesOn = (name: string, type?: string, level = "mandatory") =>
    on(name, type)
      .filter((d) => d.level === level)
      .map((d) => d.policy)
      .sort();

  it("is blocked: exit 1", () => {
    expect(ungoverned.stderr).toBe("");
    expect(ungoverned.code).toBe(1);
  });

  it("a premium deployment without an outcome: no outcome, no ceiling", () => {
    expect(policiesOn("gpt5-playground", "azure-native:cognitiveservices:Deployment")).toEqual(
      expect.arrayContaining([
        "premium-endpoint-requires-cost-ceiling",
        "premium-endpoint-requires-outcome",
      ]),
    );
  });

  it("its account keeps shared-key auth, which goes around team keys", () => {
    expect(policiesOn("gpt5-playground-account")).toEqual(["azure-ai-local-auth-disabled"]);
  });

  it("a wildcard bedrock:InvokeModel* grant", () => {
    const d = on("bedrock-invoke-anything");
    expect(d.map((x) => [x.policy, x.level])).toEqual([
      ["bedrock-invoke-least-privilege", "mandatory"],
    ]);
    expect(d[0]?.message).toMatch(/"\*"/);
  });

  it("capacity far above the ceiling: the projected figure and its assumptions", () => {
    const [projected] = on("research-burst").filter(
      (d) => d.policy === "projected-spend-within-ceiling",
    );
    expect(projected?.level).toBe("mandatory");
    expect(projected?.message).toMatch(/\$438,000 per month exceeds the \$2,000 ceiling/);
    expect(projected?.message).toMatch(/capacity 1000 = 1,000,000 tokens per minute/);
    // Nor does its outcome have a budget alarm.
    expect(policiesOn("research-burst")).toContain("cost-ceiling-has-budget-alarm");
  });

  it("a premium model tagged economy for an extraction task", () => {
    expect(policiesOn("opus-extraction")).toContain("premium-endpoint-requires-outcome");
    const outcome = on("opus-extraction").find(
      (d) => d.policy === "premium-endpoint-requires-outcome",
    );
    expect(outcome?.message).toMatch(/ai-model-tier says "economy"/);
    expect(policiesOn("opus-extraction", undefined, "advisory")).toContain("model-tier-fits-task");
  });

  it("the endpoint built with the components passes", () => {
    const governed = doc.diagnostics.filter((d) => d.urn.includes("outcomeguard:aws:Team"));
    expect(governed.filter((d) => d.level === "mandatory")).toEqual([]);
  });

  it("--json has the documented shape, every resource with its parent", () => {
    expect(Object.keys(doc)).toEqual(["stack", "resources", "diagnostics"]);
    expect(doc.stack).toBe("ungoverned");
    const urns = new Set(doc.resources.map((r) => r.urn));
    for (const r of doc.resources) {
      expect(Object.keys(r)).toEqual(["urn", "type", "name", "parent", "props"]);
      if (r.type === "pulumi:pulumi:Stack" || r.type.startsWith("pulumi:providers:")) continue;
      expect(urns.has(r.parent ?? ""), r.urn).toBe(true);
    }
    for (const d of doc.diagnostics) {
      expect(Object.keys(d)).toEqual(["policy", "level", "message", "urn"]);
      expect(urns.has(d.urn)).toBe(true);
    }
  });

  it("--policy-pack-config is honoured: all advisory, nothing blocks", () => {
    expect(ungovernedAllAdvisory.code).toBe(0);
    const relaxed = JSON.parse(ungovernedAllAdvisory.stdout) as JsonPreview;
    expect(relaxed.diagnostics.length).toBeGreaterThan(0);
    expect(relaxed.diagnostics.every((d) => d.level === "advisory")).toBe(true);
  });
});

describe("usage and config errors exit 2 with a message naming the problem", () => {
  const awsConfig = parse(readFileSync(path.join(ROOT, "stacks", "Pulumi.aws.yaml"), "utf8")) as {
    config: Record<string, unknown>;
  };
  const endpointsOf = (c: { config: Record<string, unknown> }) =>
    c.config["outcomeguard:endpoints"] as Record<string, unknown>[];

  async function previewEdited(name: string, edit: (c: typeof awsConfig) => void): Promise<Run> {
    const copy = structuredClone(awsConfig);
    edit(copy);
    const file = path.join(tmp, `Pulumi.${name}.yaml`);
    writeFileSync(file, stringify(copy));
    return outcomeguard(["preview", "--config-file", file]);
  }

  it("an endpoint with no outcome", async () => {
    const r = await previewEdited("no-outcome", (c) => delete endpointsOf(c)[1]!.outcome);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/stack "no-outcome": invalid stack config/);
    expect(r.stderr).toMatch(/outcomeguard:endpoints\[1\]\.outcome: is required/);
  }, 60_000);

  it("a ceiling in words", async () => {
    const r = await previewEdited("ceiling-in-words", (c) => {
      endpointsOf(c)[0]!.monthlyCeilingUsd = "fifteen hundred";
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /outcomeguard:endpoints\[0\]\.monthlyCeilingUsd: must be the monthly cost ceiling as a number of US dollars in digits \(e\.g\. 5000\), not "fifteen hundred"/,
    );
  }, 60_000);

  it("an unknown team", async () => {
    const r = await previewEdited("unknown-team", (c) => {
      endpointsOf(c)[0]!.team = "growth";
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /outcomeguard:endpoints\[0\]\.team: unknown team "growth"; declared teams: support, platform-engineering/,
    );
  }, 60_000);

  it("a stack that does not exist", async () => {
    const r = await outcomeguard(["preview", "--stack", "prod"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no stack "prod".*; stacks: aws, azure, ungoverned/);
  }, 60_000);

  it("a policy pack config that is not JSON", async () => {
    const file = path.join(tmp, "broken.json");
    writeFileSync(file, "{ all: advisory");
    const r = await outcomeguard(["preview", "--stack", "aws", "--policy-pack-config", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--policy-pack-config .*broken\.json: not valid JSON/);
  }, 60_000);

  it("a directory that is not a Pulumi project, never a preview of something else", async () => {
    const r = await outcomeguard(["preview"], 60_000, tmp);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("is not a Pulumi project: it has no Pulumi.yaml");
  }, 60_000);

  it("a project of several stacks previewed with no --stack names them", async () => {
    const r = await outcomeguard(["preview"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "the project has 3 stacks (aws, azure, ungoverned); choose with --stack",
    );
  }, 60_000);

  it("a --config-file that is missing, or a directory, says so", async () => {
    const missing = await outcomeguard(["preview", "--config-file", "nope/Pulumi.dev.yaml"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--config-file nope/Pulumi.dev.yaml: no such file");
    const dir = await outcomeguard(["preview", "--stack", "x", "--config-file", tmp]);
    expect(dir.code).toBe(2);
    expect(dir.stderr).toContain("is a directory, not a stack config file");
  }, 60_000);

  it("a policy pack setting no policy takes, or a level that does not exist, once each", async () => {
    const typo = path.join(tmp, "typo.json");
    writeFileSync(
      typo,
      JSON.stringify({ "premium-endpoint-requires-outcome": { tagprefix: "acme-" } }),
    );
    const r = await outcomeguard(["preview", "--stack", "aws", "--policy-pack-config", typo]);
    expect(r.code).toBe(2);
    const lines = r.stderr.split("\n").filter((l) => l.includes('"tagprefix"'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(
      "premium-endpoint-requires-outcome takes: catalogOverrides, gatedTiers, tagPrefix, waivers",
    );
    const level = path.join(tmp, "level.json");
    writeFileSync(level, JSON.stringify({ all: "advisry" }));
    const l = await outcomeguard(["preview", "--stack", "aws", "--policy-pack-config", level]);
    expect(l.code).toBe(2);
    expect(l.stderr).toMatch(/advisry|all/);
    expect(l.stderr).toContain("advisory, mandatory, remediate, disabled");
  }, 60_000);
});
