import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  launchPolicyPack,
  type AnalyzerResource,
  type PolicyPackSession,
} from "../../../cli/analyzer/client";
import { resourceUrn, secret, UNKNOWN } from "../../../cli/analyzer/protocol";

const ECHO = join(__dirname, "fixtures", "echo-pack");
const urn = (type: string, name: string, parentTypes?: string[]) =>
  resourceUrn({
    stack: "dev",
    project: "echo",
    type,
    name,
    ...(parentTypes ? { parentTypes } : {}),
  });
const resource = (
  name: string,
  properties: Record<string, unknown>,
  parent?: string,
): AnalyzerResource => ({
  urn: urn("test:index:Thing", name),
  type: "test:index:Thing",
  name,
  properties,
  ...(parent ? { parent } : {}),
});

let pack: PolicyPackSession;
beforeAll(async () => {
  pack = await launchPolicyPack(ECHO);
}, 120_000);
afterAll(async () => {
  await pack?.close();
});

describe("launchPolicyPack", () => {
  it("starts the pack through run-policy-pack and reads its port", () => {
    expect(pack.port).toBeGreaterThan(0);
    expect(pack.pid).toBeGreaterThan(0);
  });

  it("GetAnalyzerInfo returns the pack's policies, levels, kinds and schemas", async () => {
    await pack.configureStack({
      stack: "dev",
      project: "echo",
      organization: "acme",
      config: { "echo:x": "1" },
      tags: { env: "dev" },
    });
    const info = await pack.getAnalyzerInfo();
    expect(info.name).toBe("echo");
    expect(info.version).toBe("1.2.3");
    expect(info.policies.map((p) => [p.name, p.enforcementLevel, p.policyType])).toEqual([
      ["echo-resource", "advisory", "resource"],
      ["touch-unknown", "mandatory", "resource"],
      ["echo-stack", "mandatory", "stack"],
    ]);
    expect(info.policies[0]!.configSchema?.properties.greeting).toEqual({
      type: "string",
      default: "hello",
    });
  });

  it("Configure sends what the engine would: defaults, levels and properties", async () => {
    await pack.configure({
      "echo-resource": { enforcementLevel: "mandatory", n: 2 },
      "touch-unknown": "disabled",
    });
    const [echo, ...rest] = await pack.analyze(resource("r", { value: 1 }));
    expect(rest).toEqual([]);
    expect(echo!.enforcementLevel).toBe("mandatory");
    expect(JSON.parse(echo!.message.split("\n")[1]!).config).toEqual({ greeting: "hello", n: 2 });
    await pack.configure({});
  });

  it("Analyze sends properties as the engine does: unknowns as sentinels, secrets unwrapped, the parent", async () => {
    const parent = urn("outcomeguard:aws:GatedEndpoint", "gate");
    const d = await pack.analyze({
      ...resource(
        "r",
        { value: UNKNOWN, nested: { list: [1, UNKNOWN], s: secret("pw") }, skip: undefined },
        parent,
      ),
      provider: {
        urn: urn("pulumi:providers:aws", "default"),
        type: "pulumi:providers:aws",
        name: "default",
        properties: { region: "us-east-1" },
      },
    });
    const echo = d.find((x) => x.policyName === "echo-resource")!;
    expect(echo.urn).toBe(urn("test:index:Thing", "r"));
    expect(echo.description).toBe("Echoes a resource.");
    expect(JSON.parse(echo.message.split("\n")[1]!)).toEqual({
      type: "test:index:Thing",
      name: "r",
      parent,
      props: { value: "<unknown>", nested: { list: [1, "<unknown>"], s: "pw" } },
      config: { greeting: "hello" },
      provider: "pulumi:providers:aws",
    });
    // An unguarded read of an unknown: the SDK turns it into an advisory "can't run" line.
    const touched = d.find((x) => x.policyName === "touch-unknown")!;
    expect(touched.enforcementLevel).toBe("advisory");
    expect(touched.message).toContain("during preview");
  });

  it("AnalyzeStack links parents and reports per resource", async () => {
    const parent = resource("parent", {});
    const child = resource("child", {}, parent.urn);
    const d = await pack.analyzeStack([parent, child]);
    expect(d.map((x) => [JSON.parse(x.message.split("\n")[1]!), x.urn])).toEqual([
      [{ name: "parent", parent: null }, parent.urn],
      [{ name: "child", parent: "parent" }, child.urn],
    ]);
  });

  it("answers many requests in flight at once (64 concurrent)", async () => {
    const results = await Promise.all(
      Array.from({ length: 64 }, (_, i) => pack.analyze(resource(`r${i}`, { i }))),
    );
    results.forEach((d, i) =>
      expect(JSON.parse(d[0]!.message.split("\n")[1]!).props).toEqual({ i }),
    );
  });
});

describe("launch failures", () => {
  const dir = mkdtempSync(join(tmpdir(), "outcomeguard-client-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("says the dependencies are missing when @pulumi/pulumi does not resolve from the pack", async () => {
    await expect(launchPolicyPack(dir)).rejects.toThrow(/dependencies are not installed/);
  });

  it("rejects with the pack's output when it exits before printing a port", async () => {
    const broken = join(__dirname, "fixtures", "echo-pack");
    await expect(
      launchPolicyPack(broken, { env: { NODE_OPTIONS: "--require=/nonexistent-module-xyz" } }),
    ).rejects.toThrow(/exited|nonexistent-module-xyz/);
  });
});
