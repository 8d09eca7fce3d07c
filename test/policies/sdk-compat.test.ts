/**
 * The fence around @pulumi/policy's internals (policies/sdk-compat.ts): each internal checked
 * against the installed SDK (the memo of `deserializeProperties`, the proxy's target, the object
 * form of `reportViolation`, `__pulumiType`), each leaving the diagnostics exactly as they were,
 * and each fallback checked against a changed or missing internal.
 */
import { createRequire } from "node:module";
import { unknownCheckingProxy } from "@pulumi/policy";
import { afterEach, describe, expect, it } from "vitest";
import { mixedResources } from "../support/mixed-stack";
import type { AnalyzerResource } from "../../cli/analyzer/client";
import { UNKNOWN_SENTINELS as WIRE_SENTINELS } from "../../cli/analyzer/protocol";
import { RESOURCE_TYPES } from "../../domain/registry/tokens";
import { Unknown } from "../../domain/unknown";
import { PASS } from "../../domain/finding";
import { resourcePolicy, snapshot, snapshotField } from "../../policies/adapter";
import { ALL_POLICIES } from "../../policies/registry";
import localAuth from "../../policies/rules/azure-ai-local-auth-disabled";
import { RULES } from "../../policies/rules";
import {
  leanAnalyzerService,
  installDeserializeMemo,
  installLeanAnalyzer,
  installedSdkVersion,
  isUnknownValueError,
  markResourceType,
  memoizeDeserializeProperties,
  proxyTarget,
  reportAdvisory,
  sdkReportsObjects,
  typeDispatchedAnalyze,
  UNKNOWN_SENTINELS,
  withoutIdleRemediation,
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
};
const pulumiRequire = createRequire(req.resolve("@pulumi/pulumi/proto/analyzer_pb"));
const pb = pulumiRequire("./analyzer_pb") as Record<
  string,
  new () => Record<string, (...a: unknown[]) => unknown>
>;
const { Struct } = pulumiRequire("google-protobuf/google/protobuf/struct_pb") as {
  Struct: { fromJavaScript: (v: unknown) => unknown };
};

const proxy = unknownCheckingProxy as <T>(v: T) => T;

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

/** The bench's mixed workload, with unknown values and AWS provider default tags mixed in. */
function workload(count: number): { res: AnalyzerResource; provider?: Record<string, unknown> }[] {
  return mixedResources(count, 11).map((res, i) => {
    const properties: Record<string, unknown> = structuredClone(res.properties);
    const tags = properties.tags as Record<string, unknown> | undefined;
    if (i % 4 === 1 && tags) {
      const key = Object.keys(tags)[i % Math.max(1, Object.keys(tags).length)];
      if (key) tags[key] = WIRE_SENTINELS.string;
    } else if (i % 4 === 2 && tags) {
      properties.tags = WIRE_SENTINELS.object;
    } else if (i % 4 === 3) {
      for (const k of Object.keys(properties).slice(0, 1)) properties[k] = WIRE_SENTINELS.number;
    }
    const provider =
      i % 5 === 0 && res.type.startsWith("aws:")
        ? { defaultTags: { tags: { "ai-team": "platform", "cost-center": "cc-1" } } }
        : undefined;
    return { res: { ...res, properties }, ...(provider ? { provider } : {}) };
  });
}

function request(r: AnalyzerResource, provider?: Record<string, unknown>) {
  const rq = new pb.AnalyzeRequest!();
  rq.setUrn!(r.urn);
  rq.setType!(r.type);
  rq.setName!(r.name);
  rq.setProperties!(Struct.fromJavaScript(r.properties));
  const opts = new pb.AnalyzerResourceOptions!();
  if (r.parent) opts.setParent!(r.parent);
  rq.setOptions!(opts);
  if (provider) {
    const p = new pb.AnalyzerProviderResource!();
    p.setUrn!("urn:pulumi:dev::p::pulumi:providers:aws::default");
    p.setType!("pulumi:providers:aws");
    p.setName!("default");
    p.setProperties!(Struct.fromJavaScript(provider));
    rq.setProvider!(p);
  }
  return rq;
}

function stackRequest(items: ReturnType<typeof workload>) {
  const rq = new pb.AnalyzeStackRequest!();
  rq.setResourcesList!(
    items.map(({ res }) => {
      const r = new pb.AnalyzerResource!();
      r.setUrn!(res.urn);
      r.setType!(res.type);
      r.setName!(res.name);
      r.setProperties!(Struct.fromJavaScript(res.properties));
      if (res.parent) r.setParent!(res.parent);
      r.setOptions!(new pb.AnalyzerResourceOptions!());
      return r;
    }),
  );
  return rq;
}

