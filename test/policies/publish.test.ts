/**
 * `pulumi policy publish` readiness: the publish runs `npm pack` in policies/ after asking the pack
 * for GetAnalyzerInfo. This packs it into a temporary directory, unpacks it, gives it the
 * dependencies it declares (the repo's node_modules, as `npm install` would), and shows the
 * unpacked pack starts on its own and answers.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { launchPolicyPack } from "../../cli/analyzer/client";
import { POLICY_NAMES } from "../../policies/registry";
import { bedrockProfile, OPUS } from "../support/policy-fixtures";
import { urnOf } from "../support/policy-harness";
import { PACK_DIR, ROOT } from "../support/policy-pack";

const work = mkdtempSync(join(tmpdir(), "outcomeguard-publish-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface PackResult {
  filename: string;
  files: { path: string }[];
}

describe("policies/ is ready for `pulumi policy publish`", () => {
  it("has PulumiPolicy.yaml and a package.json with a version, main and the pack's dependencies", () => {
    const pkg = JSON.parse(readFileSync(join(PACK_DIR, "package.json"), "utf8")) as Record<
      string,
      unknown
    >;
    const root = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
      version: string;
      dependencies: Record<string, string>;
      peerDependencies: Record<string, string>;
    };
    expect(pkg.name).toBe("outcomeguard-policies");
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(pkg.version).toBe(root.version);
    expect(pkg.main).toBe("dist/main.js");
    expect(pkg.dependencies).toEqual({
      "@pulumi/policy": root.dependencies["@pulumi/policy"],
      "@pulumi/pulumi": root.peerDependencies["@pulumi/pulumi"],
    });
    const yaml = readFileSync(join(PACK_DIR, "PulumiPolicy.yaml"), "utf8");
    expect(yaml).toMatch(/^runtime: nodejs$/m);
    expect(yaml).toMatch(/^description: /m);
    expect(yaml).toContain(`version: ${String(pkg.version)}`);
  });

  it("npm pack contains everything the pack needs to start, and it starts and answers on its own", async () => {
    const out = execFileSync("npm", ["pack", "--json", "--pack-destination", work], {
      cwd: PACK_DIR,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    const [result] = JSON.parse(out.slice(out.indexOf("["))) as PackResult[];
    const files = result!.files.map((f) => f.path).sort();
    const cache = files.find((f) => /^dist\/index\.[0-9a-f]{16}\.\d+\.cache$/.test(f));
    expect(files).toEqual([
      "PulumiPolicy.yaml",
      "dist/analyzer-info.json",
      cache,
      "dist/index.js",
      "dist/index.js.map",
      "dist/main.js",
      "package.json",
    ]);

    execFileSync("tar", ["-xzf", join(work, result!.filename), "-C", work]);
    const unpacked = join(work, "package");
    const bundle = readFileSync(join(unpacked, "dist", "index.js"), "utf8");
    const required = [...bundle.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    // Only its declared dependency, @pulumi/policy; its internal modules (the `deserialize` memo,
    // policies/sdk-compat.ts) are required only at run time, guarded.
    expect([...new Set(required)].filter((m) => !m!.startsWith("node:")).sort()).toEqual([
      "@pulumi/policy",
    ]);
    expect(bundle).toContain('"@pulumi/policy/deserialize"');

    // What `npm install` would give it: its declared dependencies, nothing of the repo's source.
    symlinkSync(join(ROOT, "node_modules"), join(unpacked, "node_modules"), "dir");
    const pack = await launchPolicyPack(unpacked);
    try {
      const info = await pack.getAnalyzerInfo();
      expect(info.name).toBe("outcomeguard");
      expect(info.policies.map((p) => p.name)).toEqual([...POLICY_NAMES]);
      const r = bedrockProfile(OPUS, {});
      const d = await pack.analyze({
        urn: urnOf(r.type, "x"),
        type: r.type,
        name: "x",
        properties: r.props ?? {},
      });
      expect(d.map((x) => x.policyName)).toContain("premium-endpoint-requires-outcome");
    } finally {
      await pack.close();
    }
  });
});
