/**
 * Read a `pulumi stack export` file (deployment format version 3) into report resources. Every
 * problem names the file, line and column, and the field by path.
 */
import { z } from "zod";
import { MAX_LISTED_PROBLEMS, ReportInputError, type InputProblem } from "./errors";
import { findJsonSyntaxProblem, formatJsonPath, locateJsonPath } from "./json-locate";
import { nameFromUrn, normaliseProps, type ReportResource } from "./resource";

const ResourceSchema = z.looseObject({
  urn: z.string().regex(/^urn:pulumi:[^:]*::[^:]*::[^:].*::.+$/, {
    error: "must be a Pulumi URN: urn:pulumi:<stack>::<project>::<type>::<name>",
  }),
  type: z.string().min(1, {
    error: "must be the resource type token, e.g. aws:bedrock/inferenceProfile:InferenceProfile",
  }),
  id: z.string({ error: "must be the cloud's resource id, a string" }).optional(),
  parent: z.string({ error: "must be the URN of the parent resource, a string" }).optional(),
  custom: z.boolean({ error: "must be true or false" }).optional(),
  delete: z.boolean({ error: "must be true or false" }).optional(),
  inputs: z
    .record(z.string(), z.unknown(), { error: "must be an object of input properties" })
    .optional(),
  outputs: z
    .record(z.string(), z.unknown(), { error: "must be an object of output properties" })
    .optional(),
});

const StackExportSchema = z.looseObject({
  version: z.literal(3, {
    error:
      "must be 3: this reads the deployment format of `pulumi stack export` (Pulumi 3.x); re-export the stack",
  }),
  deployment: z.looseObject(
    {
      resources: z.array(ResourceSchema, { error: "must be an array of resources" }).nullish(),
    },
    { error: "must be an object: the deployment `pulumi stack export` writes" },
  ),
});

const PROVIDER_TYPE = /^pulumi:providers:/;

interface CheckpointLike {
  version: unknown;
  checkpoint: { latest?: unknown };
}

function isCheckpoint(raw: unknown): raw is CheckpointLike {
  if (typeof raw !== "object" || raw === null) return false;
  const r = raw as Record<string, unknown>;
  return !("deployment" in r) && typeof r.checkpoint === "object" && r.checkpoint !== null;
}

/** The stack name a state file's URNs carry (`urn:pulumi:<stack>::<project>::...`). */
export function stackNameOf(resources: readonly ReportResource[]): string | undefined {
  const m = /^urn:pulumi:([^:]*)::([^:]*)::/.exec(resources[0]?.urn ?? "");
  return m ? `${m[2]}/${m[1]}` : undefined;
}

/** The report's resources from the text of a stack export; throws {@link ReportInputError}. */
export function readStackExport(text: string, file: string): ReportResource[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    const p = findJsonSyntaxProblem(text);
    throw new ReportInputError(file, [
      p
        ? { line: p.line, column: p.column, message: `not valid JSON: ${p.message}` }
        : { message: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` },
    ]);
  }
  // A DIY backend's stack file is a checkpoint: the deployment is `checkpoint.latest`.
  const checkpoint = isCheckpoint(raw) ? raw : undefined;
  if (checkpoint) {
    raw = {
      version: checkpoint.version,
      deployment: checkpoint.checkpoint.latest ?? { resources: [] },
    };
  }
  const parsed = StackExportSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const problems: InputProblem[] = issues.slice(0, MAX_LISTED_PROBLEMS).map((issue) => {
      const path = issue.path.filter(
        (p): p is string | number => typeof p === "string" || typeof p === "number",
      );
      const located =
        checkpoint && path[0] === "deployment" ? ["checkpoint", "latest", ...path.slice(1)] : path;
      const pos = locateJsonPath(text, located);
      return {
        ...(pos ? { line: pos.line, column: pos.column } : {}),
        where: formatJsonPath(located),
        message: issue.message,
      };
    });
    throw new ReportInputError(file, problems, Math.max(0, issues.length - MAX_LISTED_PROBLEMS));
  }
  const resources: ReportResource[] = [];
  for (const r of parsed.data.deployment.resources ?? []) {
    if (r.delete) continue; // pending deletion: replaced, not part of the stack's future
    if (PROVIDER_TYPE.test(r.type)) continue;
    resources.push({
      urn: r.urn,
      type: r.type,
      name: nameFromUrn(r.urn),
      ...(r.parent ? { parent: r.parent } : {}),
      ...(r.id ? { id: r.id } : {}),
      inputs: normaliseProps(r.inputs ?? {}),
      ...(r.outputs ? { outputs: normaliseProps(r.outputs) } : {}),
    });
  }
  return resources;
}
