/**
 * A client for a CrossGuard policy pack that launches and drives it exactly as the Pulumi engine
 * does, without the Pulumi CLI: the offline preview, the pack's end-to-end tests and the
 * benchmarks use it.
 *
 * Launch. The engine starts `pulumi-analyzer-policy <engineAddr> .` with cwd = the pack directory,
 * which runs `node <@pulumi/pulumi/cmd/run-policy-pack> <engineAddr> .` resolved from the pack; so
 * does {@link launchPolicyPack}. run-policy-pack drops `<engineAddr>` (`argv._.shift()`) and loads
 * the pack's `main`; the Node SDK only dials an engine when PULUMI_NODEJS_ENGINE is set, which the
 * engine does not set for analyzers (the engine's `constructEnv` sets PULUMI_CONFIG and
 * PULUMI[_NODEJS]_{PROJECT,STACK,ORGANIZATION,DRY_RUN}). So no Engine service is needed: the
 * address is passed for fidelity only, and PULUMI_NODEJS_ENGINE is removed from the child's
 * environment. The pack prints its gRPC port as the first line of stdout.
 *
 * Protocol. `pulumirpc.Analyzer` through the generated clients in `@pulumi/pulumi/proto`, in the
 * engine's order: ConfigureStack, GetAnalyzerInfo, Configure, Analyze per resource, AnalyzeStack.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import type * as analyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import type * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import type * as emptyPb from "google-protobuf/google/protobuf/empty_pb";
import type * as structPb from "google-protobuf/google/protobuf/struct_pb";
import type { EnforcementLevel } from "../../domain/enforcement";
import {
  encodeProperties,
  reconcilePolicyPackConfig,
  type PolicyConfigSchemaInfo,
  type PolicyPackConfigFile,
  type ReconciledPolicyConfig,
} from "./protocol";

/** A resource as the engine sends it to Analyze (inputs) or AnalyzeStack (outputs). */
export interface AnalyzerResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** Plain values; `UNKNOWN`/`unknownOf()` for values not known at preview, `secret()` for secrets. */
  readonly properties: Readonly<Record<string, unknown>>;
  /** URN of the parent resource. */
  readonly parent?: string;
  readonly provider?: {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly properties?: Readonly<Record<string, unknown>>;
  };
  readonly options?: {
    readonly protect?: boolean;
    readonly ignoreChanges?: readonly string[];
    readonly aliases?: readonly string[];
    readonly additionalSecretOutputs?: readonly string[];
    readonly deleteBeforeReplace?: boolean;
  };
  /** AnalyzeStack only: URNs this resource depends on. */
  readonly dependencies?: readonly string[];
}

export interface AnalyzerDiagnostic {
  readonly policyName: string;
  readonly policyPackName: string;
  readonly policyPackVersion: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly message: string;
  /** The resource the diagnostic is about; for Analyze, the analyzed resource when the pack names none. */
  readonly urn?: string;
  readonly description: string;
}

export interface AnalyzerPolicyInfo {
  readonly name: string;
  readonly displayName: string;
  readonly description: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly policyType: "resource" | "stack" | "unknown";
  readonly configSchema?: PolicyConfigSchemaInfo;
  readonly remediationSteps: string;
}

export interface AnalyzerInfo {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  readonly supportsConfig: boolean;
  readonly policies: readonly AnalyzerPolicyInfo[];
}

