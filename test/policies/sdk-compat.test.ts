/**
 * The fence around @pulumi/policy's internals (policies/sdk-compat.ts): each internal checked
 * against the installed SDK (the memo of `deserializeProperties`, the proxy's target, the object
 * form of `reportViolation`, `__pulumiType`), each leaving the diagnostics exactly as they were,
 * and each fallback checked against a changed or missing internal.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { unknownCheckingProxy } from "@pulumi/policy";
import { afterEach, describe, expect, it } from "vitest";
import type { AnalyzerResource } from "../../cli/analyzer/client";
import { UNKNOWN_SENTINELS as WIRE_SENTINELS } from "../../cli/analyzer/protocol";
import {
  pb,
  pulumiRequire,
  request,
  stackRequest,
  structPb,
  workload,
  type Workload,
} from "../support/analyzer-requests";
import { RESOURCE_TYPES } from "../../domain/registry/tokens";
import { Unknown } from "../../domain/unknown";
import { PASS } from "../../domain/finding";
import { lazySnapshot, resourcePolicy, snapshot, snapshotField } from "../../policies/adapter";
import {
  LazyResource,
  LazyStackRequest,
  lazyAnalyzeRequest,
  lazyAnalyzeStackRequest,
  type RequestLayout,
} from "../../policies/lazy-request";
import { ALL_POLICIES } from "../../policies/registry";
import localAuth from "../../policies/rules/azure-ai-local-auth-disabled";
import { RULES } from "../../policies/rules";
import {
  ANALYZER_INFO_FILE,
  analyzerInfoDigest,
  analyzerInfoOf,
  builtAnalyzerInfo,
  installDeserializeMemo,
  installLeanAnalyzer,
  installedSdkVersion,
  isUnknownValueError,
  leanAnalyzerService,
  leanHandlers,
  leanInternals,
  leanService,
  markResourceType,
  memoizeDeserializeProperties,
  ObservedConfig,
  proxyTarget,
  reportAdvisory,
  requestLayoutOf,
  sdkReportsObjects,
  SERVED_BY_PACK,
  UNKNOWN_SENTINELS,
  VERIFIED_PROTO_VERSIONS,
  VERIFIED_SDK_VERSIONS,
} from "../../policies/sdk-compat";

const azureAiLocalAuthDisabled = localAuth.policy;

const req = createRequire(__filename);
const deserializeModule = req("@pulumi/policy/deserialize") as {
  deserializeProperties: (s: unknown, proxySecrets?: boolean) => unknown;
};
const sdkProxy = req("@pulumi/policy/proxy") as Record<string, unknown>;
const server = req("@pulumi/policy/server") as {
  makeAnalyzeRpcFun: (
    ...a: unknown[]
  ) => (call: unknown, cb: (e: unknown, r: unknown) => void) => Promise<void>;
  makeAnalyzeStackRpcFun: (
    ...a: unknown[]
  ) => (call: unknown, cb: (e: unknown, r: unknown) => void) => Promise<void>;
  makeRemediateRpcFun: (
    ...a: unknown[]
  ) => (call: unknown, cb: (e: unknown, r: unknown) => void) => Promise<void>;
};
const { Struct } = structPb;
/** The lazy-decoding layout the installed pack uses. */
const layout = requestLayoutOf(pb, structPb)!;
/** The SDK's Analyzer service definition, as grpc-js gets it. */
const analyzerService = (
  pulumiRequire("./analyzer_grpc_pb") as { AnalyzerService: Record<string, unknown> }
).AnalyzerService;

const proxy = unknownCheckingProxy as <T>(v: T) => T;
const protoutil = req("@pulumi/policy/protoutil") as unknown;
/** The internals the pack's handlers take, from the installed SDK. */
const installedInternals = leanInternals(
  req("@pulumi/policy/deserialize"),
  sdkProxy,
  protoutil,
  pb,
)!;

/** The pack's policies (and `extra`) mapped to their rules' types, as the pack installs them. */
function appliesToOf(extra: readonly object[] = []): Map<object, (type: string) => boolean> {
  const m = new Map<object, (type: string) => boolean>(RULES.map((r) => [r.policy, r.appliesTo]));
  for (const p of extra) m.set(p, () => true);
  return m;
}

/** A Configure request: each policy's level (the protocol's numbers) and settings. */
function configureRequest(levels: Record<string, number>, settings: Record<string, unknown> = {}) {
  const rq = new pb.ConfigureAnalyzerRequest!();
  const map = rq.getPolicyconfigMap!() as { set(k: string, v: unknown): void };
  for (const [name, level] of Object.entries(levels)) {
    const c = new pb.PolicyConfig!();
    c.setEnforcementlevel!(level);
    c.setProperties!(Struct.fromJavaScript(settings[name] ?? {}));
    map.set(name, c);
  }
  return rq;
}

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

async function rpc(fn: ReturnType<typeof server.makeAnalyzeRpcFun>, request: unknown) {
  let out: unknown;
  await fn({ request }, (e, r) => {
    if (e) throw e as Error;
    out = (r as { toObject: () => unknown }).toObject();
  });
  return out;
}

async function analyzeAll(items: Workload): Promise<unknown[]> {
  const analyze = server.makeAnalyzeRpcFun("outcomeguard", "0.0.0", "advisory", [...ALL_POLICIES]);
  const analyzeStack = server.makeAnalyzeStackRpcFun("outcomeguard", "0.0.0", "advisory", [
    ...ALL_POLICIES,
  ]);
  const out: unknown[] = [];
  for (const { res, provider } of items) out.push(await rpc(analyze, request(res, provider)));
  out.push(await rpc(analyzeStack, stackRequest(items)));
  return out;
}

