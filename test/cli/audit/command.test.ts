/**
 * `outcomeguard audit` as a user runs it on deployed stacks: a `pulumi stack export` file, and a
 * DIY backend directory with two projects. The verdicts are the offline preview's (same pack,
 * same resources), reached from state instead of a program.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeBackend, writeStackExport } from "../../support/deployed-state";
import { outcomeguard, type CliRun } from "../../support/outcomeguard";

const tmp = mkdtempSync(path.join(tmpdir(), "outcomeguard-audit-"));
let exported: CliRun;
let backend: CliRun;
let preview: CliRun;

interface Doc {
  stack: string;
  resources: { urn: string; name: string }[];
  diagnostics: { policy: string; level: string; urn: string }[];
}
const mandatory = (d: Doc) =>
  d.diagnostics
    .filter((x) => x.level === "mandatory")
    .map((x) => `${x.policy} ${d.resources.find((r) => r.urn === x.urn)?.name}`)
    .sort();

beforeAll(async () => {
  const file = await writeStackExport("ungoverned", path.join(tmp, "ungoverned.json"));
  const dir = await writeBackend(path.join(tmp, "backend"), [
    ["growth-ai", "dev", "ungoverned"],
    ["platform-ai", "prod", "aws"],
  ]);
  [exported, backend, preview] = await Promise.all([
    outcomeguard(["audit", "--state", file, "--json"]),
    outcomeguard(["audit", "--backend", dir]),
    outcomeguard(["preview", "--stack", "ungoverned", "--json"]),
  ]);
}, 240_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("outcomeguard audit", () => {
  it("blocks a deployed ungoverned stack with the offline preview's mandatory findings", () => {
    expect(exported.code).toBe(1);
    const [doc] = JSON.parse(exported.stdout) as Doc[];
    expect(mandatory(doc!)).toEqual(mandatory(JSON.parse(preview.stdout) as Doc));
    expect(mandatory(doc!).length).toBeGreaterThan(0);
  });

  it("reads every stack of every project in a DIY backend and reports each", () => {
    expect(backend.stderr).toBe("");
    expect(backend.code).toBe(1);
    expect(backend.stdout).toContain('Auditing stack "dev" as deployed');
    expect(backend.stdout).toContain(
      "2 stacks audited: growth-ai/dev BLOCKED, platform-ai/prod PASSED",
    );
  });

  it("exits 2 naming the input when there is none, or a file is missing", async () => {
    const none = await outcomeguard(["audit"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("give --state FILE (repeatable) or --backend DIR");
    const missing = await outcomeguard(["audit", "--state", path.join(tmp, "nope.json")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("nope.json: cannot read it (ENOENT)");
  }, 60_000);
});