export interface StackConfiguration {
  readonly stack: string;
  readonly project: string;
  readonly organization?: string;
  readonly dryRun?: boolean;
  /** Stack config, `<namespace>:<key>` to value, as the engine passes it. */
  readonly config?: Readonly<Record<string, string>>;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface LaunchOptions {
  /** Passed as run-policy-pack's first argument; unused by it (see the module comment). */
  readonly engineAddress?: string;
  /** Extra environment for the pack process. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The stack the engine would pass through the environment (PULUMI_NODEJS_STACK, ...). */
  readonly stack?: StackConfiguration;
  /** How long to wait for the port (default 60 s). */
  readonly startTimeoutMs?: number;
  /** Node executable (default: this process's). */
  readonly node?: string;
}

export interface PolicyPackSession {
  readonly port: number;
  readonly pid: number;
  /** Milliseconds from spawn to the port line. */
  readonly startupMs: number;
  configureStack(config: StackConfiguration): Promise<void>;
  getAnalyzerInfo(): Promise<AnalyzerInfo>;
  /** Configure as the engine does from a `--policy-pack-config` file (see reconcilePolicyPackConfig). */
  configure(config: PolicyPackConfigFile): Promise<Record<string, ReconciledPolicyConfig>>;
  analyze(resource: AnalyzerResource): Promise<AnalyzerDiagnostic[]>;
  analyzeStack(resources: readonly AnalyzerResource[]): Promise<AnalyzerDiagnostic[]>;
  /** What the pack wrote to stderr (and stdout after the port), for error messages. */
  output(): string;
  close(): Promise<void>;
}

// The generated code and google-protobuf are loaded from @pulumi/pulumi's own dependencies, so the
// message classes are the ones its serializers expect.
const pulumiRequire = createRequire(require.resolve("@pulumi/pulumi/proto/analyzer_pb"));
let loaded:
  | {
      grpcPb: typeof analyzerGrpc;
      pb: typeof analyzerPb;
      empty: typeof emptyPb;
      struct: typeof structPb;
    }
  | undefined;
function proto() {
  loaded ??= {
    grpcPb: pulumiRequire("./analyzer_grpc_pb") as typeof analyzerGrpc,
    pb: pulumiRequire("./analyzer_pb") as typeof analyzerPb,
    empty: pulumiRequire("google-protobuf/google/protobuf/empty_pb") as typeof emptyPb,
    struct: pulumiRequire("google-protobuf/google/protobuf/struct_pb") as typeof structPb,
  };
  return loaded;
}

const LEVEL_NAMES: Readonly<Record<number, EnforcementLevel>> = {
  0: "advisory",
  1: "mandatory",
  2: "disabled",
  3: "remediate",
};
const LEVEL_VALUES: Readonly<Record<EnforcementLevel, number>> = {
  advisory: 0,
  mandatory: 1,
  disabled: 2,
  remediate: 3,
};

const MAX_MESSAGE = 400 * 1024 * 1024;
const MAX_OUTPUT = 64 * 1024;

/** Where the engine's shim finds run-policy-pack: from the pack directory. */
export function resolveRunPolicyPack(packDir: string): string {
  try {
    return require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
  } catch {
    throw new Error(
      `it looks like the policy pack's dependencies are not installed: @pulumi/pulumi does not resolve from ${packDir}; run npm install there`,
    );
  }
}

/** Leaves room under the kernel's 128 KiB limit for the variable's name. */
const MAX_ENV_CONFIG_CHARS = 120 * 1024;

function stackEnv(stack: StackConfiguration | undefined): Record<string, string> {
  if (!stack) return {};
  const env: Record<string, string> = {};
  const set = (k: string, v: string | undefined) => {
    if (v) env[k] = v;
  };
  // Linux caps one environment string at 128 KiB (MAX_ARG_STRLEN); a larger stack config would
  // make the spawn fail with E2BIG. Our pack reads no stack config from the environment, so a
  // config that large is left out rather than failing the launch.
  const config = stack.config ? JSON.stringify(stack.config) : undefined;
  set(
    "PULUMI_CONFIG",
    config !== undefined && config.length < MAX_ENV_CONFIG_CHARS ? config : undefined,
  );
  for (const prefix of ["PULUMI_NODEJS_", "PULUMI_"]) {
    set(`${prefix}ORGANIZATION`, stack.organization);
    set(`${prefix}PROJECT`, stack.project);
    set(`${prefix}STACK`, stack.stack);
    set(`${prefix}DRY_RUN`, String(stack.dryRun ?? true));
  }
  return env;
}

function toStruct(value: Readonly<Record<string, unknown>>): structPb.Struct {
  return proto().struct.Struct.fromJavaScript(
    encodeProperties(value) as Record<string, structPb.JavaScriptValue>,
  );
}

function resourceOptions(r: AnalyzerResource): analyzerPb.AnalyzerResourceOptions {
  const o = new (proto().pb.AnalyzerResourceOptions)();
  if (r.parent) o.setParent(r.parent);
  const opts = r.options ?? {};
  o.setProtect(opts.protect ?? false);
  o.setIgnorechangesList([...(opts.ignoreChanges ?? [])]);
  o.setAliasesList([...(opts.aliases ?? [])]);
  o.setAdditionalsecretoutputsList([...(opts.additionalSecretOutputs ?? [])]);
  if (opts.deleteBeforeReplace !== undefined) {
    o.setDeletebeforereplacedefined(true);
    o.setDeletebeforereplace(opts.deleteBeforeReplace);
  }
  return o;
}

function providerResource(r: AnalyzerResource): analyzerPb.AnalyzerProviderResource | undefined {
  if (!r.provider) return undefined;
  const p = new (proto().pb.AnalyzerProviderResource)();
  p.setUrn(r.provider.urn);
  p.setType(r.provider.type);
  p.setName(r.provider.name);
  p.setProperties(toStruct(r.provider.properties ?? {}));
  return p;
}

/** The fields an `AnalyzeRequest` and a stack's `AnalyzerResource` share. */
interface ResourceMessage {
  setUrn(urn: string): unknown;
  setType(type: string): unknown;
  setName(name: string): unknown;
  setProperties(properties: structPb.Struct): unknown;
  setOptions(options: analyzerPb.AnalyzerResourceOptions): unknown;
  setProvider(provider: analyzerPb.AnalyzerProviderResource): unknown;
}

/** Writes what the pack is told about one resource, the same for Analyze and AnalyzeStack. */
function describeResource<M extends ResourceMessage>(message: M, r: AnalyzerResource): M {
  message.setUrn(r.urn);
  message.setType(r.type);
  message.setName(r.name);
  message.setProperties(toStruct(r.properties));
  message.setOptions(resourceOptions(r));
  const provider = providerResource(r);
  if (provider) message.setProvider(provider);
  return message;
}

function diagnostics(
  list: readonly analyzerPb.AnalyzeDiagnostic[],
  fallbackUrn?: string,
): AnalyzerDiagnostic[] {
  return list.map((d) => {
    const urn = d.getUrn() || fallbackUrn;
    return {
      policyName: d.getPolicyname(),
      policyPackName: d.getPolicypackname(),
      policyPackVersion: d.getPolicypackversion(),
      enforcementLevel: LEVEL_NAMES[d.getEnforcementlevel()] ?? "advisory",
      message: d.getMessage(),
      ...(urn ? { urn } : {}),
      description: d.getDescription(),
    };
  });
}

function policyInfo(p: analyzerPb.PolicyInfo): AnalyzerPolicyInfo {
  const schema = p.getConfigschema();
  const type = p.getPolicyType();
  return {
    name: p.getName(),
    displayName: p.getDisplayname(),
    description: p.getDescription(),
    enforcementLevel: LEVEL_NAMES[p.getEnforcementlevel()] ?? "advisory",
    policyType: type === 1 ? "resource" : type === 2 ? "stack" : "unknown",
    ...(schema
      ? {
          configSchema: {
            properties: (schema.getProperties()?.toJavaScript() ?? {}) as Record<
              string,
              Record<string, unknown>
            >,
            required: schema.getRequiredList(),
          },
        }
      : {}),
    remediationSteps: p.getRemediationSteps(),
  };
}

/**
 * Start the policy pack in `packDir` as the engine does and connect to it. Rejects with the pack's
 * output if it exits or prints no port in time.
 */
export async function launchPolicyPack(
  packDir: string,
  opts: LaunchOptions = {},
): Promise<PolicyPackSession> {
  const dir = path.resolve(packDir);
  const runPolicyPack = resolveRunPolicyPack(dir);
  const env: Record<string, string | undefined> = {
    ...process.env,
    ...stackEnv(opts.stack),
    ...opts.env,
  };
  delete env.PULUMI_NODEJS_ENGINE;
  delete env.PULUMI_NODEJS_MONITOR;
  const started = process.hrtime.bigint();
  const child: ChildProcess = spawn(
    opts.node ?? process.execPath,
    [runPolicyPack, opts.engineAddress ?? "127.0.0.1:0", "."],
    { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  const record = (chunk: Buffer | string) => {
    output += chunk.toString();
    if (output.length > MAX_OUTPUT) output = output.slice(-MAX_OUTPUT);
  };
  child.stderr?.on("data", record);

  const port = await new Promise<number>((resolve, reject) => {
    let stdout = "";
    const timer = setTimeout(() => {
      fail(
        new Error(
          `policy pack in ${dir} printed no port within ${opts.startTimeoutMs ?? 60_000} ms`,
        ),
      );
    }, opts.startTimeoutMs ?? 60_000);
    const onData = (chunk: Buffer) => {
      stdout += chunk.toString();
      const nl = stdout.indexOf("\n");
      if (nl < 0) return;
      const line = stdout.slice(0, nl).trim();
      child.stdout?.off("data", onData);
      child.stdout?.on("data", record);
      record(stdout.slice(nl + 1));
      const n = Number(line);
      if (!/^\d+$/.test(line) || n <= 0 || n > 65535) {
        fail(new Error(`policy pack in ${dir} printed "${line}" instead of a port`));
        return;
      }
      clearTimeout(timer);
      child.off("exit", onExit);
      resolve(n);
    };
    const onExit = (code: number | null, signal: string | null) =>
      fail(
        new Error(
          `policy pack in ${dir} exited (${signal ?? `code ${code}`}) before printing its port`,
        ),
      );
    function fail(e: Error) {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
      child.kill("SIGKILL");
      reject(new Error(`${e.message}\n${output}${stdout}`.trimEnd()));
    }
    child.stdout?.on("data", onData);
    child.once("exit", onExit);
    child.once("error", (e) => fail(e));
  });
  const startupMs = Number(process.hrtime.bigint() - started) / 1e6;

  const { grpcPb, pb, empty } = proto();
  const client = new grpcPb.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
    "grpc.max_receive_message_length": MAX_MESSAGE,
    "grpc.max_send_message_length": MAX_MESSAGE,
  });
  let exited = false;
  child.once("exit", () => {
    exited = true;
  });

  const call = <Req, Res>(
    method: string,
    fn: (req: Req, cb: (err: grpc.ServiceError | null, res: Res) => void) => unknown,
    req: Req,
  ): Promise<Res> =>
    new Promise((resolve, reject) => {
      fn.call(client, req, (err, res) => {
        if (err) {
          const tail = output.trim() ? `\npolicy pack output:\n${output.trim()}` : "";
          reject(
            new Error(
              `${method} failed: ${err.details || err.message}${exited ? " (the pack exited)" : ""}${tail}`,
            ),
          );
        } else resolve(res);
      });
    });

  let info: AnalyzerInfo | undefined;
  const session: PolicyPackSession = {
    port,
    pid: child.pid ?? -1,
    startupMs,
    output: () => output,

    async configureStack(config) {
      const req = new pb.AnalyzerStackConfigureRequest();
      req.setStack(config.stack);
      req.setProject(config.project);
      req.setOrganization(config.organization ?? "");
      req.setDryRun(config.dryRun ?? true);
      for (const [k, v] of Object.entries(config.config ?? {})) req.getConfigMap().set(k, v);
      for (const [k, v] of Object.entries(config.tags ?? {})) req.getTagsMap().set(k, v);
      await call("ConfigureStack", client.configureStack, req);
    },

    async getAnalyzerInfo() {
      const res = await call<emptyPb.Empty, analyzerPb.AnalyzerInfo>(
        "GetAnalyzerInfo",
        client.getAnalyzerInfo,
        new empty.Empty(),
      );
      info = {
        name: res.getName(),
        version: res.getVersion(),
        description: res.getDescription(),
        supportsConfig: res.getSupportsconfig(),
        policies: res.getPoliciesList().map(policyInfo),
      };
      return info;
    },

    async configure(file) {
      const policies = (info ?? (await session.getAnalyzerInfo())).policies;
      const reconciled = reconcilePolicyPackConfig(policies, file);
      const req = new pb.ConfigureAnalyzerRequest();
      const map = req.getPolicyconfigMap();
      for (const [name, c] of Object.entries(reconciled)) {
        const pc = new pb.PolicyConfig();
        pc.setEnforcementlevel(LEVEL_VALUES[c.enforcementLevel] as analyzerPb.EnforcementLevel);
        pc.setProperties(toStruct(c.properties));
        map.set(name, pc);
      }
      await call("Configure", client.configure, req);
      return reconciled;
    },

    async analyze(r) {
      const req = describeResource(new pb.AnalyzeRequest(), r);
      const res = await call<analyzerPb.AnalyzeRequest, analyzerPb.AnalyzeResponse>(
        "Analyze",
        client.analyze,
        req,
      );
      return diagnostics(res.getDiagnosticsList(), r.urn);
    },

    async analyzeStack(resources) {
      const req = new pb.AnalyzeStackRequest();
      req.setResourcesList(
        resources.map((r) => {
          const ar = describeResource(new pb.AnalyzerResource(), r);
          if (r.parent) ar.setParent(r.parent);
          ar.setDependenciesList([...(r.dependencies ?? [])]);
          return ar;
        }),
      );
      const res = await call<analyzerPb.AnalyzeStackRequest, analyzerPb.AnalyzeResponse>(
        "AnalyzeStack",
        client.analyzeStack,
        req,
      );
      return diagnostics(res.getDiagnosticsList());
    },

    async close() {
      client.close();
      if (exited) return;
      await new Promise<void>((resolve) => {
        const kill = setTimeout(() => child.kill("SIGKILL"), 5_000);
        child.once("exit", () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill("SIGTERM");
      });
    },
  };
  return session;
}