describe("memoized deserializeProperties", () => {
  it("gives the same Analyze and AnalyzeStack responses as the SDK's own, on the bench workload with unknowns and provider default tags", async () => {
    const items = workload(400);
    const before = await analyzeAll(items);
    restore = memoizeDeserializeProperties(deserializeModule);
    expect(restore).toBeTypeOf("function");
    const after = await analyzeAll(items);
    expect(after).toEqual(before);
    const diagnostics = before.flatMap(
      (r) => (r as { diagnosticsList: unknown[] }).diagnosticsList,
    );
    expect(diagnostics.length).toBeGreaterThan(100);
  });

  it("deserializes each request once, and no policy changes the shared object", async () => {
    restore = memoizeDeserializeProperties(deserializeModule);
    const memoized = deserializeModule.deserializeProperties;
    const seen = new Map<unknown, { value: unknown; copy: unknown }>();
    deserializeModule.deserializeProperties = (s, secrets) => {
      const value = memoized(s, secrets);
      if (!seen.has(s)) seen.set(s, { value, copy: structuredClone(value) });
      else expect(seen.get(s)!.value).toBe(value);
      return value;
    };
    try {
      await analyzeAll(workload(200));
    } finally {
      deserializeModule.deserializeProperties = memoized;
    }
    expect(seen.size).toBeGreaterThan(200);
    for (const { value, copy } of seen.values()) expect(value).toEqual(copy);
  });

  it("leaves the secret-preserving form and non-Struct arguments to the SDK", () => {
    restore = memoizeDeserializeProperties(deserializeModule);
    const s = Struct.fromJavaScript({ a: 1 });
    expect(deserializeModule.deserializeProperties(s, false)).toBe(
      deserializeModule.deserializeProperties(s, false),
    );
    expect(deserializeModule.deserializeProperties(s, true)).not.toBe(
      deserializeModule.deserializeProperties(s, true),
    );
  });

  it("changes nothing when the module does not have the expected shape, and installs once", () => {
    expect(memoizeDeserializeProperties(undefined)).toBeUndefined();
    expect(memoizeDeserializeProperties({})).toBeUndefined();
    expect(
      memoizeDeserializeProperties({ deserializeProperties: (s: unknown) => s }),
    ).toBeUndefined();
    const frozen = Object.freeze({
      deserializeProperties: (s: unknown, p: boolean) => [s, p],
      serializeProperties: () => undefined,
    });
    expect(memoizeDeserializeProperties(frozen)).toBeUndefined();
    const original = deserializeModule.deserializeProperties;
    restore = memoizeDeserializeProperties(deserializeModule);
    expect(memoizeDeserializeProperties(deserializeModule)).toBeUndefined();
    restore!();
    restore = undefined;
    expect(deserializeModule.deserializeProperties).toBe(original);
  });
});