async function rpc(fn: ReturnType<typeof server.makeAnalyzeRpcFun>, request: unknown) {
  let out: unknown;
  await fn({ request }, (e, r) => {
    if (e) throw e as Error;
    out = (r as { toObject: () => unknown }).toObject();
  });
  return out;
}

async function analyzeAll(items: ReturnType<typeof workload>): Promise<unknown[]> {
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

describe("Analyze by resource type", () => {
  type Policy = (typeof ALL_POLICIES)[number];
  type Handler = ReturnType<typeof server.makeAnalyzeRpcFun>;
  const pack = ["outcomeguard", "0.0.0", "advisory"] as const;

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

  it("gives the same Analyze responses as the SDK's handler over every policy, running only the policies a type can match", async () => {
    const { policies, appliesTo, total } = counted();
    const whole = server.makeAnalyzeRpcFun(...pack, policies);
    const dispatched = typeDispatchedAnalyze(
      server.makeAnalyzeRpcFun as never,
      pack,
      policies,
      appliesTo,
      whole as never,
    ) as unknown as Handler;
    const items = workload(400);
    const before: unknown[] = [];
    for (const { res, provider } of items) before.push(await rpc(whole, request(res, provider)));
    const runsWhole = total();
    const after: unknown[] = [];
    for (const { res, provider } of items)
      after.push(await rpc(dispatched, request(res, provider)));
    const runsDispatched = total() - runsWhole;
    expect(after).toEqual(before);
    expect(
      before.flatMap((r) => (r as { diagnosticsList: unknown[] }).diagnosticsList).length,
    ).toBeGreaterThan(100);
    expect(
      before.flatMap((r) => (r as { notApplicableList: unknown[] }).notApplicableList).length,
    ).toBeGreaterThan(100);
    expect(runsDispatched).toBeLessThan(runsWhole / 2);
  });

  it("builds one handler per resource type, and none for a type every policy can match", async () => {
    const { policies, appliesTo } = counted();
    const whole = server.makeAnalyzeRpcFun(...pack, policies);
    const built: string[] = [];
    const make = (...a: Parameters<typeof server.makeAnalyzeRpcFun>) => {
      built.push((a[3] as Policy[]).map((p) => p.name).join(","));
      return server.makeAnalyzeRpcFun(...a);
    };
    const everything = new Map([...appliesTo.keys()].map((p) => [p, () => true]));
    const items = workload(200);
    const dispatched = typeDispatchedAnalyze(
      make as never,
      pack,
      policies,
      appliesTo,
      whole as never,
    );
    for (const { res } of items) await rpc(dispatched as unknown as Handler, request(res));
    expect(built.length).toBe(new Set(items.map(({ res }) => res.type)).size);
    built.length = 0;
    const none = typeDispatchedAnalyze(make as never, pack, policies, everything, whole as never);
    for (const { res } of items) await rpc(none as unknown as Handler, request(res));
    expect(built).toEqual([]);
  });

  it("serves a request whose type cannot be read with the SDK's handler over every policy", async () => {
    const calls: string[] = [];
    const whole = (() => void calls.push("whole")) as never;
    const make = (() => () => void calls.push("subset")) as never;
    const dispatched = typeDispatchedAnalyze(make, pack, [], new Map(), whole);
    const broken = {
      getType: () => {
        throw new Error("no type");
      },
    };
    await dispatched.call(undefined, { request: broken }, () => undefined);
    expect(calls).toEqual(["whole"]);
  });

  /** A stand-in for the SDK's server module and grpc-js, with the shapes the fence checks. */
  function fakes() {
    const served: Record<string, unknown>[] = [];
    class Server {
      addService(_service: unknown, impl: Record<string, unknown>) {
        served.push(impl);
      }
    }
    const sdkAnalyze = () => undefined;
    const sdkAnalyzeStack = () => undefined;
    const serverModule: Record<string, unknown> = {
      serve(_n: string, _v: string, _l: string, _a: unknown, _i: unknown) {
        new Server().addService({}, { analyze: sdkAnalyze, analyzeStack: sdkAnalyzeStack });
      },
      makeAnalyzeRpcFun: (_n: string, _v: string, _l: string, _p: unknown) => sdkAnalyze,
    };
    return { served, Server, sdkAnalyze, sdkAnalyzeStack, serverModule, grpc: { Server } };
  }

  it("puts the dispatching handler in the server the SDK starts, for Analyze only, and restores grpc-js at once", () => {
    const f = fakes();
    const addService = f.Server.prototype.addService;
    const undo = leanAnalyzerService(f.serverModule, f.grpc, new Map());
    expect(undo).toBeTypeOf("function");
    (f.serverModule.serve as (...a: unknown[]) => void)("p", "1", "advisory", { policies: [] }, {});
    expect(f.served).toHaveLength(1);
    expect(f.served[0]!.analyze).not.toBe(f.sdkAnalyze);
    expect(f.served[0]!.analyzeStack).toBe(f.sdkAnalyzeStack);
    expect(f.Server.prototype.addService).toBe(addService);
    expect(leanAnalyzerService(f.serverModule, f.grpc, new Map())).toBeUndefined();
    undo!();
    (f.serverModule.serve as (...a: unknown[]) => void)("p", "1", "advisory", { policies: [] }, {});
    expect(f.served[1]!.analyze).toBe(f.sdkAnalyze);
  });

  it("changes nothing when the server module or grpc-js does not have the expected shape", () => {
    const f = fakes();
    const serve = f.serverModule.serve;
    expect(leanAnalyzerService(undefined, f.grpc, new Map())).toBeUndefined();
    expect(leanAnalyzerService(f.serverModule, {}, new Map())).toBeUndefined();
    expect(
      leanAnalyzerService({ ...f.serverModule, makeAnalyzeRpcFun: undefined }, f.grpc, new Map()),
    ).toBeUndefined();
    expect(
      leanAnalyzerService({ ...f.serverModule, serve: () => undefined }, f.grpc, new Map()),
    ).toBeUndefined();
    expect(
      leanAnalyzerService(Object.freeze({ ...f.serverModule }), f.grpc, new Map()),
    ).toBeUndefined();
    expect(f.serverModule.serve).toBe(serve);
  });

  it("installs on the installed SDK and its grpc-js, and nowhere when a deep require throws", () => {
    const grpc = createRequire(req.resolve("@pulumi/policy/server"))("@grpc/grpc-js") as unknown;
    const sdkServer = req("@pulumi/policy/server") as Record<string, unknown>;
    const serve = sdkServer.serve;
    const undo = leanAnalyzerService(sdkServer, grpc, new Map());
    expect(undo).toBeTypeOf("function");
    undo!();
    expect(sdkServer.serve).toBe(serve);
    const throwing = (path: string): unknown => {
      throw new Error(`Package subpath '${path}' is not defined by "exports"`);
    };
    expect(installLeanAnalyzer(new Map(), throwing, throwing)).toBe(false);
    expect(sdkServer.serve).toBe(serve);
  });
});

describe("Remediate while no policy can remediate", () => {
  type Handler = ReturnType<typeof server.makeAnalyzeRpcFun>;
  const protoutil = req("@pulumi/policy/protoutil") as unknown;
  const makeRemediate = (
    req("@pulumi/policy/server") as { makeRemediateRpcFun: typeof server.makeAnalyzeRpcFun }
  ).makeRemediateRpcFun;
  const sdkRemediate = () => makeRemediate("outcomeguard", "0.0.0", "advisory", [...ALL_POLICIES]);
  const configureRequest = (levels: Record<string, number>) => {
    const rq = new pb.ConfigureAnalyzerRequest!();
    const map = rq.getPolicyconfigMap!() as { set(k: string, v: unknown): void };
    for (const [name, level] of Object.entries(levels)) {
      const c = new pb.PolicyConfig!();
      c.setEnforcementlevel!(level);
      c.setProperties!(Struct.fromJavaScript({}));
      map.set(name, c);
    }
    return rq;
  };
  const lean = (remediate: unknown, configure: unknown = () => undefined) =>
    withoutIdleRemediation({ remediate, configure }, protoutil, [...ALL_POLICIES], "advisory");

  it("answers as the SDK's handler does, without reading a resource, on the bench workload", async () => {
    const { remediate } = lean(sdkRemediate());
    expect(remediate).toBeTypeOf("function");
    const read: unknown[] = [];
    for (const { res, provider } of workload(200)) {
      const rq = request(res, provider);
      const sdk = await rpc(sdkRemediate(), rq);
      const getProperties = rq.getProperties!.bind(rq);
      rq.getProperties = () => (read.push(res.urn), getProperties());
      expect(await rpc(remediate as unknown as Handler, rq)).toEqual(sdk);
    }
    expect(read).toEqual([]);
  });

  it("hands Remediate back to the SDK once a Configure sets a policy to remediate, and takes it again after", async () => {
    const calls: string[] = [];
    const { remediate, configure } = lean(
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

  it("leaves Remediate to the SDK where a policy could remediate, or the SDK's helpers are missing", () => {
    const handlers = { remediate: () => undefined, configure: () => undefined };
    const fixer = { ...ALL_POLICIES[0]!, remediateResource: () => undefined };
    expect(withoutIdleRemediation(handlers, protoutil, [fixer], "advisory")).toEqual({});
    expect(withoutIdleRemediation(handlers, protoutil, [...ALL_POLICIES], "remediate")).toEqual({});
    expect(withoutIdleRemediation(handlers, {}, [...ALL_POLICIES], "advisory")).toEqual({});
    expect(withoutIdleRemediation({}, protoutil, [...ALL_POLICIES], "advisory")).toEqual({});
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
