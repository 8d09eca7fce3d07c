/**
 * A deployed stack's resources from its state, as the engine holds them: a `pulumi stack export`
 * file (deployment format 3) or a DIY backend's checkpoint. Inputs and outputs as the engine would
 * send them to a policy pack: secrets the file reveals (`--show-secrets`) in plain, encrypted ones
 * as values not known (the pack leaves what needs them undecided).
 */
import { z } from "zod";
import { formatPath, zodProblems } from "../../domain/zod-problems";
import { SECRET_SIG, SECRET_SIG_KEY, UNKNOWN_SENTINELS } from "../analyzer/protocol";
import type { ResourceRecord } from "../program/run";

const ResourceSchema = z.looseObject({
  urn: z.string().regex(/^urn:pulumi:[^:]*::[^:]*::.+::.+$/, {
    error: "must be a Pulumi URN: urn:pulumi:<stack>::<project>::<type>::<name>",
  }),
  type: z.string().min(1),
  custom: z.boolean().optional(),
  id: z.string().optional(),
  parent: z.string().optional(),
  provider: z.string().optional(),
  delete: z.boolean().optional(),
  protect: z.boolean().optional(),
  inputs: z.record(z.string(), z.unknown()).optional(),
  outputs: z.record(z.string(), z.unknown()).optional(),
  dependencies: z.array(z.string()).optional(),
});

const DeploymentSchema = z.looseObject({
  resources: z.array(ResourceSchema).nullish(),
});

const StateSchema = z.union([
  z.looseObject({ version: z.literal(3), deployment: DeploymentSchema }),
  z.looseObject({
    version: z.literal(3),
    checkpoint: z.looseObject({ stack: z.string().optional(), latest: DeploymentSchema.nullish() }),
  }),
]);

/** A state file that cannot be read, naming every problem by path. */
export class StateFileError extends Error {
  override readonly name = "StateFileError";
}

/** Encrypted secrets as unknown; revealed ones in plain (what the engine gives a pack). */
function engineValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(engineValue);
  if (value === null || typeof value !== "object") return value;
  const obj = value as Record<string, unknown>;
  if (obj[SECRET_SIG_KEY] === SECRET_SIG) {
    if (typeof obj.plaintext === "string") {
      try {
        return engineValue(JSON.parse(obj.plaintext));
      } catch {
        return UNKNOWN_SENTINELS.string;
      }
    }
    return "value" in obj ? engineValue(obj.value) : UNKNOWN_SENTINELS.string;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) out[k] = engineValue(v);
  return out;
}

export interface DeployedStack {
  readonly stack: string;
  readonly project: string;
  readonly resources: ResourceRecord[];
}

/** The stack and its resources from a state file's text; throws {@link StateFileError}. */
export function readDeployedStack(text: string, file: string): DeployedStack {
  let raw: unknown;
  try {
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new StateFileError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const parsed = StateSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = zodProblems(StateSchema, parsed.error, raw).map(
      (p) => `${formatPath(p.path) || "(file)"}: ${p.message}`,
    );
    throw new StateFileError(
      `${file}: not a Pulumi stack export or DIY backend checkpoint (deployment format 3):\n  - ${problems.join("\n  - ")}`,
    );
  }
  const data = parsed.data as {
    deployment?: z.infer<typeof DeploymentSchema>;
    checkpoint?: { latest?: z.infer<typeof DeploymentSchema> | null };
  };
  const deployment = data.deployment ?? data.checkpoint?.latest ?? {};
  const resources: ResourceRecord[] = [];
  for (const r of deployment.resources ?? []) {
    if (r.delete) continue;
    resources.push({
      urn: r.urn,
      type: r.type,
      name: r.urn.split("::").slice(3).join("::"),
      ...(r.parent ? { parent: r.parent } : {}),
      custom: r.custom ?? false,
      ...(r.id ? { id: r.id } : {}),
      props: engineValue(r.inputs ?? {}) as Record<string, unknown>,
      outputs: engineValue(r.outputs ?? r.inputs ?? {}) as Record<string, unknown>,
      ...(r.provider ? { provider: r.provider } : {}),
      dependencies: r.dependencies ?? [],
      protect: r.protect ?? false,
    });
  }
  const first = /^urn:pulumi:([^:]*)::([^:]*)::/.exec(resources[0]?.urn ?? "");
  return { stack: first?.[1] ?? "", project: first?.[2] ?? "", resources };
}
