/**
 * Pulumi mocks for the components' tests: every registered resource is captured with its type,
 * name, inputs, URN and parent (type and URN), and answered by the one fake cloud
 * (cli/program/fake-cloud.ts), the same ids, ARNs and invoke answers the offline preview gets.
 * Reusable: `installMocks()` once per test file before any component is constructed, then
 * `captured.reset()` between programs and `await captured.settle()` before reading.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  createResource,
  DEFAULT_CLOUD,
  invoke,
  type CloudSettings,
} from "../../cli/program/fake-cloud";

export interface CapturedResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  /** Inputs as the provider would receive them (Outputs resolved, secrets unwrapped). */
  readonly inputs: Record<string, unknown>;
  /** Paths of inputs that were secrets, e.g. `secretString`. */
  readonly secretInputs: readonly string[];
  /** What the mock returned as the resource's state (inputs plus ids, ARNs...). */
  readonly state: Record<string, unknown>;
  readonly id: string;
  /** True for custom (provider) resources, false for component resources. */
  readonly custom: boolean;
  readonly parentUrn?: string;
  readonly parentType?: string;
}

/** What a component registered as its outputs (`registerOutputs`). */
export interface CapturedOutputs {
  readonly urn: string;
  /** Outputs with secret envelopes unwrapped. */
  readonly outputs: Record<string, unknown>;
  /** Paths of outputs that were secrets. */
  readonly secretPaths: readonly string[];
}

export interface CapturedCall {
  readonly token: string;
  readonly inputs: Record<string, unknown>;
}

export interface MockOptions {
  readonly project?: string;
  readonly stack?: string;
  readonly preview?: boolean;
  readonly accountId?: string;
  readonly region?: string;
  readonly subscriptionId?: string;
}

export interface Captured {
  readonly resources: CapturedResource[];
  readonly calls: CapturedCall[];
  /** Component outputs by URN. */
  readonly outputs: Map<string, CapturedOutputs>;
  /** Forget what was captured (between programs in one file). */
  reset(): void;
  /** Wait until every registration the program started has been answered. */
  settle(): Promise<void>;
  ofType(type: string): CapturedResource[];
  /** The only resource of a type (throws when there are none or several). */
  one(type: string): CapturedResource;
}

/** Pulumi's marker for a secret value in serialized properties. */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A value with secret envelopes replaced by their contents, and the paths that were secret. */
export function unwrapSecrets(value: unknown, path = "", found: string[] = []): unknown {
  if (Array.isArray(value)) return value.map((v, i) => unwrapSecrets(v, `${path}[${i}]`, found));
  if (value !== null && typeof value === "object") {
    const bag = value as Record<string, unknown>;
    if (bag[SIG_KEY] === SECRET_SIG) {
      found.push(path);
      return unwrapSecrets(bag.value, path, found);
    }
    return Object.fromEntries(
      Object.entries(bag).map(([k, v]) => [k, unwrapSecrets(v, path ? `${path}.${k}` : k, found)]),
    );
  }
  return value;
}

interface RegisterRequest {
  getParent(): string;
  getType(): string;
  getName(): string;
}
interface RegisterOutputsRequest {
  getUrn(): string;
  getOutputs(): { toJavaScript(): Record<string, unknown> } | undefined;
}
interface MonitorWithRegister {
  registerResource(req: RegisterRequest, callback: (err: unknown, resp: unknown) => void): void;
  registerResourceOutputs(
    req: RegisterOutputsRequest,
    callback: (err: unknown, resp: unknown) => void,
  ): void;
}

/**
 * Install Pulumi mocks that capture resources. Call before constructing any resource (the mocks
 * are process-global; vitest keeps test files apart).
 */
