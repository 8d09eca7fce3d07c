/**
 * Deployed-stack state for audit tests, without a cloud: an example stack's program run offline
 * (the fake cloud's ids and outputs), written as `pulumi stack export` writes it, or as a DIY
 * backend's checkpoint under `.pulumi/stacks/<project>/<stack>.json`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { runStackProgram } from "../../cli/program/run";
import { REPO_ROOT } from "./outcomeguard";

/** The `deployment` of a stack export for one of the example stacks. */
export async function exampleDeployment(stack: string): Promise<Record<string, unknown>> {
  const records = await runStackProgram(stack, { projectDir: REPO_ROOT });
  const resources = records.map((r) => ({
    urn: r.urn,
    custom: r.custom ?? false,
    ...(r.id ? { id: r.id } : {}),
    type: r.type,
    inputs: r.props,
    outputs: r.outputs ?? r.props,
    ...(r.parent ? { parent: r.parent } : {}),
    ...(r.provider ? { provider: r.provider } : {}),
    dependencies: r.dependencies ?? [],
  }));
  return { manifest: { time: "2026-12-01T00:00:00Z", version: "v3.248.0" }, resources };
}

/** `pulumi stack export` of an example stack, written to `file`. */
export async function writeStackExport(stack: string, file: string): Promise<string> {
  writeFileSync(file, JSON.stringify({ version: 3, deployment: await exampleDeployment(stack) }));
  return file;
}

/** A DIY backend directory holding each `[project, stack, example stack]` as a checkpoint. */
export async function writeBackend(
  dir: string,
  stacks: readonly (readonly [project: string, stack: string, example: string])[],
): Promise<string> {
  for (const [project, stack, example] of stacks) {
    const at = path.join(dir, ".pulumi", "stacks", project);
    mkdirSync(at, { recursive: true });
    const checkpoint = { stack, latest: await exampleDeployment(example) };
    writeFileSync(path.join(at, `${stack}.json`), JSON.stringify({ version: 3, checkpoint }));
  }
  return dir;
}