describe("the pack's own Analyze and AnalyzeStack", () => {
  type Policy = (typeof ALL_POLICIES)[number];
  type Handler = ReturnType<typeof server.makeAnalyzeRpcFun>;
  const pack = ["outcomeguard", "0.0.0", "advisory"] as const;
  const sdk = installedInternals;
  const sdkHandlers = (policies: readonly object[]) => ({
    analyze: server.makeAnalyzeRpcFun(...pack, policies),
    analyzeStack: server.makeAnalyzeStackRpcFun(...pack, policies),
    remediate: server.makeRemediateRpcFun(...pack, policies),
    configure: () => undefined,
  });
  const lean = (policies: readonly object[], appliesTo: Map<object, (t: string) => boolean>) => {
    const config = new ObservedConfig(sdk.convertLevel);
    const handlers = leanHandlers(pack, policies, appliesTo, sdk, config)!;
    return {
      config,
      analyze: handlers.analyze as unknown as Handler,
      analyzeStack: handlers.analyzeStack as unknown as Handler,
    };
  };

  /** The pack's policies plus a single-type one, each counting its runs. */
  function counted() {
    const runs = new Map<string, number>();
    const single = resourcePolicy(localAuth.meta, {
      type: RESOURCE_TYPES.azureAccount,
      evaluate: () => PASS,
    });
    const rules = [...RULES, { ...single, meta: { ...single.meta, name: "single-type" } }];
    const appliesTo = new Map<object, (type: string) => boolean>();
    const policies = rules.map((r) => {
      const p = { ...r.policy, name: r.meta.name } as Policy;
      if ("validateResource" in r.policy) {
        const original = r.policy.validateResource;
        const run = ((args: never, report: never) => {
          runs.set(r.meta.name, (runs.get(r.meta.name) ?? 0) + 1);
          return original(args, report);
        }) as typeof original;
        (p as { validateResource: unknown }).validateResource =
          "__pulumiType" in original ? markResourceType(run, RESOURCE_TYPES.azureAccount) : run;
      }
      appliesTo.set(p, r.appliesTo);
      return p;
    });
    const total = () => [...runs.values()].reduce((a, b) => a + b, 0);
    return { policies, appliesTo, total };
  }

  const listed = (responses: unknown[], key: "diagnosticsList" | "notApplicableList") =>
    responses.flatMap((r) => (r as Record<string, unknown[]>)[key]);

  it("gives the SDK's Analyze responses on the bench workload, running only the policies a type can match", async () => {
    const { policies, appliesTo, total } = counted();
    const ours = lean(policies, appliesTo);
    const theirs = sdkHandlers(policies);
    const items = workload(400);
    const before: unknown[] = [];
    for (const { res, provider } of items)
      before.push(await rpc(theirs.analyze, request(res, provider)));
    const runsSdk = total();
    const after: unknown[] = [];
    for (const { res, provider } of items)
      after.push(await rpc(ours.analyze, request(res, provider)));
    expect(after).toEqual(before);
    expect(listed(before, "diagnosticsList").length).toBeGreaterThan(100);
    expect(listed(before, "notApplicableList").length).toBeGreaterThan(100);
    expect(total() - runsSdk).toBeLessThan(runsSdk / 2);
  });

  it("gives the SDK's AnalyzeStack response on the bench workload", async () => {
    const ours = lean([...ALL_POLICIES], new Map(RULES.map((r) => [r.policy, r.appliesTo])));
    const items = workload(400);
    const before = await rpc(sdkHandlers([...ALL_POLICIES]).analyzeStack, stackRequest(items));
    const after = await rpc(ours.analyzeStack, stackRequest(items));
    expect(after).toEqual(before);
    expect(listed([before], "diagnosticsList").length).toBeGreaterThan(10);
  });

  it("gives the SDK's responses to the requests grpc-js hands it decoded lazily", async () => {
    const ours = lean([...ALL_POLICIES], appliesToOf());
    const theirs = sdkHandlers([...ALL_POLICIES]);
    const items = workload(400);
    const bytes = (m: unknown) => (m as { serializeBinary(): Uint8Array }).serializeBinary();
    const lazy = lazyAnalyzeRequest(layout);
    const before: unknown[] = [];
    const after: unknown[] = [];
    for (const { res, provider } of items) {
      const rq = bytes(request(res, provider));
      before.push(await rpc(theirs.analyze, layout.classes.AnalyzeRequest.deserializeBinary(rq)));
      after.push(await rpc(ours.analyze, lazy(rq)));
    }
    const stack = bytes(stackRequest(items));
    before.push(
      await rpc(theirs.analyzeStack, layout.classes.AnalyzeStackRequest.deserializeBinary(stack)),
    );
    after.push(await rpc(ours.analyzeStack, lazyAnalyzeStackRequest(layout)(stack)));
    expect(after).toEqual(before);
    expect(listed(before, "diagnosticsList").length).toBeGreaterThan(100);
  });

  it("reads only the top-level values a policy asks for, and a resource's provider only when asked", async () => {
    const keys: string[] = [];
    const counting = {
      ...sdk,
      deserialize: (struct: unknown, secrets: boolean) => {
        const value = sdk.deserialize(struct, secrets) as Record<string, unknown>;
        keys.push(...Object.keys(value));
        return value;
      },
    };
    const config = new ObservedConfig(sdk.convertLevel);
    const appliesTo = new Map(RULES.map((r) => [r.policy, r.appliesTo]));
    const { analyze } = leanHandlers(pack, [...ALL_POLICIES], appliesTo, counting, config)!;
    const bucket: AnalyzerResource = {
      urn: "urn:pulumi:dev::p::aws:s3/bucket:Bucket::logs",
      type: "aws:s3/bucket:Bucket",
      name: "logs",
      properties: {
        bucket: "logs",
        acl: "private",
        versioning: { enabled: true },
        tags: { "ai-team": "platform", "ai-outcome": "ticket-deflection" },
      },
    };
    const provider = { region: "us-east-1", defaultTags: { tags: { "cost-center": "cc-1" } } };
    await rpc(analyze as unknown as Handler, request(bucket, provider));
    expect(keys).toEqual(["tags", "defaultTags"]);
  });

  it("reads secrets, assets, archives, lists, nulls and unknowns as the SDK's deserialization does", async () => {
    const rpcModule = pulumiRequire("../runtime/rpc") as Record<string, string>;
    const sig = rpcModule.specialSigKey!;
    const properties = {
      tags: { "ai-team": "a", "ai-outcome": WIRE_SENTINELS.string },
      secret: { [sig]: rpcModule.specialSecretSig, value: { nested: ["s", 1] } },
      asset: { [sig]: rpcModule.specialAssetSig, text: "hello" },
      archive: {
        [sig]: rpcModule.specialArchiveSig,
        assets: { a: { [sig]: rpcModule.specialAssetSig, text: "x" } },
      },
      list: [1, null, true, "x", [WIRE_SENTINELS.number], { k: WIRE_SENTINELS.object }],
      empty: {},
      zero: 0,
    };
    const seen: unknown[] = [];
    const recorder = {
      name: "recorder",
      description: "records what it reads",
      enforcementLevel: "advisory" as const,
      validateResource: (args: { props: unknown }) => void seen.push(snapshot(args.props)),
    };
    const res = { ...workload(1)[0]!.res, properties };
    await rpc(sdkHandlers([recorder]).analyze, request(res));
    const ours = lean([recorder], new Map([[recorder, () => true]]));
    await rpc(ours.analyze, request(res));
    expect(seen).toHaveLength(2);
    expect(seen[1]).toEqual(seen[0]);
    expect((seen[1] as Record<string, unknown>).secret).toEqual({ nested: ["s", 1] });
  });

  it("answers with the SDK's responses after a Configure sets levels and settings, and gives Configure to the SDK", async () => {
    const grpc = createRequire(req.resolve("@pulumi/policy/server"))("@grpc/grpc-js") as {
      Server: { prototype: Record<string, (...a: unknown[]) => unknown> };
    };
    const proto = grpc.Server.prototype;
    const [addService, bindAsync] = [proto.addService!, proto.bindAsync!];
    let impl: Record<string, Handler> = {};
    proto.addService = function (this: unknown, service: unknown, handlers: unknown) {
      impl = handlers as Record<string, Handler>;
      return addService.call(this, service, handlers);
    };
    proto.bindAsync = () => undefined;
    const sdkServer = req("@pulumi/policy/server") as Record<string, unknown>;
    const appliesTo = new Map(RULES.map((r) => [r.policy, r.appliesTo]));
    restore = leanAnalyzerService(sdkServer, grpc, appliesTo, sdk);
    try {
      (sdkServer.serve as (...a: unknown[]) => void)(...pack, { policies: [...ALL_POLICIES] }, {});
    } finally {
      proto.addService = addService;
      proto.bindAsync = bindAsync;
    }
    const theirs = sdkHandlers([...ALL_POLICIES]);
    const configure = (levels: Record<string, number>, settings: Record<string, unknown> = {}) =>
      rpc(impl.configure!, configureRequest(levels, settings));
    const items = workload(300);
    const both = async () => {
      const ours: unknown[] = [];
      const sdks: unknown[] = [];
      for (const { res, provider } of items) {
        ours.push(await rpc(impl.analyze!, request(res, provider)));
        sdks.push(await rpc(theirs.analyze, request(res, provider)));
      }
      ours.push(await rpc(impl.analyzeStack!, stackRequest(items)));
      sdks.push(await rpc(theirs.analyzeStack, stackRequest(items)));
      return { ours, sdks };
    };
    try {
      await configure(
        {
          "ai-cost-allocation-tags-valid": 2, // disabled
          "shadow-ai-endpoint": 1, // mandatory
          "premium-endpoint-requires-outcome": 3, // remediate: reported as mandatory
          "cost-ceiling-has-budget-alarm": 1,
        },
        { "premium-endpoint-requires-outcome": { tagPrefix: "og-" } },
      );
      const { ours, sdks } = await both();
      expect(ours).toEqual(sdks);
      const levels = new Set(listed(sdks, "diagnosticsList").map((d) => JSON.stringify(d)));
      expect([...levels].some((d) => d.includes('"policyname":"shadow-ai-endpoint"'))).toBe(true);
      expect([...levels].some((d) => d.includes("ai-cost-allocation-tags-valid"))).toBe(false);
    } finally {
      await configure({});
    }
  });

  it("reports what a validation throws as the SDK does: unknown values as advisories, errors as a failed call", async () => {
    const thrower = (e: Error) => ({
      name: `throws-${e.constructor.name}`,
      description: "throws",
      enforcementLevel: "mandatory" as const,
      validateResource: () => {
        throw e;
      },
    });
    const unknown = new (sdkProxy.UnknownValueError as new (s: unknown, p: string[]) => Error)(
      sdkProxy.unknownStringValue,
      ["tags"],
    );
    for (const policy of [thrower(unknown), thrower(new Error("boom"))]) {
      const ours = lean([policy], new Map([[policy, () => true]]));
      const theirs = sdkHandlers([policy]);
      const outcome = async (h: Handler) => {
        let got: unknown;
        await h({ request: request(workload(1)[0]!.res) }, (e, r) => {
          got = e ? { error: (e as Error).message } : (r as { toObject: () => unknown }).toObject();
        });
        return got;
      };
      expect(await outcome(ours.analyze)).toEqual(await outcome(theirs.analyze));
    }
  });

  it("hands every call to the SDK once a Configure cannot be read", async () => {
    const calls: string[] = [];
    const handlers = {
      analyze: () => void calls.push("analyze"),
      analyzeStack: () => void calls.push("analyzeStack"),
      remediate: () => void calls.push("remediate"),
      configure: () => void calls.push("configure"),
    };
    const served = leanService(handlers, pack, [...ALL_POLICIES], appliesToOf(), sdk);
    await served.configure!({ request: { getPolicyconfigMap: () => undefined } }, () => undefined);
    const rq = { request: request(workload(1)[0]!.res) };
    await served.analyze!(rq, () => undefined);
    await served.analyzeStack!({ request: stackRequest(workload(2)) }, () => undefined);
    await served.remediate!(rq, () => undefined);
    expect(calls).toEqual(["configure", "analyze", "analyzeStack", "remediate"]);
  });

  it("hands the SDK's handlers requests decoded in full, never lazy ones", async () => {
    const got: unknown[] = [];
    const take = (call: { request: unknown }) => void got.push(call.request);
    const handlers = { analyze: take, analyzeStack: take, remediate: take, configure: () => {} };
    const served = leanService(handlers, pack, [...ALL_POLICIES], appliesToOf(), sdk);
    await served.configure!({ request: { getPolicyconfigMap: () => undefined } }, () => undefined);
    const bytes = (m: unknown) => (m as { serializeBinary(): Uint8Array }).serializeBinary();
    const one = { request: lazyAnalyzeRequest(layout)(bytes(request(workload(1)[0]!.res))) };
    await served.analyze!(one, () => undefined);
    await served.remediate!(one, () => undefined);
    const all = lazyAnalyzeStackRequest(layout)(bytes(stackRequest(workload(2))));
    await served.analyzeStack!({ request: all }, () => undefined);
    expect(got.map((r) => r instanceof pb.AnalyzeRequest!)).toEqual([true, true, false]);
    expect(got[2]).toBeInstanceOf(pb.AnalyzeStackRequest!);
  });

  it("serves only a pack whose every policy is one of ours, with one validation and no remediation", () => {
    const handlers = sdkHandlers([...ALL_POLICIES]);
    const config = new ObservedConfig(sdk.convertLevel);
    const fixer = { ...ALL_POLICIES[0]!, remediateResource: () => undefined };
    const several = { ...ALL_POLICIES[0]!, validateResource: [() => undefined] };
    const foreign = { ...ALL_POLICIES[0]! };
    const ours = appliesToOf([fixer, several]);
    for (const p of [fixer, several, foreign]) {
      expect(leanHandlers(pack, [p], ours, sdk, config)).toBeUndefined();
    }
    expect(leanService(handlers, pack, [...ALL_POLICIES], appliesToOf(), undefined)).toEqual({});
    expect(leanService({}, pack, [...ALL_POLICIES], appliesToOf(), sdk)).toEqual({});
    expect(leanInternals(undefined, sdkProxy, protoutil, {})).toBeUndefined();
  });

  /** A stand-in for the SDK's server module and grpc-js, with the shapes the fence checks. */
  function fakes() {
    const served: Record<string, unknown>[] = [];
    const services: unknown[] = [];
    class Server {
      addService(service: unknown, impl: Record<string, unknown>) {
        services.push(service);
        served.push(impl);
      }
    }
    const sdkImpl = { ...sdkHandlers([...ALL_POLICIES]), getAnalyzerInfo: () => undefined };
    const serverModule: Record<string, unknown> = {
      serve(_n: string, _v: string, _l: string, _a: unknown, _i: unknown) {
        new Server().addService(analyzerService, sdkImpl);
      },
    };
    return { served, services, Server, sdkImpl, serverModule, grpc: { Server } };
  }

  it("puts its handlers in the server the SDK starts, leaves the others, and restores grpc-js at once", () => {
    const f = fakes();
    const addService = f.Server.prototype.addService;
    const undo = leanAnalyzerService(f.serverModule, f.grpc, appliesToOf(), sdk);
    expect(undo).toBeTypeOf("function");
    const policies = { policies: [...ALL_POLICIES] };
    (f.serverModule.serve as (...a: unknown[]) => void)(...pack, policies, {});
    expect(f.served).toHaveLength(1);
    for (const k of ["analyze", "analyzeStack", "remediate", "configure"] as const) {
      expect(f.served[0]![k]).not.toBe(f.sdkImpl[k]);
    }
    expect(f.served[0]!.getAnalyzerInfo).toBe(f.sdkImpl.getAnalyzerInfo);
    const marked = Object.keys(f.served[0]!).filter(
      (k) => (f.served[0]![k] as Record<symbol, unknown>)[SERVED_BY_PACK] === true,
    );
    expect(marked.sort()).toEqual(["analyze", "analyzeStack", "configure", "remediate"]);
    expect(f.Server.prototype.addService).toBe(addService);
    expect(f.services[0]).toBe(analyzerService);
    expect(leanAnalyzerService(f.serverModule, f.grpc, appliesToOf(), sdk)).toBeUndefined();
    undo!();
    (f.serverModule.serve as (...a: unknown[]) => void)(...pack, policies, {});
    expect(f.served[1]!.analyze).toBe(f.sdkImpl.analyze);
  });

  type Definitions = Record<string, { requestDeserialize(b: Uint8Array): unknown }>;
  /** The service definition the fake server gets, the fence installed with `layout`. */
  function definitionWith(layout: () => RequestLayout | undefined): Definitions {
    const f = fakes();
    const undo = leanAnalyzerService(f.serverModule, f.grpc, appliesToOf(), sdk, undefined, layout);
    try {
      (f.serverModule.serve as (...a: unknown[]) => void)(...pack, { policies: [...ALL_POLICIES] });
    } finally {
      undo?.();
    }
    return f.services[0] as Definitions;
  }

  it("decodes Analyze, Remediate and AnalyzeStack requests lazily, given a layout, and nothing else; without one, as generated", () => {
    const service = definitionWith(() => layout);
    const bytes = (m: unknown) => (m as { serializeBinary(): Uint8Array }).serializeBinary();
    const one = Buffer.from(bytes(request(workload(1)[0]!.res)));
    expect(service.analyze!.requestDeserialize(one)).toBeInstanceOf(LazyResource);
    expect(service.remediate!.requestDeserialize(one)).toBeInstanceOf(LazyResource);
    const all = Buffer.from(bytes(stackRequest(workload(3))));
    expect(service.analyzeStack!.requestDeserialize(all)).toBeInstanceOf(LazyStackRequest);
    for (const k of Object.keys(analyzerService).filter(
      (k) => !["analyze", "remediate", "analyzeStack"].includes(k),
    )) {
      expect(service[k]).toBe(analyzerService[k]);
    }
    const noLayout = definitionWith(() => undefined);
    expect(noLayout.analyze!.requestDeserialize(one)).toBeInstanceOf(layout.classes.AnalyzeRequest);
  });

  it("answers GetAnalyzerInfo itself only with an answer built from the arguments serve gets", () => {
    const args = [...pack, { policies: [...ALL_POLICIES] }, undefined] as const;
    const version = installedSdkVersion();
    const made = (
      protoutil as { makeAnalyzerInfo: (...a: unknown[]) => { serializeBinary(): Uint8Array } }
    ).makeAnalyzerInfo(...args);
    const info = {
      digest: analyzerInfoDigest(version, ...args)!,
      bytes: Buffer.from(made.serializeBinary()).toString("base64"),
    };
    for (const [built, ours] of [
      [info, true],
      [
        {
          ...info,
          digest: analyzerInfoDigest(version, pack[0], "9.9.9", pack[2], args[3], undefined)!,
        },
        false,
      ],
    ] as const) {
      const f = fakes();
      const undo = leanAnalyzerService(f.serverModule, f.grpc, appliesToOf(), sdk, {
        sdkVersion: version,
        info: built,
      });
      (f.serverModule.serve as (...a: unknown[]) => void)(...args);
      const served: unknown = f.served[0]!.getAnalyzerInfo;
      expect(served === f.sdkImpl.getAnalyzerInfo).toBe(!ours);
      expect((served as Record<symbol, unknown>)[SERVED_BY_PACK] === true).toBe(ours);
      undo!();
    }
  });

  it("changes nothing when the server module, grpc-js or the SDK's internals do not have the expected shape", () => {
    const f = fakes();
    const serve = f.serverModule.serve;
    const m = appliesToOf();
    expect(leanAnalyzerService(undefined, f.grpc, m, sdk)).toBeUndefined();
    expect(leanAnalyzerService(f.serverModule, {}, m, sdk)).toBeUndefined();
    expect(leanAnalyzerService(f.serverModule, f.grpc, m, undefined)).toBeUndefined();
    expect(
      leanAnalyzerService({ ...f.serverModule, serve: () => undefined }, f.grpc, m, sdk),
    ).toBeUndefined();
    expect(
      leanAnalyzerService(Object.freeze({ ...f.serverModule }), f.grpc, m, sdk),
    ).toBeUndefined();
    expect(f.serverModule.serve).toBe(serve);
  });

  it("installs on the installed SDK and its grpc-js, and nowhere when a deep require throws", () => {
    const sdkServer = req("@pulumi/policy/server") as Record<string, unknown>;
    const serve = sdkServer.serve;
    const throwing = (path: string): unknown => {
      throw new Error(`Package subpath '${path}' is not defined by "exports"`);
    };
    expect(installLeanAnalyzer(new Map(), throwing, throwing)).toBe(false);
    expect(sdkServer.serve).toBe(serve);
    expect(installLeanAnalyzer(new Map())).toBe(true);
    expect(sdkServer.serve).not.toBe(serve);
    sdkServer.serve = serve;
  });
});

