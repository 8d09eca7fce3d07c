/**
 * Test-double resource providers for the engine tests: `aws` and `azure-native`.
 *
 * They speak the real provider gRPC protocol (through `@pulumi/pulumi/provider`), so the real Pulumi
 * engine can run programs written against the real `@pulumi/aws` / `@pulumi/azure-native` SDKs
 * without a cloud account:
 *   - check returns the inputs unchanged;
 *   - diff compares the new inputs with the old state (ignoring the outputs this fake computes);
 *   - create returns what the one fake cloud (cli/program/fake-cloud.ts) mints: a plausible id, the
 *     inputs as outputs, and computed outputs (ARNs, names, key material that starts with
 *     `FAKE_KEY_PREFIX`), the same values the offline preview's mocks give;
 *   - read/update/delete work on the state the engine passes in (the fake keeps no state of its own).
 *
 * Everything here is deterministic (ids derive from the URN), so test expectations can be exact.
 */
import type * as provider from "@pulumi/pulumi/provider";
import {
  computedKeys,
  createResource,
  DEFAULT_CLOUD,
  invoke,
  splitTypeToken,
  type CloudSettings,
  type Inputs,
} from "../../../cli/program/fake-cloud";

export { FAKE_KEY_PREFIX } from "../../../cli/program/fake-cloud";

export type PackageName = "aws" | "azure-native";

/** The engine suite's cloud: the fake cloud, with the caller the tests expect. */
const CLOUD: CloudSettings = { ...DEFAULT_CLOUD, callerName: "outcomeguard-test" };

/** `urn:pulumi:stack::project::parent$type::name` -> { type, name }. */
function parseUrn(urn: string): { type: string; name: string } {
  const parts = urn.split("::");
  const name = parts.length >= 4 ? parts.slice(3).join("::") : (parts[parts.length - 1] ?? "");
  const typeChain = (parts[2] ?? "").split("$");
  return { type: typeChain[typeChain.length - 1] ?? "", name };
}

/** A resource as the fake cloud creates it, seeded by its URN (so ids are stable per stack). */
function created(urn: string, inputs: Inputs): { id: string; outs: Record<string, unknown> } {
  const { type, name } = parseUrn(urn);
  const { id, outputs } = createResource(CLOUD, type, name, inputs, urn);
  // Like the real resource, an API Management subscription answers with its keys only when
  // asked: here they are returned too, so a test can check that the components keep them secret.
  const keys =
    type === "azure-native:apimanagement:Subscription"
      ? invoke(CLOUD, "azure-native:apimanagement:listSubscriptionSecrets", {
          sid: outputs.name,
        }).outputs
      : {};
  return { id, outs: { ...outputs, ...keys } };
}

/** Outputs the fake cloud computes for the resource (a diff compares inputs only). */
function computed(urn: string): Set<string> {
  const { type, name } = parseUrn(urn);
  return new Set([...computedKeys(CLOUD, type, name), "primaryKey", "secondaryKey"]);
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
      return sorted;
    }
    return v;
  });
}

/**
 * Names of the properties that differ between the old state and what the new inputs would
 * create: a resource is unchanged when the fake cloud would answer the new inputs with the
 * state it already has (computed outputs included, such as an account's endpoint).
 */
function changedKeys(urn: string, olds: Inputs, news: Inputs): string[] {
  const expected = created(urn, news).outs;
  const keys = new Set<string>([...Object.keys(expected), ...Object.keys(olds)]);
  const changed: string[] = [];
  for (const k of [...keys].sort()) {
    if (stableJson(olds[k]) !== stableJson(expected[k])) changed.push(k);
  }
  return changed;
}

/** Properties whose change forces a replacement (the resource's identity). */
function replaceKeys(pkg: PackageName, type: string): Set<string> {
  if (pkg === "aws") return new Set(["name", "region"]);
  const { resource } = splitTypeToken(type);
  return new Set([
    "resourceGroupName",
    `${lowerFirst(resource)}Name`,
    "location",
    "scope",
    ...(resource === "Deployment" ? ["accountName"] : []),
  ]);
}

function asInputs(value: unknown): Inputs {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Inputs) : {};
}

export function minimalSchema(pkg: PackageName, version: string): string {
  return JSON.stringify({
    name: pkg,
    version,
    description: `OutcomeGuard test double for the ${pkg} provider`,
    resources: {},
    functions: {},
  });
}

/** Builds the provider object for `provider.main`. */
export function makeProvider(pkg: PackageName, version: string): provider.Provider {
  return {
    version,
    schema: minimalSchema(pkg, version),

    async check(_urn: string, _olds: unknown, news: unknown): Promise<provider.CheckResult> {
      return { inputs: asInputs(news) };
    },

    async diff(
      _id: string,
      urn: string,
      olds: unknown,
      news: unknown,
    ): Promise<provider.DiffResult> {
      const changed = changedKeys(urn, asInputs(olds), asInputs(news));
      const forcing = replaceKeys(pkg, parseUrn(urn).type);
      const replaces = changed.filter((k) => forcing.has(k));
      return { changes: changed.length > 0, replaces };
    },

    async create(urn: string, inputs: unknown): Promise<provider.CreateResult> {
      return created(urn, asInputs(inputs));
    },

    async read(id: string, urn: string, props: unknown): Promise<provider.ReadResult> {
      const state = asInputs(props);
      const outputs = computed(urn);
      const inputs: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(state)) {
        if (!outputs.has(k)) inputs[k] = v;
      }
      return { id, props: state, inputs };
    },

    async update(
      _id: string,
      urn: string,
      _olds: unknown,
      news: unknown,
    ): Promise<provider.UpdateResult> {
      return { outs: created(urn, asInputs(news)).outs };
    },

    async delete(): Promise<void> {
      // Nothing to do: the fake keeps no state.
    },

    async invoke(token: string, inputs: unknown): Promise<provider.InvokeResult> {
      const answer = invoke(CLOUD, token, asInputs(inputs));
      if (!answer.answered) {
        return {
          failures: [
            { property: "", reason: `the ${pkg} test double does not implement ${token}` },
          ],
        };
      }
      return { outputs: answer.outputs };
    },
  };
}

/** Version of the real SDK package installed next to this repo (what programs will ask for). */
export function installedSdkVersion(pkg: PackageName, fallback: string): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const manifest: unknown = require(`@pulumi/${pkg}/package.json`);
    const version = asInputs(manifest)["version"];
    return typeof version === "string" ? version : fallback;
  } catch {
    return fallback;
  }
}
