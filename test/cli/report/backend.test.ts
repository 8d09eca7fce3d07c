/**
 * Many stacks in one report: `--state` repeated, and `--backend DIR` reading every stack of a
 * Pulumi DIY backend (`.pulumi/stacks/<project>/<stack>.json`, `.json.gz` when gzip is on; each a
 * checkpoint `{version: 3, checkpoint: {stack, latest: <deployment>}}`).
 */
import { parse } from "csv-parse/sync";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readBackend } from "../../../cli/report/backend";
import { reportCommand } from "../../../cli/report/command";
import {
  focusCsv,
  memoryDeps,
  realisticBill,
  realisticStack,
  StackExport,
} from "../../support/report-fixtures";

/** The stack as a DIY backend stores it: a checkpoint around the deployment. */
function checkpoint(s: StackExport): string {
  const exported = s.toJSON() as { version: number; deployment: unknown };
  return JSON.stringify({
    version: 3,
    checkpoint: { stack: `organization/${s.project}/${s.stack}`, latest: exported.deployment },
  });
}

async function run(argv: string[], files: Record<string, string | Buffer>) {
  const { deps, io, captured, dir } = memoryDeps(files);
  const code = await reportCommand(argv, io, deps);
  return { code, out: captured.out.join("\n"), err: captured.err.join("\n"), dir };
}

const prod = realisticStack();
const staging = new StackExport("staging", "acme-ai");
staging.add({ type: "aws:s3/bucketV2:BucketV2", name: "logs", parent: staging.root, id: "b" });

describe("--backend DIR: every stack of a DIY backend", () => {
  const files = {
    "state/.pulumi/stacks/acme-ai/prod.json": checkpoint(prod),
    "state/.pulumi/stacks/acme-ai/staging.json.gz": gzipSync(checkpoint(staging)),
    "state/.pulumi/backups/acme-ai/prod/prod.1700000000.json": "not read",
    "nov.csv": focusCsv(realisticBill()),
  };

  it("finds the project's stacks, plain and gzip", async () => {
    const { dir } = memoryDeps(files);
    const stacks = await readBackend(`${dir}/state`, "state");
    expect(stacks.map((s) => s.name)).toEqual(["acme-ai/prod", "acme-ai/staging"]);
  });

  it("one report across them, with a stack column", async () => {
    const r = await run(["--backend", "state", "--focus", "nov.csv", "--format", "csv"], files);
    expect(r.code, r.err).toBe(0);
    const rows = parse(r.out, { columns: true }) as Record<string, string>[];
    expect(rows.find((x) => x.resource === "support-bot-profile")).toMatchObject({
      stack: "acme-ai/prod",
      actual_usd: "3250.25",
    });
    const j = await run(["--backend", "state", "--format", "json"], files);
    expect((JSON.parse(j.out) as { stacks: string[] }).stacks).toEqual([
      "acme-ai/prod",
      "acme-ai/staging",
    ]);
  });

  it("a directory that is no backend is an input error", async () => {
    const r = await run(["--backend", "nowhere"], {});
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/nowhere: not a Pulumi DIY backend/);
  });
});

describe("--state repeated", () => {
  it("endpoints of both stacks, each row naming its stack, in the order given", async () => {
    const other = realisticStack();
    // The same program deployed as another stack: rename its URNs.
    const text = other.text().replace(/urn:pulumi:prod::/g, "urn:pulumi:eu::");
    const r = await run(["--state", "prod.json", "--state", "eu.json", "--format", "csv"], {
      "prod.json": prod.text(),
      "eu.json": text,
    });
    expect(r.code, r.err).toBe(0);
    const rows = parse(r.out, { columns: true }) as Record<string, string>[];
    expect(rows.filter((x) => x.resource === "support-bot-profile").map((x) => x.stack)).toEqual([
      "acme-ai/prod",
      "acme-ai/eu",
    ]);
  });
});
