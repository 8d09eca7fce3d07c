/**
 * `outcomeguard preview`: the offline preview from the command line.
 *
 * Exit codes: 0 no mandatory violation; 1 mandatory violations; 2 usage or configuration errors
 * (with a message naming the problem).
 */
import * as path from "node:path";
import { commandArgs, type CommandIo } from "../args";
import { listStacks, loadProject } from "../program/project";
import { formatPreview } from "./format";
import { loadPolicyPackConfig, type PolicyPackConfig } from "./pack-config";
import { isBlocked, previewJson, runOfflinePreview, type PreviewResult } from "./run";

const PREVIEW_USAGE = `usage: outcomeguard preview [--cwd DIR] [--stack NAME]... [options]

Previews the Pulumi project in the current directory (or --cwd DIR) offline, as
\`pulumi preview --policy-pack\` would: runs each stack's program on the project's own
@pulumi/pulumi under mocks of the clouds (no cloud account, no Pulumi CLI), sends every resource
to the policy pack over the Analyzer protocol, and prints the plan and the verdicts.
With no --stack, previews the project's only stack config (Pulumi.<stack>.yaml).

options:
  -C, --cwd DIR                    the Pulumi project's directory (default: .)
  -s, --stack NAME                 a stack with Pulumi.NAME.yaml in the project (repeatable)
      --config-file FILE           use this stack config file instead (one stack)
      --policy-pack DIR            a CrossGuard policy pack (default: OutcomeGuard's)
      --policy-pack-config FILE    policy pack configuration, as for pulumi preview
      --json                       print {stack, resources, diagnostics} for machines
  -h, --help                       show this help

exit codes: 0 no mandatory violation; 1 mandatory violations; 2 usage or config errors`;

type StackRun =
  | { readonly stack: string; readonly ok: true; readonly result: PreviewResult }
  | { readonly stack: string; readonly ok: false; readonly message: string };

export async function previewCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  const values = commandArgs(
    "preview",
    argv,
    {
      cwd: { type: "string", short: "C" },
      stack: { type: "string", short: "s", multiple: true },
      "config-file": { type: "string" },
    },
    PREVIEW_USAGE,
    io,
  );
  if (typeof values === "number") return values;
  const configFile = values["config-file"];
  const projectDir = path.resolve(values.cwd ?? ".");
  let stacks = values.stack ?? [];
  if (stacks.length === 0 && configFile) stacks = [stackNameOf(configFile)];
  if (stacks.length === 0) {
    let known: string[];
    try {
      known = listStacks(loadProject(projectDir));
    } catch (e) {
      io.err(`outcomeguard preview: ${describeError(e)}`);
      return 2;
    }
    if (known.length !== 1) {
      io.err(
        known.length === 0
          ? `outcomeguard preview: the project in ${values.cwd ?? "."} has no stack config (Pulumi.<stack>.yaml); give --stack NAME with --config-file FILE, or create one with pulumi stack init`
          : `outcomeguard preview: the project has ${known.length} stacks (${known.join(", ")}); choose with --stack NAME (repeatable)`,
      );
      return 2;
    }
    stacks = known;
  }
  if (configFile && stacks.length > 1) {
    io.err("outcomeguard preview: --config-file applies to one stack; give one --stack");
    return 2;
  }
  const duplicate = stacks.find((s, i) => stacks.indexOf(s) !== i);
  if (duplicate) {
    io.err(`outcomeguard preview: stack "${duplicate}" is given twice`);
    return 2;
  }

  let packConfig: PolicyPackConfig | undefined;
  try {
    if (values["policy-pack-config"])
      packConfig = loadPolicyPackConfig(values["policy-pack-config"]);
  } catch (e) {
    io.err(`outcomeguard preview: ${(e as Error).message}`);
    return 2;
  }

  // Stacks run in parallel: each is a program process and a pack process.
  const runs: StackRun[] = await Promise.all(
    stacks.map(async (stack): Promise<StackRun> => {
      try {
        const result = await runOfflinePreview({
          stack,
          projectDir,
          ...(packConfig ? { policyPackConfig: packConfig } : {}),
          ...(values["policy-pack"] ? { packDir: values["policy-pack"] } : {}),
          ...(configFile ? { configFile } : {}),
        });
        return { stack, ok: true, result };
      } catch (e) {
        return { stack, ok: false, message: describeError(e) };
      }
    }),
  );

  const failed = runs.filter((o): o is Extract<StackRun, { ok: false }> => !o.ok);
  for (const f of failed) io.err(`outcomeguard preview: stack "${f.stack}": ${f.message}`);
  const results = runs.flatMap((o) => (o.ok ? [o.result] : []));

  if (values.json) {
    // Nothing partial is printed as if complete.
    if (failed.length > 0) return 2;
    const docs = results.map(previewJson);
    io.out(JSON.stringify(docs.length === 1 ? docs[0] : docs, null, 2));
  } else {
    const color = io.color ?? false;
    results.forEach((r, i) => {
      if (i > 0) io.out("");
      io.out(formatPreview(r, { color }));
    });
    if (runs.length > 1) {
      io.out("");
      io.out(
        `${runs.length} stacks: ` +
          runs
            .map((o) =>
              o.ok
                ? `${o.stack} ${isBlocked(o.result) ? "BLOCKED" : "PASSED"}`
                : `${o.stack} ERROR`,
            )
            .join(", "),
      );
    }
  }
  if (failed.length > 0) return 2;
  return results.some(isBlocked) ? 1 : 0;
}

/** `Pulumi.dev.yaml` -> `dev`; any other file name -> its base name. */
function stackNameOf(file: string): string {
  const base = path.basename(file);
  return /^Pulumi\.(.+)\.ya?ml$/.exec(base)?.[1] ?? base.replace(/\.ya?ml$/, "");
}

function describeError(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