describe("GetAnalyzerInfo from the bytes built with the pack", () => {
  const sdk = installedInternals;
  const version = installedSdkVersion();
  /** `serve`'s arguments as the pack's PolicyPack gives them. */
  const served = (): [string, string, string, Record<string, unknown>, undefined] => [
    "outcomeguard",
    "0.2.0",
    "advisory",
    { description: "the pack", policies: [...ALL_POLICIES] },
    undefined,
  ];
  const makeInfo = (protoutil as { makeAnalyzerInfo: (...a: unknown[]) => unknown })
    .makeAnalyzerInfo as (...a: unknown[]) => { serializeBinary(): Uint8Array };
  /** What the engine receives: the response as the Analyzer service's serializer writes it. */
  const service = pulumiRequire("./analyzer_grpc_pb") as {
    AnalyzerService: { getAnalyzerInfo: { responseSerialize: (r: unknown) => Buffer } };
  };
  const wire = (response: unknown) =>
    service.AnalyzerService.getAnalyzerInfo.responseSerialize(response);
  const built = (...args: ReturnType<typeof served>) => ({
    digest: analyzerInfoDigest(version, ...args)!,
    bytes: Buffer.from(makeInfo(...args).serializeBinary()).toString("base64"),
  });
  const call = (h: ReturnType<typeof builtAnalyzerInfo>) => {
    let out: unknown;
    h!.call(undefined, { request: {} }, (e: unknown, r: unknown) => {
      if (e) throw e as Error;
      out = r;
    });
    return out;
  };

  it("puts on the wire the bytes the SDK's own answer serializes to", () => {
    const args = served();
    const handler = builtAnalyzerInfo(sdk, built(...args), analyzerInfoDigest(version, ...args));
    expect(handler).toBeTypeOf("function");
    const ours = wire(call(handler));
    const theirs = wire(makeInfo(...args));
    expect(ours.length).toBeGreaterThan(10_000);
    expect(ours.equals(theirs)).toBe(true);
  });

  it("is not used when anything the SDK's answer reads differs from what it was built from", () => {
    const [name, packVersion, level, args] = served();
    const info = built(...served());
    const digest = (o: { sdk?: string; version?: string; level?: string; args?: object }) =>
      analyzerInfoDigest(
        o.sdk ?? version,
        name,
        o.version ?? packVersion,
        o.level ?? level,
        { ...args, ...o.args },
        undefined,
      );
    const policies = [...ALL_POLICIES] as unknown as Record<string, unknown>[];
    const first = policies[0]!;
    const schema = first.configSchema as { properties: Record<string, unknown> };
    const withFirst = (p: Record<string, unknown>) => ({
      args: { policies: [{ ...first, ...p }, ...policies.slice(1)] },
    });
    const changed: [string, Parameters<typeof digest>[0]][] = [
      ["the SDK's version", { sdk: "1.22.0" }],
      ["the pack's version", { version: "0.2.1" }],
      ["the pack's level", { level: "mandatory" }],
      ["the pack's description", { args: { description: "x" } }],
      ["a policy's description", withFirst({ description: "x" })],
      [
        "a policy's level",
        withFirst({
          enforcementLevel: first.enforcementLevel === "mandatory" ? "advisory" : "mandatory",
        }),
      ],
      ["a policy's severity", withFirst({ severity: "critical" })],
      [
        "a policy's config schema",
        withFirst({
          configSchema: { properties: { ...schema.properties, extra: { type: "string" } } },
        }),
      ],
      [
        "a policy's kind",
        withFirst({ validateResource: undefined, validateStack: () => undefined }),
      ],
    ];
    expect(builtAnalyzerInfo(sdk, info, digest({}))).toBeTypeOf("function");
    for (const [what, o] of changed) {
      expect(digest(o), what).toBeDefined();
      expect(builtAnalyzerInfo(sdk, info, digest(o)), what).toBeUndefined();
    }
    expect(
      analyzerInfoDigest(version, name, packVersion, level, args, { all: "mandatory" }),
    ).toBeUndefined();
    expect(
      analyzerInfoDigest(undefined, name, packVersion, level, args, undefined),
    ).toBeUndefined();
    expect(builtAnalyzerInfo(sdk, { digest: info.digest }, info.digest)).toBeUndefined();
    expect(builtAnalyzerInfo(sdk, undefined, info.digest)).toBeUndefined();
  });

  it("is what the build wrote beside the bundle, for the bundle as the engine loads it", () => {
    const packDir = join(__dirname, "..", "..", "policies");
    const written = JSON.parse(
      readFileSync(join(packDir, "dist", ANALYZER_INFO_FILE), "utf8"),
    ) as unknown;
    const serverModule = req("@pulumi/policy/server") as Record<string, unknown>;
    const serve = serverModule.serve;
    expect(analyzerInfoOf(packDir, join("dist", "index.js"))).toEqual(written);
    expect(serverModule.serve).toBe(serve);
  });
});

