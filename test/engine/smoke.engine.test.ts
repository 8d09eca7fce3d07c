/**
 * Engine smoke test: the real Pulumi CLI previews and deploys a tiny TypeScript program written
 * against the real @pulumi/aws and @pulumi/azure-native SDKs, served by the test-double providers,
 * and runs a local JavaScript policy pack. Skips (with a message) when no CLI is available; fails
 * instead under CI=true.
 */
import { DEFAULT_CLOUD } from "../../cli/program/fake-cloud";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  FIXTURES_DIR,
  NO_PULUMI_CLI as SKIP_REASON,
  copyFixtureProgram,
  expectOk,
  suiteCli,
  makeBackendDir,
  runPulumi,
  type PulumiResult,
} from "./harness";

const cli = suiteCli("engine smoke");

interface ExportedResource {
  type: string;
  id?: string;
  outputs?: Record<string, unknown>;
}

describe.skipIf(!cli)(
  cli ? `engine smoke (pulumi ${cli.version} from ${cli.dir})` : `engine smoke (${SKIP_REASON})`,
  () => {
    let projectDir = "";
    let backendDir = "";
    const run = (args: string[]): Promise<PulumiResult> =>
      runPulumi(args, { cwd: projectDir, backendDir });

    beforeAll(async () => {
      projectDir = copyFixtureProgram("smoke-program");
      backendDir = makeBackendDir();
      expectOk(await run(["stack", "init", "dev", "--non-interactive"]));
    });

    afterAll(() => {
      for (const dir of [projectDir, backendDir]) {
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it("previews the program with the test-double providers", async () => {
      const r = await run(["preview", "--non-interactive", "--color", "never"]);
      expectOk(r);
      expect(r.stdout).toContain("aws:bedrock:InferenceProfile");
      expect(r.stdout).toContain("azure-native:cognitiveservices:Deployment");
      expect(r.stdout).toMatch(/\+ 4 to create/);
    });

    it("deploys and records plausible ids and ARNs", async () => {
      expectOk(
        await run(["up", "--yes", "--skip-preview", "--non-interactive", "--color", "never"]),
      );

      const outputs = await run(["stack", "output", "--json"]);
      expectOk(outputs);
      expect(JSON.parse(outputs.stdout)).toEqual({
        profileArn: expect.stringMatching(
          /^arn:aws:bedrock:us-east-1:123456789012:application-inference-profile\/[0-9a-f]{12}$/,
        ) as unknown,
        accountId:
          `/subscriptions/${DEFAULT_CLOUD.azureSubscriptionId}/resourceGroups/rg-outcomeguard` +
          "/providers/Microsoft.CognitiveServices/accounts/og-openai",
        deploymentId: expect.stringMatching(
          /\/accounts\/og-openai\/deployments\/gpt-4o-mini-[0-9a-z]{7}$/,
        ) as unknown,
      });

      const exported = await run(["stack", "export"]);
      expectOk(exported);
      const state = JSON.parse(exported.stdout) as {
        deployment: { resources: ExportedResource[] };
      };
      const byType = new Map(state.deployment.resources.map((r) => [r.type, r]));
      expect(byType.get("pulumi:providers:aws")?.outputs?.["version"]).toBe("7.48.0");
      expect(byType.get("pulumi:providers:azure-native")?.outputs?.["version"]).toBe("3.28.0");
      const profile = byType.get("aws:bedrock/inferenceProfile:InferenceProfile");
      expect(profile?.id).toMatch(/^[0-9a-f]{12}$/);
      expect(profile?.outputs?.["arn"]).toBe(
        `arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/${profile?.id ?? ""}`,
      );
      expect(profile?.outputs?.["name"]).toBe("search-claude-sonnet");
      expect(profile?.outputs?.["tagsAll"]).toEqual(profile?.outputs?.["tags"]);
    });

    it("sees no changes on a second preview", async () => {
      const r = await run(["preview", "--non-interactive", "--color", "never"]);
      expectOk(r);
      expect(r.stdout).toMatch(/4 unchanged/);
    });

    it("runs a local JavaScript policy pack during preview", async () => {
      const pack = path.join(FIXTURES_DIR, "smoke-policy-pack");
      const r = await run([
        "preview",
        "--non-interactive",
        "--color",
        "never",
        "--policy-pack",
        pack,
      ]);
      expectOk(r);
      expect(r.stdout).toContain("outcomeguard-smoke@v0.0.1");
      expect(r.stdout).toContain("SMOKE-VIOLATION gpt-4o-mini has no outcome-owner tag");
    });
  },
);
