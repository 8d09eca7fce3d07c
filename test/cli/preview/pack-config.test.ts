import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadPolicyPackConfig, unknownPolicies } from "../../../cli/preview/pack-config";
import { StackUsageError } from "../../../cli/program/project";
import { thrownMessage } from "../../support/errors";

const tmp = mkdtempSync(path.join(tmpdir(), "outcomeguard-pack-config-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const file = (text: string, ext = "json") => {
  const f = path.join(tmp, `c${n++}.${ext}`);
  writeFileSync(f, text);
  return f;
};

const usageError = (f: string) => thrownMessage(StackUsageError, () => loadPolicyPackConfig(f));

describe("loadPolicyPackConfig", () => {
  it("keeps the level for all apart from the policies", () => {
    const c = loadPolicyPackConfig(file('{"all": "advisory", "p": "mandatory"}'));
    expect([c.all, c.policies]).toEqual([
      "advisory",
      { p: { enforcementLevel: "mandatory", properties: {} } },
    ]);
  });

  it("splits an object entry into its level and its settings", () => {
    const c = loadPolicyPackConfig(
      file('{"p": {"enforcementLevel": "disabled", "tagPrefix": "x:"}}'),
    );
    expect(c.policies.p).toEqual({ enforcementLevel: "disabled", properties: { tagPrefix: "x:" } });
  });

  it("reads YAML", () => {
    expect(loadPolicyPackConfig(file("p: advisory\n", "yaml")).policies.p?.enforcementLevel).toBe(
      "advisory",
    );
  });

  it("refuses a level that is not one and lists the allowed ones", () => {
    expect(usageError(file('{"p": "strict"}'))).toMatch(
      /p: "strict" is not an enforcement level; allowed: .*mandatory/,
    );
  });

  it("names a bad enforcementLevel inside an object by its path", () => {
    expect(usageError(file('{"p": {"enforcementLevel": 3}}'))).toContain("p.enforcementLevel: 3");
  });

  it("refuses settings for all", () => {
    expect(usageError(file('{"all": {"tagPrefix": "x:"}}'))).toContain(
      '"all" takes an enforcement level',
    );
  });

  it("says a missing file cannot be read", () => {
    expect(usageError(path.join(tmp, "missing.json"))).toContain("cannot read it (ENOENT)");
  });

  it("says a .json file with invalid JSON is not valid JSON", () => {
    expect(usageError(file("{"))).toContain("not valid JSON");
  });
});

describe("unknownPolicies", () => {
  it("lists the policies the file names that the pack lacks", () => {
    const c = loadPolicyPackConfig(file('{"all": "advisory", "p": "mandatory", "q": "advisory"}'));
    expect(unknownPolicies(c, ["p"])).toEqual(["q"]);
  });
});
