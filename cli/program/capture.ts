/**
 * Worker side of the offline run: load a Pulumi program under mocks, inside a root `Stack` resource
 * as the Pulumi language host does, and capture every resource registration the way the engine
 * receives it: the URN it would give (root stack type left out of children's types, parent types
 * chained), parent, provider reference (default providers as the engine would create them),
 * dependencies and inputs with secrets unwrapped. Pulumi's runtime state is process-global, so
 * this module runs in a process of its own (see worker.cjs); one program per process.
 *
 * The program runs on its own project's `@pulumi/pulumi` (the mocks are set on that copy, the one
 * the program imports), and a TypeScript program is compiled the way the Pulumi CLI compiles it:
 * with the ts-node and TypeScript that project's `@pulumi/pulumi` picks (the project's own, else
 * the ones it vendors), transpiling only.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import type * as PulumiSdk from "@pulumi/pulumi";
import { ENGINE_UNKNOWN_SENTINELS } from "../../domain/unknown";
import { cloudSettingsFromConfig } from "./fake-cloud";
import { fakeCloudMocks, type UnansweredInvoke } from "./mocks";

/** What the engine knows of one registered resource. */
export interface CapturedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent?: string;
  readonly custom: boolean;
  readonly id?: string;
  /** Inputs as the engine would send them to Analyze (secrets unwrapped). */
  readonly props: Record<string, unknown>;
  /** Outputs after the mocks resolved them (what AnalyzeStack sees). */
  readonly outputs: Record<string, unknown>;
  /** Provider reference `<provider urn>::<provider id>`, for custom resources. */
  readonly provider?: string;
  readonly dependencies: readonly string[];
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
  readonly protect: boolean;
  readonly ignoreChanges: readonly string[];
  readonly deleteBeforeReplace: boolean;
  readonly additionalSecretOutputs: readonly string[];
}

export interface WorkerRequest {
  readonly program: string;
  readonly project: string;
  /** The project's directory (where its `node_modules` are found). */
  readonly projectDir: string;
  readonly stack: string;
  readonly config: Readonly<Record<string, string>>;
  readonly secretKeys: readonly string[];
  /** Compile TypeScript as the Pulumi CLI does (Pulumi.yaml `runtime.options.typescript`, default on). */
  readonly typescript: boolean;
}

export interface CaptureResult {
  readonly resources: CapturedResource[];
  /** Invokes the fake cloud could not answer (the program got their arguments back). */
  readonly unanswered: UnansweredInvoke[];
}

export type WorkerReply =
  | ({ readonly ok: true } & CaptureResult)
  | {
      readonly ok: false;
      readonly error: { readonly name: string; readonly message: string; readonly stack?: string };
    };

/** Key of the signature property of special values (secrets, resource references, outputs). */
const SPECIAL_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
const UNKNOWN = ENGINE_UNKNOWN_SENTINELS.string;

/**
 * A serialized property value as the engine passes it to an analyzer: secrets unwrapped, resource
 * references as their id (or URN for components), output values as their value (unknown when they
 * have none). Unknown sentinels are kept: that is what the engine sends.
 */
function enginePlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(enginePlain);
  if (value === null || typeof value !== "object") return value;
  const obj = value as Record<string, unknown>;
  const sig = obj[SPECIAL_SIG_KEY];
  if (sig === SECRET_SIG) return enginePlain(obj.value);
  if (sig === RESOURCE_SIG) {
    const id = obj.id;
    return typeof id === "string" && id !== "" ? id : obj.urn;
  }
  if (sig === OUTPUT_SIG) return "value" in obj ? enginePlain(obj.value) : UNKNOWN;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) out[k] = enginePlain(v);
  return out;
}

