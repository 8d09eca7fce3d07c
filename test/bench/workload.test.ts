/** The bench's generated inputs stay valid as the stack config format and the pack evolve. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeStackConfig } from "../../bench/lib/preview-bench";
import { mixedResources } from "../support/mixed-stack";
import { readStackConfigFile } from "../../cli/program/project";
import { parseStackConfig } from "../../stacks/config";

describe("generated preview stacks", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "outcomeguard-bench-stacks-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each([1, 2, 10, 1_000])("with %i endpoints are valid stack configs", (n) => {
    const file = writeStackConfig(n, dir);
    const flat = readStackConfigFile(file, "outcomeguard");
    const { config } = parseStackConfig(flat.config, file);
    expect(config.endpoints).toHaveLength(n);
    expect(new Set(config.endpoints.map((e) => e.cloud)).size).toBe(n === 1 ? 1 : 2);
    expect(config.endpoints.some((e) => /opus|gpt-5/.test(e.model))).toBe(n >= 4);
  });
});

describe("the mixed workload", () => {
  const resources = mixedResources(1_000, 42);

  it("is reproducible and has the requested size", () => {
    expect(resources).toHaveLength(1_000);
    expect(mixedResources(1_000, 42)).toEqual(resources);
    expect(mixedResources(1_000, 43)).not.toEqual(resources);
    expect(new Set(resources.map((r) => r.urn)).size).toBe(1_000);
  });

  it("mixes AI endpoints, budgets, IAM and unrelated resources", () => {
    const count = (re: RegExp) => resources.filter((r) => re.test(r.type)).length;
    expect(count(/^aws:bedrock|^aws:sagemaker|cognitiveservices:Deployment$/)).toBeGreaterThan(200);
    expect(count(/budgets\/budget:Budget$|consumption:Budget$/)).toBeGreaterThan(50);
    expect(count(/^aws:iam\//)).toBeGreaterThan(100);
    expect(count(/^aws:(s3|ec2|lambda|dynamodb)\/|resources:ResourceGroup$/)).toBeGreaterThan(200);
    // Most endpoints sit in an OutcomeGuard component, some are shadow AI under the stack.
    const endpoints = resources.filter((r) => /inferenceProfile|Deployment$/.test(r.type));
    const shadow = endpoints.filter((r) => r.parent?.includes("pulumi:pulumi:Stack::"));
    expect(shadow.length).toBeGreaterThan(0);
    expect(shadow.length).toBeLessThan(endpoints.length / 2);
  });
});
