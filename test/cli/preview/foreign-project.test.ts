/**
 * `outcomeguard preview` in a user's own Pulumi project, as a platform engineer runs it there:
 * their Pulumi.yaml, their only stack config, their program (TypeScript or JavaScript) on their own
 * node_modules, raw provider resources and no OutcomeGuard config at all.
 */
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outcomeguard, REPO_ROOT, type CliRun } from "../../support/outcomeguard";

const OPUS_ARN =
  "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-opus-4-1-20250805-v1:0";

function project(dir: string, files: Record<string, string>): string {
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

const tmp = mkdtempSync(path.join(tmpdir(), "outcomeguard-foreign-"));
let ts: CliRun;
let js: CliRun;

beforeAll(async () => {
  const tsDir = project(mkdtempSync(path.join(tmp, "ts-")), {
    "Pulumi.yaml": "name: acme-ai\nruntime: nodejs\n",
    "Pulumi.dev.yaml": "config:\n  aws:region: us-west-2\n",
    "package.json": JSON.stringify({ name: "acme-ai", main: "index.ts" }),
    "index.ts": `import * as bedrock from "@pulumi/aws/bedrock";
import * as ec2 from "@pulumi/aws/ec2";
import * as cognitiveservices from "@pulumi/azure-native/cognitiveservices";

const profile = new bedrock.InferenceProfile("opus-summaries", {
  name: "opus-summaries",
  modelSource: { copyFrom: "${OPUS_ARN}" },
});
const account = new cognitiveservices.Account("acme-openai", {
  resourceGroupName: "rg-ai",
  kind: "OpenAI",
  sku: { name: "S0" },
  properties: { disableLocalAuth: true },
});
new cognitiveservices.Deployment("gpt5", {
  resourceGroupName: "rg-ai",
  accountName: account.name,
  properties: { model: { format: "OpenAI", name: "gpt-5", version: "2025-08-07" } },
  sku: { name: "GlobalStandard", capacity: 10 },
});
const vpc = ec2.getVpcOutput({ default: true });
export const profileArn = profile.arn;
export const vpcId = vpc.id;
`,
  });
  const jsDir = project(mkdtempSync(path.join(tmp, "js-")), {
    "Pulumi.yaml":
      "name: acme-js\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: program.js\n",
    "Pulumi.prod.yaml": "config: {}\n",
    "program.js": `const bedrock = require("@pulumi/aws/bedrock");
new bedrock.InferenceProfile("haiku-triage", {
  name: "haiku-triage",
  modelSource: { copyFrom: "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0" },
  tags: { "ai-team": "support", "ai-model-tier": "economy" },
});
`,
  });
  [ts, js] = await Promise.all([
    outcomeguard(["preview", "--json"], 180_000, tsDir),
    outcomeguard(["preview", "--cwd", jsDir]),
  ]);
}, 240_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Doc {
  stack: string;
  resources: { urn: string; type: string; name: string }[];
  diagnostics: { policy: string; level: string; urn: string }[];
}

describe("a TypeScript project of raw provider resources", () => {
  it("previews its only stack and blocks the premium endpoints that have no outcome", () => {
    expect(ts.code).toBe(1);
    const doc = JSON.parse(ts.stdout) as Doc;
    expect(doc.stack).toBe("dev");
    const blocked = doc.diagnostics
      .filter((d) => d.level === "mandatory" && d.policy === "premium-endpoint-requires-outcome")
      .map((d) => doc.resources.find((r) => r.urn === d.urn)?.name)
      .sort();
    expect(blocked).toEqual(["gpt5", "opus-summaries"]);
  });

  it("names its URNs after the user's project and stack", () => {
    const doc = JSON.parse(ts.stdout) as Doc;
    expect(doc.resources.find((r) => r.name === "opus-summaries")?.urn).toBe(
      "urn:pulumi:dev::acme-ai::aws:bedrock/inferenceProfile:InferenceProfile::opus-summaries",
    );
  });
});

describe("a JavaScript project previewed with --cwd", () => {
  it("passes an economy endpoint (only the shadow-AI advisory) and exits 0", () => {
    expect(js.stderr).toBe("");
    expect(js.code).toBe(0);
    expect(js.stdout).toContain('Previewing stack "prod"');
    expect(js.stdout).toContain("shadow-ai-endpoint");
    expect(js.stdout).not.toContain("[mandatory]");
  });
});

describe("invokes the fake cloud cannot answer", () => {
  it("are named with a hint, never a crash", async () => {
    const dir = mkdtempSync(path.join(tmp, "invoke-"));
    project(dir, {
      "Pulumi.yaml": "name: acme-net\nruntime: nodejs\n",
      "Pulumi.dev.yaml": "config: {}\n",
      "index.ts": `import * as ec2 from "@pulumi/aws/ec2";\nexport const vpcId = ec2.getVpcOutput({ default: true }).id;\n`,
    });
    const r = await outcomeguard(["preview"], 120_000, dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Not answered offline:");
    expect(r.stdout).toContain("aws:ec2/getVpc:getVpc: the offline preview has no answer");
  }, 120_000);
});
