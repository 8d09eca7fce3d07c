import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  listStacks,
  loadProject,
  readStackConfigFile,
  stackConfigPath,
  StackUsageError,
} from "../../../cli/program/project";
import { thrownMessage } from "../../support/errors";

const tmp = mkdtempSync(path.join(tmpdir(), "outcomeguard-project-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
function dir(files: Record<string, string>): string {
  const d = path.join(tmp, String(n++));
  mkdirSync(d, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(d, name)), { recursive: true });
    writeFileSync(path.join(d, name), text);
  }
  return d;
}

const usageError = (fn: () => unknown) => thrownMessage(StackUsageError, fn);

describe("loadProject", () => {
  it("says a directory without Pulumi.yaml is not a Pulumi project", () => {
    const d = dir({});
    expect(usageError(() => loadProject(d))).toContain("is not a Pulumi project");
  });

  it("reads Pulumi.yml as well as Pulumi.yaml", () => {
    const d = dir({ "Pulumi.yml": "name: acme\nruntime: nodejs\n" });
    expect(loadProject(d).name).toBe("acme");
  });

  it("compiles TypeScript by default for runtime: nodejs", () => {
    const d = dir({ "Pulumi.yaml": "name: acme\nruntime: nodejs\n" });
    expect(loadProject(d).typescript).toBe(true);
  });

  it("turns TypeScript off for runtime.options.typescript: false", () => {
    const d = dir({
      "Pulumi.yaml": "name: acme\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n",
    });
    expect(loadProject(d).typescript).toBe(false);
  });

  it("refuses a non-Node.js runtime and points to pulumi preview --policy-pack", () => {
    const d = dir({ "Pulumi.yaml": "name: acme\nruntime: python\n" });
    expect(usageError(() => loadProject(d))).toMatch(/runtime is python.*--policy-pack/);
  });

  it("names a missing project name by its field", () => {
    const d = dir({ "Pulumi.yaml": "runtime: nodejs\n" });
    expect(usageError(() => loadProject(d))).toContain("name:");
  });

  it("says when Pulumi.yaml is not valid YAML", () => {
    const d = dir({ "Pulumi.yaml": "name: [unclosed\n" });
    expect(usageError(() => loadProject(d))).toContain("not valid YAML");
  });

  it("resolves main and stackConfigDir against the project directory", () => {
    const d = dir({
      "Pulumi.yaml": "name: acme\nruntime: nodejs\nmain: src/\nstackConfigDir: stacks\n",
    });
    const p = loadProject(d);
    expect([p.main, p.stackConfigDir]).toEqual([path.join(d, "src"), path.join(d, "stacks")]);
  });
});

describe("stacks", () => {
  it("lists the stacks with a Pulumi.<stack>.yaml or .yml in the stack config directory, sorted", () => {
    const d = dir({
      "Pulumi.yaml": "name: acme\nruntime: nodejs\nstackConfigDir: stacks\n",
      "stacks/Pulumi.prod.yaml": "",
      "stacks/Pulumi.dev.yml": "",
      "stacks/README.md": "",
    });
    expect(listStacks(loadProject(d))).toEqual(["dev", "prod"]);
  });

  it("lists no stacks when the stack config directory does not exist", () => {
    const d = dir({ "Pulumi.yaml": "name: acme\nruntime: nodejs\nstackConfigDir: nowhere\n" });
    expect(listStacks(loadProject(d))).toEqual([]);
  });

  it("names the known stacks when asked for a missing one", () => {
    const d = dir({ "Pulumi.yaml": "name: acme\nruntime: nodejs\n", "Pulumi.dev.yaml": "" });
    expect(usageError(() => stackConfigPath(loadProject(d), "prod"))).toMatch(
      /no stack "prod".*stacks: dev/,
    );
  });
});

describe("readStackConfigFile", () => {
  const read = (text: string) =>
    readStackConfigFile(path.join(dir({ "s.yaml": text }), "s.yaml"), "acme");

  it("qualifies keys without a namespace with the project name", () => {
    expect(read("config:\n  team: a\n").config).toEqual({ "acme:team": "a" });
  });

  it("keeps namespaced keys as they are", () => {
    expect(read("config:\n  aws:region: us-west-2\n").config).toEqual({
      "aws:region": "us-west-2",
    });
  });

  it("passes numbers and booleans as their text", () => {
    expect(read("config:\n  n: 5\n  b: true\n").config).toEqual({
      "acme:n": "5",
      "acme:b": "true",
    });
  });

  it("passes objects and lists as JSON", () => {
    expect(read("config:\n  teams:\n    - a\n    - b\n").config["acme:teams"]).toBe('["a","b"]');
  });

  it("marks a secure value secret and passes a placeholder, not the ciphertext", () => {
    const flat = read("config:\n  key:\n    secure: AAABAJ+cipher\n");
    expect([flat.secretKeys, flat.config["acme:key"]?.includes("AAABAJ")]).toEqual([
      ["acme:key"],
      false,
    ]);
  });

  it("reads an empty file as no config", () => {
    expect(read("")).toEqual({ config: {}, secretKeys: [] });
  });

  it("refuses a config: section that is not a map", () => {
    expect(usageError(() => read("config:\n  - a\n"))).toContain('"config:" must be a map');
  });
});