describe("Remediate while no policy can remediate", () => {
  type Handler = ReturnType<typeof server.makeAnalyzeRpcFun>;
  const sdk = installedInternals;
  const sdkRemediate = () =>
    server.makeRemediateRpcFun("outcomeguard", "0.0.0", "advisory", [...ALL_POLICIES]);
  const served = (remediate: unknown, configure: unknown = () => undefined) =>
    leanService(
      { analyze: () => undefined, analyzeStack: () => undefined, remediate, configure },
      ["outcomeguard", "0.0.0", "advisory"],
      [...ALL_POLICIES],
      appliesToOf(),
      sdk,
    );

  it("answers as the SDK's handler does, without reading a resource, on the bench workload", async () => {
    const { remediate } = served(sdkRemediate());
    expect(remediate).toBeTypeOf("function");
    const read: unknown[] = [];
    for (const { res, provider } of workload(200)) {
      const rq = request(res, provider);
      const theirs = await rpc(sdkRemediate(), rq);
      const getProperties = rq.getProperties!.bind(rq);
      rq.getProperties = () => (read.push(res.urn), getProperties());
      expect(await rpc(remediate as unknown as Handler, rq)).toEqual(theirs);
    }
    expect(read).toEqual([]);
  });

  it("hands Remediate back to the SDK once a Configure sets a policy to remediate, and takes it again after", async () => {
    const calls: string[] = [];
    const { remediate, configure } = served(
      () => void calls.push("sdk"),
      () => void calls.push("configure"),
    );
    const run = () => remediate!({ request: request(workload(1)[0]!.res) }, () => undefined);
    await configure!({ request: configureRequest({ "shadow-ai-endpoint": 3 }) }, () => undefined);
    await run();
    await configure!({ request: configureRequest({ "shadow-ai-endpoint": 1 }) }, () => undefined);
    await run();
    expect(calls).toEqual(["configure", "sdk", "configure"]);
  });

  it("leaves Remediate to the SDK where a policy or the pack is at level remediate", () => {
    const handlers = {
      analyze: () => undefined,
      analyzeStack: () => undefined,
      remediate: () => undefined,
      configure: () => undefined,
    };
    const pack = ["outcomeguard", "0.0.0", "remediate"] as const;
    const byLevel = { ...ALL_POLICIES[0]!, enforcementLevel: "remediate" as const };
    expect(leanService(handlers, pack, [...ALL_POLICIES], appliesToOf(), sdk).remediate).toBe(
      undefined,
    );
    const advisory = ["outcomeguard", "0.0.0", "advisory"] as const;
    expect(
      leanService(handlers, advisory, [byLevel], appliesToOf([byLevel]), sdk).remediate,
    ).toBeUndefined();
  });
});

