import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { StackUsageError } from "../../../cli/program/project";
import { resolveStack } from "../../../cli/program/run";
import { thrownMessage } from "../../support/errors";

const tmp = mkdtempSync(path.join(tmpdir(), "outcomeguard-run-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
writeFileSync(path.join(tmp, "Pulumi.yaml"), "name: acme\nruntime: nodejs\n");
writeFileSync(path.join(tmp, "Pulumi.dev.yaml"), "config:\n  team: a\n  aws:region: us-west-2\n");
writeFileSync(path.join(tmp, "other.yaml"), "config:\n  team: b\n");
mkdirSync(path.join(tmp, "configs"));

const usageError = (fn: () => unknown) => thrownMessage(StackUsageError, fn);

describe("resolveStack", () => {
  it("reads the stack's Pulumi.<stack>.yaml", () => {
    expect(resolveStack("dev", { projectDir: tmp }).flat.config["acme:team"]).toBe("a");
  });

  it("reads --config-file instead of Pulumi.<stack>.yaml", () => {
    const r = resolveStack("dev", { projectDir: tmp, configFile: path.join(tmp, "other.yaml") });
    expect(r.flat.config["acme:team"]).toBe("b");
  });

  it("lets --config values override the file's", () => {
    const r = resolveStack("dev", { projectDir: tmp, config: { "acme:team": "c" } });
    expect(r.flat.config["acme:team"]).toBe("c");
  });

  it("says a missing --config-file does not exist", () => {
    const missing = path.join(tmp, "nope.yaml");
    expect(usageError(() => resolveStack("dev", { projectDir: tmp, configFile: missing }))).toBe(
      `--config-file ${missing}: no such file`,
    );
  });

  it("says a --config-file that is a directory is not a stack config file", () => {
    const d = path.join(tmp, "configs");
    expect(usageError(() => resolveStack("dev", { projectDir: tmp, configFile: d }))).toContain(
      "is a directory",
    );
  });

  it("says which stack is missing", () => {
    expect(usageError(() => resolveStack("prod", { projectDir: tmp }))).toContain(
      'no stack "prod"',
    );
  });
});
