import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  analyzeResources,
  isBlocked,
  previewJson,
  runOfflinePreview,
  type PreviewResult,
} from "../../../cli/preview/run";
import { StackUsageError } from "../../../cli/program/project";

const OPUS = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-opus-4-1-20250805-v1:0";
const URN = "urn:pulumi:prod::acme::aws:bedrock/inferenceProfile:InferenceProfile::opus";
const tmp = mkdtempSync(path.join(tmpdir(), "outcomeguard-preview-run-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const diagnostic = (level: "mandatory" | "advisory") => ({
  policy: "p",
  level,
  message: "m",
  urn: URN,
});

describe("isBlocked", () => {
  it("blocks a plan with a mandatory violation", () => {
    expect(isBlocked({ diagnostics: [diagnostic("advisory"), diagnostic("mandatory")] })).toBe(
      true,
    );
  });

  it("passes a plan with only advisories", () => {
    expect(isBlocked({ diagnostics: [diagnostic("advisory")] })).toBe(false);
  });
});

describe("previewJson", () => {
  const result: PreviewResult = {
    stack: "prod",
    resources: [{ urn: URN, type: "t", name: "opus", props: { a: 1 }, custom: true, id: "x" }],
    diagnostics: [diagnostic("mandatory")],
    programOutput: "hello",
  };

  it("writes a resource without a parent with parent null", () => {
    expect(previewJson(result).resources[0]?.parent).toBeNull();
  });

  it("keeps only urn, type, name, parent and props of a resource", () => {
    expect(Object.keys(previewJson(result).resources[0] ?? {})).toEqual([
      "urn",
      "type",
      "name",
      "parent",
      "props",
    ]);
  });

  it("leaves out what the program printed", () => {
    expect(Object.keys(previewJson(result))).toEqual(["stack", "resources", "diagnostics"]);
  });
});

describe("analyzeResources (the real pack, as pulumi policy analyze)", () => {
  let result: PreviewResult;
  beforeAll(async () => {
    result = await analyzeResources({
      stack: "prod",
      project: "acme",
      resources: [
        {
          urn: URN,
          type: "aws:bedrock/inferenceProfile:InferenceProfile",
          name: "opus",
          custom: true,
          id: "abc",
          props: { name: "opus", modelSource: { copyFrom: OPUS } },
          outputs: { name: "opus", modelSource: { copyFrom: OPUS } },
        },
      ],
    });
  }, 120_000);

  it("blocks an untagged premium endpoint", () => {
    expect(isBlocked(result)).toBe(true);
  });

  it("names the policy that requires an outcome, at the endpoint", () => {
    expect(
      result.diagnostics.find((d) => d.policy === "premium-endpoint-requires-outcome")?.urn,
    ).toBe(URN);
  });
});

describe("usage errors before any work", () => {
  it("says a pack directory without PulumiPolicy.yaml is not a policy pack", async () => {
    const err = await analyzeResources({
      stack: "prod",
      project: "acme",
      resources: [],
      packDir: tmp,
    }).catch((e: unknown) => e);
    expect([err instanceof StackUsageError, (err as Error).message]).toEqual([
      true,
      `${tmp} is not a policy pack: it has no PulumiPolicy.yaml`,
    ]);
  });

  it("says an unbuilt pack is not built", async () => {
    const pack = mkdtempSync(path.join(tmp, "pack-"));
    writeFileSync(path.join(pack, "PulumiPolicy.yaml"), "runtime: nodejs\n");
    writeFileSync(path.join(pack, "package.json"), '{"version":"1.0.0","main":"bin/index.js"}');
    const err = await analyzeResources({
      stack: "prod",
      project: "acme",
      resources: [],
      packDir: pack,
    }).catch((e: unknown) => e);
    expect((err as Error).message).toContain("is not built (bin/index.js is missing)");
  });

  it("refuses a missing stack before starting the program or the pack", async () => {
    writeFileSync(path.join(tmp, "Pulumi.yaml"), "name: acme\nruntime: nodejs\n");
    let launched = false;
    const err = await runOfflinePreview({
      stack: "nope",
      projectDir: tmp,
      launch: () => {
        launched = true;
        return Promise.reject(new Error("launched"));
      },
    }).catch((e: unknown) => e);
    expect([err instanceof StackUsageError, launched]).toEqual([true, false]);
  });
});