describe("shared snapshot", () => {
  it("uses the engine's seven unknown sentinels, as the SDK's proxy does", () => {
    const sdk = Object.entries(sdkProxy)
      .filter(([k]) => /^unknown[A-Z]\w*Value$/.test(k))
      .map(([, v]) => v);
    expect(new Set(sdk)).toEqual(UNKNOWN_SENTINELS);
    expect(new Set(Object.values(WIRE_SENTINELS))).toEqual(UNKNOWN_SENTINELS);
  });

  it("is built once per request object, frozen, and shared by every proxy over it", () => {
    const raw = { tags: { "ai-team": "a", "ai-outcome": WIRE_SENTINELS.string }, n: [1, 2] };
    const a = snapshot(proxy(raw)) as Record<string, Record<string, unknown>>;
    const b = snapshot(proxy(raw));
    expect(b).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a.tags)).toBe(true);
    expect((a.tags!["ai-outcome"] as Unknown).path).toBe("tags.ai-outcome");
    expect(snapshotField(proxy(raw), "tags")).toBe(a.tags);
    expect(() => {
      "use strict";
      (a.tags as Record<string, unknown>)["ai-team"] = "other";
    }).toThrow(TypeError);
  });

  it("read lazily, copies a value only when it is read, and equals the whole snapshot", () => {
    const reads: string[] = [];
    const raw = {};
    const values: Record<string, unknown> = {
      tags: { "ai-team": "a", "ai-outcome": WIRE_SENTINELS.string },
      limitAmount: "100",
      costTypes: { includeTax: true },
    };
    for (const [k, v] of Object.entries(values)) {
      Object.defineProperty(raw, k, { enumerable: true, get: () => (reads.push(k), v) });
    }
    const lazy = lazySnapshot(proxy(raw)) as Record<string, unknown>;
    expect(Object.isFrozen(lazy)).toBe(true);
    expect(lazySnapshot(proxy(raw))).toBe(lazy);
    expect((lazy.tags as Record<string, unknown>)["ai-team"]).toBe("a");
    expect(reads).toEqual(["tags"]);
    expect({ ...lazy }).toEqual(snapshot(proxy(raw)));
  });

  it("does not leak between requests: another object is read afresh", () => {
    const first = snapshot(proxy({ tags: { "ai-team": "a" } })) as Record<string, unknown>;
    const second = snapshot(proxy({ tags: { "ai-team": "b" } })) as Record<string, unknown>;
    expect(second).not.toBe(first);
    expect(second).toEqual({ tags: { "ai-team": "b" } });
    expect(snapshotField(proxy({ tags: WIRE_SENTINELS.object }), "tags")).toBeInstanceOf(Unknown);
  });

  it("reads the same through the raw object as key by key through the proxy", () => {
    const raw = {
      tags: { "ai-team": "support", "ai-outcome": WIRE_SENTINELS.string },
      sku: WIRE_SENTINELS.object,
      list: [1, WIRE_SENTINELS.number, { a: WIRE_SENTINELS.boolean }, null],
      s: "plain",
    };
    // A proxy the adapter does not recognise: the key-by-key path.
    const foreign = new Proxy(proxy(raw), {
      get: (t, k) =>
        k === "__isSpecialProxy" ? undefined : (t as Record<PropertyKey, unknown>)[k],
    });
    expect(snapshot(proxy(structuredClone(raw)))).toEqual(snapshot(foreign));
  });
});