interface StructLike {
  toJavaScript(): Record<string, unknown>;
}
interface RegisterRequestLike {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): StructLike | undefined;
  getProvider(): string;
  getVersion(): string;
  getProtect(): boolean | undefined;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): {
    forEach(cb: (value: { getUrnsList(): string[] }, key: string) => void): void;
  };
  getIgnorechangesList(): string[];
  getDeletebeforereplace(): boolean;
  getAdditionalsecretoutputsList(): string[];
}
interface RegisterResponseLike {
  getUrn(): string;
  getId(): string;
  getObject(): StructLike | undefined;
}
type Callback = (err: unknown, resp?: RegisterResponseLike) => void;
interface MockMonitorLike {
  newUrn(parent: string, type: string, name: string): string;
  registerResource(req: RegisterRequestLike, callback: Callback): void;
}

function asRecord(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : {};
}

/** The engine's URN: parent types chained with `$`, the root stack's type left out. */
function engineUrn(
  stack: string,
  project: string,
  parent: string,
  type: string,
  name: string,
): string {
  let qualified = type;
  if (parent) {
    const parentType = parent.split("::")[2] ?? "";
    if (parentType && parentType !== "pulumi:pulumi:Stack") qualified = `${parentType}$${type}`;
  }
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** The project's own `@pulumi/pulumi`: the copy its program imports, where the mocks must go. */
function projectPulumi(projectRequire: NodeJS.Require): typeof PulumiSdk {
  let resolved: string;
  try {
    resolved = projectRequire.resolve("@pulumi/pulumi");
  } catch {
    throw Object.assign(
      new Error(
        "the project has no @pulumi/pulumi in its node_modules: run `npm install` in the project first",
      ),
      { name: "StackUsageError" },
    );
  }
  return projectRequire(resolved) as typeof PulumiSdk;
}

/**
 * Register ts-node as the Pulumi CLI's Node.js runtime does (`cmd/run`): the TypeScript and
 * ts-node that the project's `@pulumi/pulumi` picks, `nodenext` modules from TypeScript 4.7 on,
 * the project's tsconfig.json when there is one; transpile only (a preview is not a type check).
 */
function registerTypeScript(projectRequire: NodeJS.Require, projectDir: string): void {
  const tsutils = projectRequire("@pulumi/pulumi/tsutils") as {
    typeScriptRequireStrings(): { tsnodeRequire: string; typescriptRequire: string };
  };
  const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
  const ts = projectRequire(typescriptRequire) as { version: string };
  const [major = 0, minor = 0] = ts.version.split(".").map(Number);
  const nodenext = major > 4 || (major === 4 && minor >= 7);
  const tsconfig = path.join(projectDir, "tsconfig.json");
  const tsnode = projectRequire(tsnodeRequire) as { register(options: object): unknown };
  tsnode.register({
    compiler: typescriptRequire,
    transpileOnly: true,
    project: tsconfig,
    skipProject: !existsSync(tsconfig),
    compilerOptions: {
      target: "ES2020",
      module: nodenext ? "nodenext" : "commonjs",
      moduleResolution: nodenext ? "nodenext" : "node",
      sourceMap: "true",
    },
  });
}

/** Run the program at `req.program` under mocks and return what the engine would have received. */
export async function captureProgram(req: WorkerRequest): Promise<CaptureResult> {
  const projectRequire = createRequire(path.join(req.projectDir, "package.json"));
  const pulumi = projectPulumi(projectRequire);
  const packageVersion = (pkg: string): string => {
    try {
      return (projectRequire(`@pulumi/${pkg}/package.json`) as { version: string }).version;
    } catch {
      return "0.0.0";
    }
  };
  const { mocks, unanswered } = fakeCloudMocks(cloudSettingsFromConfig(req.config));
  await pulumi.runtime.setMocks(mocks, req.project, req.stack, false);
  pulumi.runtime.setAllConfig({ ...req.config }, [...req.secretKeys]);
  if (req.typescript) registerTypeScript(projectRequire, req.projectDir);

  const monitor = pulumi.runtime.getMonitor() as unknown as MockMonitorLike;
  const captured: { seq: number; record: CapturedResource }[] = [];
  const defaultProviders = new Map<string, string>();
  let seq = 0;

  monitor.newUrn = (parent, type, name) => engineUrn(req.stack, req.project, parent, type, name);

  const defaultProviderRef = (type: string, version: string): string => {
    const pkg = type.split(":")[0] ?? "";
    const v = version || packageVersion(pkg);
    const key = `${pkg}@${v}`;
    const existing = defaultProviders.get(key);
    if (existing) return existing;
    const providerType = `pulumi:providers:${pkg}`;
    const name = `default_${v.replace(/[.+-]/g, "_")}`;
    const urn = engineUrn(req.stack, req.project, "", providerType, name);
    const id = uuidFrom(urn);
    const props: Record<string, unknown> = { version: v };
    for (const [k, value] of Object.entries(req.config)) {
      if (k.startsWith(`${pkg}:`)) props[k.slice(pkg.length + 1)] = value;
    }
    captured.push({
      seq: seq++,
      record: {
        urn,
        type: providerType,
        name,
        custom: true,
        id,
        props,
        outputs: { ...props },
        dependencies: [],
        propertyDependencies: {},
        protect: false,
        ignoreChanges: [],
        deleteBeforeReplace: false,
        additionalSecretOutputs: [],
      },
    });
    const ref = `${urn}::${id}`;
    defaultProviders.set(key, ref);
    return ref;
  };

  const original = monitor.registerResource.bind(monitor);
  monitor.registerResource = (request, callback) => {
    const type = request.getType();
    const custom = request.getCustom();
    let provider = request.getProvider() || undefined;
    if (custom && !provider && !type.startsWith("pulumi:providers:")) {
      provider = defaultProviderRef(type, request.getVersion());
    }
    const mySeq = seq++;
    const propertyDependencies: Record<string, string[]> = {};
    request.getPropertydependenciesMap().forEach((v, k) => {
      propertyDependencies[k] = v.getUrnsList();
    });
    const props = asRecord(enginePlain(request.getObject()?.toJavaScript() ?? {}));
    original(request, (err, resp) => {
      if (!err && resp) {
        const parent = request.getParent() || undefined;
        const id = resp.getId() || undefined;
        captured.push({
          seq: mySeq,
          record: {
            urn: resp.getUrn(),
            type,
            name: request.getName(),
            ...(parent ? { parent } : {}),
            custom,
            ...(id ? { id } : {}),
            props,
            outputs: asRecord(enginePlain(resp.getObject()?.toJavaScript() ?? {})),
            ...(provider ? { provider } : {}),
            dependencies: request.getDependenciesList(),
            propertyDependencies,
            protect: request.getProtect() ?? false,
            ignoreChanges: request.getIgnorechangesList(),
            deleteBeforeReplace: request.getDeletebeforereplace(),
            additionalSecretOutputs: request.getAdditionalsecretoutputsList(),
          },
        });
      }
      callback(err, resp);
    });
  };

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded: unknown = require(req.program);
  const exported =
    loaded !== null &&
    typeof loaded === "object" &&
    "default" in loaded &&
    Object.keys(loaded).length === 1
      ? (loaded as { default: unknown }).default
      : loaded;
  await pulumi.runtime.runInPulumiStack(async () =>
    typeof exported === "function" ? await (exported as () => unknown)() : exported,
  );
  await waitForRegistrations(pulumi);
  return { resources: captured.sort((a, b) => a.seq - b.seq).map((c) => c.record), unanswered };
}

function uuidFrom(text: string): string {
  const h = createHash("sha256").update(text).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Wait until the runtime has no registration in flight (the SDK's own RPC queue). */
async function waitForRegistrations(pulumi: typeof PulumiSdk): Promise<void> {
  const runtime = pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> };
  if (typeof runtime.waitForRPCs === "function") await runtime.waitForRPCs();
  // Registrations resolve on later turns of the event loop; let them settle.
  await new Promise((resolve) => setImmediate(resolve));
}
