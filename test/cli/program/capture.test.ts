/**
 * The offline run's capture, through runStackProgram on a tiny JavaScript project: what the engine
 * would have received for each registration (URNs, parents, default providers, inputs).
 */
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runStackProgram, StackProgramError, type ResourceRecord } from "../../../cli/program/run";
import { REPO_ROOT } from "../../support/outcomeguard";

const tmp = mkdtempSync(path.join(tmpdir(), "outcomeguard-capture-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const PROGRAM = `const pulumi = require("@pulumi/pulumi");
const sns = require("@pulumi/aws/sns");
const config = new pulumi.Config();
class Team extends pulumi.ComponentResource {
  constructor(name, opts) {
    super("acme:ai:Team", name, {}, opts);
    this.topic = new sns.Topic(name + "-alerts", { name: config.require("topic") }, { parent: this });
    this.registerOutputs({});
  }
}
const team = new Team("search");
new sns.Topic("loose", { name: "loose", tags: { team: config.require("team") } });
exports.topicArn = team.topic.arn;
`;

function project(files: Record<string, string>): string {
  const d = mkdtempSync(path.join(tmp, "p-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(d, name), text);
  symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(d, "node_modules"), "dir");
  return d;
}

const YAML =
  "name: acme\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n";
let resources: ResourceRecord[];
const byName = (name: string) => resources.find((r) => r.name === name);

beforeAll(async () => {
  const d = project({
    "Pulumi.yaml": YAML,
    "Pulumi.dev.yaml": "config:\n  topic: search-alerts\n  team: search\n  aws:region: eu-west-1\n",
    "index.js": PROGRAM,
  });
  resources = await runStackProgram("dev", { projectDir: d });
}, 120_000);

describe("capture (runStackProgram)", () => {
  it("captures resources in registration order, the component first", () => {
    expect(resources[0]?.urn).toBe("urn:pulumi:dev::acme::acme:ai:Team::search");
  });

  it("chains a child's URN type under its component's type, leaving the root stack out", () => {
    expect(byName("search-alerts")?.urn).toBe(
      "urn:pulumi:dev::acme::acme:ai:Team$aws:sns/topic:Topic::search-alerts",
    );
  });

  it("records a child's parent as its component's URN", () => {
    expect(byName("search-alerts")?.parent).toBe(byName("search")?.urn);
  });

  it("gives custom resources one default provider per package, configured from the stack", () => {
    const providers = resources.filter((r) => r.type === "pulumi:providers:aws");
    expect([providers.length, providers[0]?.props.region]).toEqual([1, "eu-west-1"]);
  });

  it("points a custom resource at its default provider as <urn>::<id>", () => {
    const provider = resources.find((r) => r.type === "pulumi:providers:aws");
    expect(byName("loose")?.provider).toBe(`${provider?.urn}::${provider?.id}`);
  });

  it("sends the resource's inputs as props, stack config resolved", () => {
    expect(byName("loose")?.props.tags).toEqual({ team: "search" });
  });

  it("marks components not custom", () => {
    expect(byName("search")?.custom).toBe(false);
  });
});

describe("a failing program", () => {
  it("comes back as a StackProgramError naming the missing config variable", async () => {
    const d = project({
      "Pulumi.yaml": YAML,
      "Pulumi.dev.yaml": "config: {}\n",
      "index.js": PROGRAM,
    });
    const err = await runStackProgram("dev", { projectDir: d }).catch((e: unknown) => e);
    expect([err instanceof StackProgramError, (err as Error).message]).toEqual([
      true,
      expect.stringContaining("Missing required configuration variable 'acme:topic'"),
    ]);
  }, 120_000);
});