describe("__pulumiType", () => {
  it("marks a single-type policy so the SDK skips other resources without reading them", () => {
    const single = resourcePolicy(localAuth.meta, {
      type: RESOURCE_TYPES.azureAccount,
      evaluate: () => PASS,
    }).policy;
    expect((single.validateResource as unknown as { __pulumiType?: string }).__pulumiType).toBe(
      RESOURCE_TYPES.azureAccount,
    );
    // Every policy of the pack now reads several registry types (and any azure-native API
    // version), so none may be marked: the SDK would skip the others without a word.
    const marked = ALL_POLICIES.filter(
      (p: (typeof ALL_POLICIES)[number]) =>
        "validateResource" in p &&
        (p.validateResource as unknown as { __pulumiType?: string }).__pulumiType !== undefined,
    );
    expect(marked).toEqual([]);
    expect(
      (azureAiLocalAuthDisabled.validateResource as unknown as { __pulumiType?: string })
        .__pulumiType,
    ).toBeUndefined();
  });
});

describe("the SDK versions the fence was verified on", () => {
  it("names them, and the installed SDK and the pack's dependency range are among them", () => {
    expect(VERIFIED_SDK_VERSIONS).toEqual(["1.21.0"]);
    expect(VERIFIED_SDK_VERSIONS).toContain(installedSdkVersion());
    const pack = req("../../policies/package.json") as { dependencies: Record<string, string> };
    expect(pack.dependencies["@pulumi/policy"]).toBe("~1.21.0");
  });

  it("names the @pulumi/pulumi whose generated classes the lazy decoding was verified on, and reads the installed one's", () => {
    expect(VERIFIED_PROTO_VERSIONS).toEqual(["3.248.0"]);
    const installed = (pulumiRequire("../package.json") as { version: string }).version;
    expect(VERIFIED_PROTO_VERSIONS).toContain(installed);
    expect(requestLayoutOf(pb, structPb)?.n.properties).toBeTypeOf("number");
  });

  it("takes the object form of reportViolation on 1.21 and later 1.x only", () => {
    expect(sdkReportsObjects("1.21.0")).toBe(true);
    expect(sdkReportsObjects("1.30.2")).toBe(true);
    expect(sdkReportsObjects("1.20.0")).toBe(false);
    expect(sdkReportsObjects("2.0.0")).toBe(false);
    expect(sdkReportsObjects(undefined)).toBe(false);
  });
});

