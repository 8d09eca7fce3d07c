/**
 * Pulumi mocks that capture every registered resource with its type, name, inputs, URN and parent
 * (type and URN), and answer with plausible ids and ARNs. Reusable: `installMocks()` once per test
 * file before any component is constructed, then `captured.reset()` between programs and
 * `await captured.settle()` before reading.
 */
import * as pulumi from "@pulumi/pulumi";

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

/** A stable 12-character lowercase hex id for a name (FNV-1a), like the ids AWS generates. */
export function shortId(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    h1 = Math.imul(h1 ^ text.charCodeAt(i), 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ text.charCodeAt(text.length - 1 - i), 0x811c9dc5) >>> 0;
  }
  return (h1.toString(16).padStart(8, "0") + h2.toString(16).padStart(8, "0")).slice(0, 12);
}

/** A plausible id and state for a mocked resource of `type`. */
export function mockState(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  o: Required<Pick<MockOptions, "accountId" | "region" | "subscriptionId">>,
): { id: string; state: Record<string, unknown> } {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "");
  const short = shortId(`${type}::${name}`);
  const acct = o.accountId;
  const region = typeof inputs.region === "string" ? inputs.region : o.region;
  const rg = typeof inputs.resourceGroupName === "string" ? inputs.resourceGroupName : "rg";
  const azureId = (provider: string, kind: string, n: string) =>
    `/subscriptions/${o.subscriptionId}/resourceGroups/${rg}/providers/${provider}/${kind}/${n}`;
  switch (type) {
    case "aws:bedrock/inferenceProfile:InferenceProfile": {
      const profileName = typeof inputs.name === "string" ? inputs.name : name;
      const arn = `arn:aws:bedrock:${region}:${acct}:application-inference-profile/${short}`;
      return {
        id: arn,
        state: { ...inputs, name: profileName, arn, status: "ACTIVE", type: "APPLICATION" },
      };
    }
    case "aws:bedrock/provisionedModelThroughput:ProvisionedModelThroughput": {
      const arn = `arn:aws:bedrock:${region}:${acct}:provisioned-model/${short}`;
      return { id: arn, state: { ...inputs, provisionedModelArn: arn, arn } };
    }
    case "aws:iam/user:User": {
      const n = typeof inputs.name === "string" ? inputs.name : `${name}-1a2b3c`;
      const path = typeof inputs.path === "string" ? inputs.path : "/";
      return {
        id: n,
        state: {
          ...inputs,
          name: n,
          arn: `arn:aws:iam::${acct}:user${path}${n}`,
          uniqueId: "AIDA",
        },
      };
    }
    case "aws:iam/role:Role": {
      const n = typeof inputs.name === "string" ? inputs.name : `${name}-1a2b3c`;
      const path = typeof inputs.path === "string" ? inputs.path : "/";
      return { id: n, state: { ...inputs, name: n, arn: `arn:aws:iam::${acct}:role${path}${n}` } };
    }
    case "aws:iam/policy:Policy": {
      const n = typeof inputs.name === "string" ? inputs.name : `${name}-1a2b3c`;
      const arn = `arn:aws:iam::${acct}:policy/${n}`;
      return { id: arn, state: { ...inputs, name: n, arn } };
    }
    case "aws:iam/serviceSpecificCredential:ServiceSpecificCredential":
      return {
        id: `ACCA${short.toUpperCase()}`,
        state: {
          ...inputs,
          serviceSpecificCredentialId: `ACCA${short.toUpperCase()}`,
          serviceCredentialAlias: `${String(inputs.userName)}-at-${acct}`,
          serviceCredentialSecret: `ABSKmock-bedrock-api-key-${short}`,
          servicePassword: "",
          serviceUserName: "",
          status: "Active",
        },
      };
    case "aws:secretsmanager/secret:Secret": {
      const arn = `arn:aws:secretsmanager:${region}:${acct}:secret:${slug}-AbCdEf`;
      return { id: arn, state: { ...inputs, arn, name: slug } };
    }
    case "aws:secretsmanager/secretVersion:SecretVersion":
      return { id: `${String(inputs.secretId)}|v1`, state: { ...inputs, versionId: "v1" } };
    case "aws:sns/topic:Topic": {
      const n = typeof inputs.name === "string" ? inputs.name : `${name}-1a2b3c`;
      const arn = `arn:aws:sns:${region}:${acct}:${n}`;
      return { id: arn, state: { ...inputs, name: n, arn } };
    }
    case "aws:budgets/budget:Budget": {
      const n = typeof inputs.name === "string" ? inputs.name : `${name}-1a2b3c`;
      return {
        id: `${acct}:${n}`,
        state: { ...inputs, name: n, arn: `arn:aws:budgets::${acct}:budget/${n}`, accountId: acct },
      };
    }
    case "aws:budgets/budgetAction:BudgetAction":
      return {
        id: `${acct}:${String(inputs.budgetName)}:${short}`,
        state: { ...inputs, actionId: short, arn: `arn:aws:budgets::${acct}:budget/x/action/y` },
      };
    case "aws:costexplorer/costAllocationTag:CostAllocationTag":
      return { id: String(inputs.tagKey), state: { ...inputs, type: "UserDefined" } };
    case "azure-native:cognitiveservices:Account": {
      const n = typeof inputs.accountName === "string" ? inputs.accountName : slug;
      return {
        id: azureId("Microsoft.CognitiveServices", "accounts", n),
        state: {
          ...inputs,
          name: n,
          properties: {
            ...(inputs.properties as Record<string, unknown> | undefined),
            endpoint: `https://${n}.openai.azure.com/`,
          },
        },
      };
    }
    case "azure-native:cognitiveservices:Deployment": {
      const n = typeof inputs.deploymentName === "string" ? inputs.deploymentName : slug;
      return {
        id: `${azureId("Microsoft.CognitiveServices", "accounts", String(inputs.accountName))}/deployments/${n}`,
        state: { ...inputs, name: n },
      };
    }
    case "azure-native:monitor:ActionGroup": {
      const n = typeof inputs.actionGroupName === "string" ? inputs.actionGroupName : slug;
      return {
        id: azureId("microsoft.insights", "actionGroups", n),
        state: { ...inputs, name: n },
      };
    }
    case "azure-native:consumption:Budget": {
      const n = typeof inputs.budgetName === "string" ? inputs.budgetName : slug;
      return {
        id: `${String(inputs.scope)}/providers/Microsoft.Consumption/budgets/${n}`,
        state: { ...inputs, name: n },
      };
    }
    case "azure-native:apimanagement:Product": {
      const n = typeof inputs.productId === "string" ? inputs.productId : slug;
      return {
        id: azureId("Microsoft.ApiManagement", `service/${String(inputs.serviceName)}/products`, n),
        state: { ...inputs, name: n },
      };
    }
    case "azure-native:apimanagement:Subscription": {
      const n = typeof inputs.sid === "string" ? inputs.sid : slug;
      return {
        id: azureId(
          "Microsoft.ApiManagement",
          `service/${String(inputs.serviceName)}/subscriptions`,
          n,
        ),
        // Like the real resource, GET does not return the keys.
        state: { ...inputs, name: n, state: "active" },
      };
    }
    default: {
      const id = `${slug}-id`;
      return {
        id,
        state: { ...inputs, name: typeof inputs.name === "string" ? inputs.name : name },
      };
    }
  }
}

/** Answers for invokes the components make. */
function mockCall(token: string, inputs: Record<string, unknown>): Record<string, unknown> {
  switch (token) {
    case "azure-native:apimanagement:listSubscriptionSecrets":
      return {
        primaryKey: `mock-primary-${String(inputs.sid)}`,
        secondaryKey: `mock-secondary-${String(inputs.sid)}`,
      };
    default:
      return inputs;
  }
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
  const o = {
    accountId: options.accountId ?? "123456789012",
    region: options.region ?? "us-east-1",
    subscriptionId: options.subscriptionId ?? "00000000-0000-0000-0000-000000000000",
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
        const { id, state } = args.custom
          ? mockState(args.type, args.name, inputs, o)
          : { id: "", state: {} };
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
        return mockCall(args.token, inputs);
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
