/**
 * Azure deployment names through the stack: two endpoints of one outcome on one model each get
 * their own deployment (and token quota); two endpoints given the same deployment name fail as a
 * config error naming both, by the config paths the user wrote.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { outcomeguard } from "../support/outcomeguard";
import { runStackProgram, StackProgramError } from "../../cli/program/run";
import { parseLlmTokenLimits } from "../../domain";

const ROOT = path.resolve(__dirname, "..", "..");

type Endpoint = Record<string, unknown>;
const azure = parse(readFileSync(path.join(ROOT, "stacks", "Pulumi.azure.yaml"), "utf8")) as {
  config: Record<string, unknown>;
};

/**
 * The azure example with a second GPT-5 endpoint for sales research (`outcomeguard:endpoints[2]`;
 * sales' endpoints are [1] and [2], its team endpoints 0 and 1), changed by `edit`.
 */
function withSecondGpt5(edit: (endpoints: Endpoint[]) => void = () => {}) {
  const copy = structuredClone(azure);
  const endpoints = copy.config["outcomeguard:endpoints"] as Endpoint[];
  expect(endpoints[1]).toMatchObject({ name: "sales-research", team: "sales", model: "gpt-5" });
  endpoints.push({
    name: "sales-outreach",
    cloud: "azure",
    team: "sales",
    outcome: endpoints[1]!.outcome,
    model: "gpt-5",
    modelVersion: "2025-08-07",
    monthlyCeilingUsd: 1000,
    taskClass: "research",
    capacity: { sku: "GlobalStandard", units: 10 },
  });
  edit(endpoints);
  return copy;
}

const duplicate = (endpoints: Endpoint[]) => {
  endpoints[1]!.deploymentName = "sales-gpt-5";
  endpoints[2]!.deploymentName = "sales-gpt-5";
};

const tmp = mkdtempSync(path.join(tmpdir(), "outcomeguard-deployment-names-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function configFile(name: string, config: ReturnType<typeof withSecondGpt5>): string {
  const file = path.join(tmp, `Pulumi.${name}.yaml`);
  writeFileSync(file, stringify(config));
  return file;
}

describe("two Azure endpoints of one outcome on one model", () => {
  it("get their own deployments, each targeted by the sales key's token-limit policy", async () => {
    const resources = await runStackProgram("azure", {
      configFile: configFile("two-gpt5-program", withSecondGpt5()),
    });
    const names = resources
      .filter(
        (r) =>
          r.type === "azure-native:cognitiveservices:Deployment" && r.name.startsWith("sales-"),
      )
      .map((r) => String(r.props.deploymentName));
    expect(names.sort()).toEqual([
      "sales-research-productivity-gpt-5",
      "sales-research-productivity-gpt-5-sales-outreach",
    ]);
    const policy = resources.find(
      (r) =>
        r.type === "azure-native:apimanagement:ProductPolicy" && r.name === "sales-key-token-limit",
    );
    const limits = parseLlmTokenLimits(policy?.props.value);
    expect(limits.map((l) => l.deploymentName).sort()).toEqual(names);
  }, 120_000);

  it("preview fine (exit 0)", async () => {
    const r = await outcomeguard([
      "preview",
      "--config-file",
      configFile("two-gpt5", withSecondGpt5()),
    ]);
    expect(r.stderr).not.toMatch(/invalid stack config/);
    expect(r.code).toBe(0);
  }, 120_000);
});

describe("two Azure endpoints given the same deployment name", () => {
  const expected =
    /outcomeguard:endpoints\[2\]\.deploymentName: "sales-gpt-5" is already the deployment name of endpoint "sales-research" \(outcomeguard:endpoints\[1\]\.deploymentName\)/;

  it("fail as one config problem, by the config paths of both", async () => {
    const error = await runStackProgram("azure", {
      configFile: configFile("duplicate-program", withSecondGpt5(duplicate)),
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StackProgramError);
    expect((error as StackProgramError).kind).toBe("config");
    const message = (error as Error).message;
    expect(message).toMatch(expected);
    expect(message.match(/"sales-gpt-5"/g)).toHaveLength(1);
    expect(message).not.toMatch(/is also endpoints\[/);
  }, 120_000);

  it("exit 2 naming both paths", async () => {
    const r = await outcomeguard([
      "preview",
      "--config-file",
      configFile("duplicate", withSecondGpt5(duplicate)),
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/stack "duplicate": invalid stack config/);
    expect(r.stderr).toMatch(expected);
  }, 120_000);
});