export function installMocks(options: MockOptions = {}): Captured {
  const cloud: CloudSettings = {
    ...DEFAULT_CLOUD,
    ...(options.accountId ? { awsAccountId: options.accountId } : {}),
    ...(options.region ? { awsRegion: options.region } : {}),
    ...(options.subscriptionId ? { azureSubscriptionId: options.subscriptionId } : {}),
  };
  const project = options.project ?? "outcomeguard";
  const stack = options.stack ?? "test";
  const resources: CapturedResource[] = [];
  const calls: CapturedCall[] = [];
  const parents = new Map<string, string>();
  const outputs = new Map<string, CapturedOutputs>();
  let pending = 0;
  let waiters: (() => void)[] = [];
  const done = () => {
    pending--;
    if (pending === 0) {
      const w = waiters;
      waiters = [];
      for (const f of w) f();
    }
  };

  void pulumi.runtime.setMocks(
    {
      newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
        const secretInputs: string[] = [];
        const inputs = unwrapSecrets(args.inputs ?? {}, "", secretInputs) as Record<
          string,
          unknown
        >;
        const { id, outputs: state } = args.custom
          ? createResource(cloud, args.type, args.name, inputs)
          : { id: "", outputs: {} };
        const parentUrn = parents.get(`${args.type}::${args.name}`) || undefined;
        const qualified = parentUrn ? (parentUrn.split("::")[2] ?? "") : "";
        const parentType = parentUrn ? qualified.split("$").pop() : undefined;
        const urn = `urn:pulumi:${stack}::${project}::${parentType ? `${parentType}$` : ""}${args.type}::${args.name}`;
        resources.push({
          type: args.type,
          name: args.name,
          urn,
          inputs,
          secretInputs,
          state,
          id,
          custom: args.custom ?? true,
          ...(parentUrn ? { parentUrn } : {}),
          ...(parentType ? { parentType } : {}),
        });
        return { id: args.custom ? id : undefined, state };
      },
      call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        const inputs = (args.inputs ?? {}) as Record<string, unknown>;
        calls.push({ token: args.token, inputs });
        return invoke(cloud, args.token, inputs).outputs;
      },
    },
    project,
    stack,
    options.preview ?? false,
  );

  // The mock monitor sees each request's parent URN; newResource does not. Record it first.
  const monitor = pulumi.runtime.getMonitor() as unknown as MonitorWithRegister;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) => {
    parents.set(`${req.getType()}::${req.getName()}`, req.getParent());
    pending++;
    register(req, (err, resp) => {
      try {
        callback(err, resp);
      } finally {
        done();
      }
    });
  };

  const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResourceOutputs = (req, callback) => {
    const secretPaths: string[] = [];
    const raw = req.getOutputs()?.toJavaScript() ?? {};
    const plain = unwrapSecrets(raw, "", secretPaths) as Record<string, unknown>;
    outputs.set(req.getUrn(), { urn: req.getUrn(), outputs: plain, secretPaths });
    pending++;
    registerOutputs(req, (err, resp) => {
      try {
        callback(err, resp);
      } finally {
        done();
      }
    });
  };

  const captured: Captured = {
    resources,
    calls,
    outputs,
    reset() {
      resources.length = 0;
      calls.length = 0;
      outputs.clear();
    },
    async settle() {
      // Registrations wait on inputs, which resolve over several ticks: wait until a macrotask
      // passes with nothing in flight and nothing new registered.
      for (;;) {
        const before = resources.length;
        if (pending > 0) await new Promise<void>((r) => waiters.push(r));
        await new Promise((r) => setTimeout(r, 0));
        await new Promise((r) => setTimeout(r, 0));
        if (pending === 0 && resources.length === before) return;
      }
    },
    ofType(type: string) {
      return resources.filter((r) => r.type === type);
    },
    one(type: string) {
      const found = resources.filter((r) => r.type === type);
      if (found.length !== 1)
        throw new Error(
          `expected one ${type}, found ${found.length}: ${found.map((r) => r.name).join(", ")}`,
        );
      return found[0] as CapturedResource;
    },
  };
  return captured;
}

/** The value of an Output (under mocks, outside preview). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}
