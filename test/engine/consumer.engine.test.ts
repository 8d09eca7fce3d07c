/**
 * The consumer project of test/package (OutcomeGuard installed from its tarball) under the real
 * Pulumi engine: `pulumi preview --policy-pack node_modules/outcomeguard/policies`, the command a
 * team's CI runs, reaches the mandatory verdicts `npx outcomeguard preview` reaches offline.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rmSync } from "node:fs";
import { consumerProject, type Consumer } from "../support/consumer";
import { expectOk, makeBackendDir, runPulumi, suiteCli, type PulumiCli } from "./harness";
import {
  engineVerdicts,
  parseEngineEvents,
  STREAMING_JSON_PREVIEW_ENV,
  verdictKeys,
} from "./stack-workspace";

const cli: PulumiCli | undefined = suiteCli("consumer");
let consumer: Consumer;
let backendDir: string;

interface Doc {
  diagnostics: { policy: string; level: string; urn: string }[];
}

beforeAll(async () => {
  if (!cli) return;
  consumer = consumerProject();
  backendDir = makeBackendDir();
  expectOk(
    await runPulumi(["stack", "init", "dev"], { cwd: consumer.dir, backendDir, cli }),
    "stack init",
  );
}, 900_000);

afterAll(() => {
  if (backendDir) rmSync(backendDir, { recursive: true, force: true });
});

describe.skipIf(!cli)("a consumer project under the real engine", () => {
  it("pulumi preview --policy-pack node_modules/outcomeguard/policies: the offline preview's mandatory verdicts", async () => {
    const engine = await runPulumi(
      ["preview", "--json", "--policy-pack", "node_modules/outcomeguard/policies"],
      { cwd: consumer.dir, backendDir, cli: cli!, env: STREAMING_JSON_PREVIEW_ENV },
    );
    expect(engine.code, engine.stderr.slice(-4000)).not.toBe(0);
    const verdicts = verdictKeys(
      engineVerdicts(parseEngineEvents(engine.stdout), "dev"),
      "mandatory",
    );
    const offline = JSON.parse(consumer.run("outcomeguard", ["preview", "--json"]).out) as Doc;
    const expected = verdictKeys(
      offline.diagnostics.map((d) => ({
        policy: d.policy,
        urn: d.urn,
        level: d.level === "mandatory" ? "mandatory" : "advisory",
        message: "",
      })),
      "mandatory",
    );
    expect(verdicts).toEqual(expected);
    expect(verdicts.length).toBeGreaterThan(0);
  }, 600_000);
});