describe("fallbacks when an internal changes", () => {
  it("loads the pack's memo nowhere when a deep require throws, as under an exports map", () => {
    const throwing = (path: string): unknown => {
      throw Object.assign(new Error(`Package subpath '${path}' is not defined by "exports"`), {
        code: "ERR_PACKAGE_PATH_NOT_EXPORTED",
      });
    };
    expect(installDeserializeMemo(throwing)).toBe(false);
    expect(installedSdkVersion(throwing)).toBeUndefined();
  });

  it("reads through the proxy when it no longer answers its special keys", () => {
    const strict = new Proxy(
      {},
      {
        get: (_t, k) => {
          if (k === "__isSpecialProxy") throw new Error("unexpected");
          return undefined;
        },
      },
    );
    expect(() => proxyTarget(strict)).toThrow("unexpected");
    expect(proxyTarget(proxy({ a: 1 }))).toEqual({ a: 1 });
    expect(proxyTarget({ a: 1 })).toBeUndefined();
  });

  it("reports undecided checks the SDK's own way, and leaves waiver notes out, without the object form", () => {
    const seen: unknown[] = [];
    const report = ((m: unknown, urn?: string) => seen.push([m, urn])) as never;
    let thrown: unknown;
    try {
      reportAdvisory(report, "d", "undecided at preview: tags", "urn:x", "undecided", false);
    } catch (e) {
      thrown = e;
    }
    expect(isUnknownValueError(thrown)).toBe(true);
    expect((thrown as Error).message).toBe("undecided at preview: tags");
    reportAdvisory(report, "d", "waived until 2030-01-01", "urn:x", "note", false);
    expect(seen).toEqual([]);
    reportAdvisory(report, "d", "waived", "urn:x", "note", true);
    expect(seen).toEqual([
      [{ message: "d\nwaived", urn: "urn:x", enforcementLevel: "advisory" }, undefined],
    ]);
  });

  it("marks a validation with its one type, which an SDK that ignores the mark leaves harmless", () => {
    const f = markResourceType(() => undefined, "aws:x/y:Z");
    expect((f as unknown as { __pulumiType?: string }).__pulumiType).toBe("aws:x/y:Z");
  });
});
