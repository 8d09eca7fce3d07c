/**
 * OutcomeGuard as another team adopts it: `npm pack`, installed from the tarball offline into a
 * consumer project of its own (its program: raw Bedrock and Azure resources and one component),
 * typechecked strict under both module systems, previewed and audited with the installed bin.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { consumerProject, type Consumer } from "../support/consumer";
import { writeBackend, writeStackExport } from "../support/deployed-state";

let consumer: Consumer;

beforeAll(() => {
  consumer = consumerProject();
}, 600_000);

interface Doc {
  stack: string;
  resources: { urn: string; name: string; type: string }[];
  diagnostics: { policy: string; level: string; urn: string }[];
}

describe("the installed package", () => {
  it("ships compiled JavaScript, declarations, the policy pack directory and the bin, no sources", () => {
    const pkg = path.join(consumer.dir, "node_modules", "outcomeguard");
    for (const f of [
      "dist/components/index.js",
      "dist/components/index.d.ts",
      "dist/domain/index.d.ts",
      "dist/cli/main.js",
      "policies/PulumiPolicy.yaml",
      "policies/package.json",
      "policies/dist/index.js",
      "policies/dist/analyzer-info.json",
      "policies/dist/main.js",
      "bin/outcomeguard.cjs",
    ]) {
      expect(existsSync(path.join(pkg, f)), f).toBe(true);
    }
    expect(existsSync(path.join(pkg, "cli", "main.ts"))).toBe(false);
    const manifest = JSON.parse(readFileSync(path.join(pkg, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies)).not.toContain("tsx");
  });

  it("serves Analyze, AnalyzeStack, Remediate, Configure and GetAnalyzerInfo (the SDK's own answer, built with the pack) with the pack's own handlers and decodes the first three lazily on the consumer's @pulumi/policy, its bundle loaded with its code cache", () => {
    // Load the installed pack as run-policy-pack does, with the SDK's gRPC server kept from binding,
    // and ask which handlers of the Analyzer service carry the pack's mark (policies/sdk-compat.ts).
    const script = path.join(consumer.dir, "which-handlers.cjs");
    writeFileSync(
      script,
      `const path = require("path");
const { createRequire } = require("module");
const dir = path.join(__dirname, "node_modules", "outcomeguard", "policies");
const sdk = createRequire(path.join(dir, "dist", "index.js"));
const grpc = createRequire(sdk.resolve("@pulumi/policy/server"))("@grpc/grpc-js");
let served = {};
let definition = {};
const addService = grpc.Server.prototype.addService;
grpc.Server.prototype.addService = function (service, impl) {
  served = impl;
  definition = service;
  return addService.call(this, service, impl);
};
grpc.Server.prototype.bindAsync = () => undefined;
// What serve is given, to ask the consumer's SDK for its own GetAnalyzerInfo answer.
const server = sdk("@pulumi/policy/server");
const serve = server.serve;
let args;
server.serve = function (name, version, level, packArgs, initialConfig) {
  args = [name, version, level, packArgs, initialConfig];
  return serve.apply(this, args);
};
process.chdir(dir);
// As run-policy-pack loads a pack: its V8 flags first, then the pack's main.
sdk("@pulumi/pulumi/runtime/closure/v8Hooks");
const { codeCache } = require(dir);
const mark = Symbol.for("outcomeguard.servedByPack");
const byPack = Object.keys(served).filter((k) => served[k][mark] === true).sort();
const { AnalyzerService } = createRequire(sdk.resolve("@pulumi/policy/server"))(
  "@pulumi/pulumi/proto/analyzer_grpc_pb",
);
const wire = (r) => AnalyzerService.getAnalyzerInfo.responseSerialize(r);
let info;
served.getAnalyzerInfo({ request: {} }, (e, r) => { info = r; });
const sdkInfo = wire(sdk("@pulumi/policy/protoutil").makeAnalyzerInfo(...args));
// Which methods decode their requests otherwise than the consumer's generated definition, and
// what the installed Analyze deserializer reads of a request serialized with the consumer's classes.
const lazy = Object.keys(AnalyzerService).filter(
  (k) => definition[k].requestDeserialize !== AnalyzerService[k].requestDeserialize,
).sort();
const pb = createRequire(sdk.resolve("@pulumi/policy/server"))("@pulumi/pulumi/proto/analyzer_pb");
const rq = new pb.AnalyzeRequest();
rq.setType("aws:bedrock/inferenceProfile:InferenceProfile");
const read = definition.analyze.requestDeserialize(Buffer.from(rq.serializeBinary()));
const lazyRead = { type: read.getType(), generated: read instanceof pb.AnalyzeRequest };
console.log(JSON.stringify({ byPack, all: Object.keys(served).length, infoAsSdk: wire(info).equals(sdkInfo), codeCache, lazy, lazyRead }));
process.exit(0);
`,
    );
    const out = execFileSync(process.execPath, [script], { cwd: consumer.dir, encoding: "utf8" });
    const { byPack, all, infoAsSdk, codeCache, lazy, lazyRead } = JSON.parse(out) as {
      byPack: string[];
      all: number;
      infoAsSdk: boolean;
      codeCache: string;
      lazy: string[];
      lazyRead: { type: string; generated: boolean };
    };
    expect(byPack).toEqual([
      "analyze",
      "analyzeStack",
      "configure",
      "getAnalyzerInfo",
      "remediate",
    ]);
    expect(all).toBeGreaterThan(byPack.length);
    expect(infoAsSdk).toBe(true);
    expect(codeCache).toBe("used");
    expect(lazy).toEqual(["analyze", "analyzeStack", "remediate"]);
    expect(lazyRead).toEqual({
      type: "aws:bedrock/inferenceProfile:InferenceProfile",
      generated: false,
    });
  });

  it("typechecks the consumer's program strict, under module nodenext and commonjs", () => {
    const nodenext = consumer.run("tsc", ["-p", "tsconfig.json"]);
    expect(nodenext.out).toBe("");
    expect(nodenext.code).toBe(0);
    const commonjs = consumer.run("tsc", ["-p", "tsconfig.commonjs.json"]);
    expect(commonjs.out).toBe("");
    expect(commonjs.code).toBe(0);
  }, 300_000);

  it("previews the consumer's own project with npx outcomeguard preview: raw premium resources blocked", () => {
    const r = consumer.run("outcomeguard", ["preview", "--json"]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out) as Doc;
    expect(doc.stack).toBe("dev");
    const blocked = new Set(
      doc.diagnostics
        .filter((d) => d.level === "mandatory")
        .map((d) => doc.resources.find((x) => x.urn === d.urn)?.name),
    );
    expect([...blocked].sort()).toEqual(["raw-gpt5", "raw-opus"]);
    const viaComponent = doc.resources.find(
      (x) => x.type === "aws:bedrock/inferenceProfile:InferenceProfile" && x.name !== "raw-opus",
    );
    expect(viaComponent).toBeDefined();
  }, 300_000);

  it("audits a stack export and a DIY backend holding two projects", async () => {
    const tmp = mkdtempSync(path.join(tmpdir(), "outcomeguard-consumer-audit-"));
    const file = await writeStackExport("ungoverned", path.join(tmp, "export.json"));
    const state = consumer.run("outcomeguard", ["audit", "--state", file]);
    expect(state.code).toBe(1);
    const backend = await writeBackend(path.join(tmp, "backend"), [
      ["alpha", "dev", "aws"],
      ["beta", "prod", "azure"],
    ]);
    const r = consumer.run("outcomeguard", ["audit", "--backend", backend]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("2 stacks audited: alpha/dev PASSED, beta/prod PASSED");
  }, 300_000);
});
