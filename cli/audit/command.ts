/**
 * `outcomeguard audit`: the policy pack over deployed stacks, offline, as `pulumi policy analyze`
 * does (Analyze per resource from its state, AnalyzeStack per stack): `--state FILE` (a `pulumi
 * stack export`, repeatable) or `--backend DIR` (a Pulumi DIY backend: every stack of every
 * project in it). Reports per stack. Exit codes as for preview: 0 no mandatory violation,
 * 1 mandatory violations, 2 usage or input errors (nothing is analyzed then).
 */
import { readFileSync } from "node:fs";
import { commandArgs, type CommandIo } from "../args";
import { gunzipSync } from "node:zlib";
import { readBackend } from "../report/backend";
import { formatPreview } from "../preview/format";
import { loadPolicyPackConfig, type PolicyPackConfig } from "../preview/pack-config";
import { analyzeResources, isBlocked, previewJson, type PreviewResult } from "../preview/run";
import { readDeployedStack, type DeployedStack } from "./state";

const AUDIT_USAGE = `usage: outcomeguard audit (--state FILE... | --backend DIR) [options]

Runs a policy pack over deployed stacks offline, as \`pulumi policy analyze\` does: each
resource of each stack's current state to Analyze, each stack to AnalyzeStack. No cloud
account and no Pulumi CLI: the state comes from files.

options:
      --state FILE                 a \`pulumi stack export\` file (repeatable)
      --backend DIR                a Pulumi DIY backend directory: every stack in it
      --policy-pack DIR            a CrossGuard policy pack (default: OutcomeGuard's)
      --policy-pack-config FILE    policy pack configuration, as for pulumi policy analyze
      --json                       print [{stack, resources, diagnostics}] for machines
  -h, --help                       show this help

With the Pulumi CLI: pulumi policy analyze --policy-pack node_modules/outcomeguard/policies
exit codes: 0 no mandatory violation; 1 mandatory violations; 2 usage or input errors`;

function readStateFile(file: string): DeployedStack {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new Error(`--state ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? e})`, {
      cause: e,
    });
  }
  const text = file.endsWith(".gz") ? gunzipSync(bytes).toString("utf8") : bytes.toString("utf8");
  return readDeployedStack(text, file);
}

export async function auditCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  const values = commandArgs(
    "audit",
    argv,
    { state: { type: "string", multiple: true }, backend: { type: "string" } },
    AUDIT_USAGE,
    io,
  );
  if (typeof values === "number") return values;
  const states = values.state ?? [];
  if ((states.length === 0) === (values.backend === undefined)) {
    io.err(`outcomeguard audit: give --state FILE (repeatable) or --backend DIR\n\n${AUDIT_USAGE}`);
    return 2;
  }

  // Every input is read and checked before any stack is analyzed.
  let stacks: { label: string; stack: DeployedStack }[];
  let packConfig: PolicyPackConfig | undefined;
  try {
    if (values["policy-pack-config"]) {
      packConfig = loadPolicyPackConfig(values["policy-pack-config"]);
    }
    stacks = values.backend
      ? (await readBackend(values.backend, values.backend)).map((b) => {
          const stack = readDeployedStack(b.text, b.file);
          // The backend names the stack (<project>/<stack>, or <stack> in the older layout).
          const [project, name] = b.name.includes("/")
            ? b.name.split("/")
            : [stack.project, b.name];
          return { label: b.name, stack: { ...stack, project: project!, stack: name! } };
        })
      : states.map((file) => {
          const stack = readStateFile(file);
          return { label: `${stack.project}/${stack.stack}`, stack };
        });
  } catch (e) {
    io.err(`outcomeguard audit: ${(e as Error).message}`);
    return 2;
  }
  if (stacks.length === 0) {
    io.err(`outcomeguard audit: the backend ${values.backend} has no stacks`);
    return 2;
  }

  const results: { label: string; result: PreviewResult }[] = [];
  for (const { label, stack } of stacks) {
    try {
      const result = await analyzeResources({
        stack: stack.stack,
        project: stack.project,
        resources: stack.resources,
        ...(values["policy-pack"] ? { packDir: values["policy-pack"] } : {}),
        ...(packConfig ? { policyPackConfig: packConfig } : {}),
      });
      results.push({ label, result });
    } catch (e) {
      io.err(`outcomeguard audit: stack ${label}: ${(e as Error).message}`);
      return 2;
    }
  }

  if (values.json) {
    io.out(
      JSON.stringify(
        results.map((r) => ({ ...previewJson(r.result), stack: r.label })),
        null,
        2,
      ),
    );
  } else {
    results.forEach(({ result }, i) => {
      if (i > 0) io.out("");
      io.out(formatPreview(result, { color: io.color ?? false, audit: true }));
    });
    io.out("");
    io.out(
      `${results.length} stack${results.length === 1 ? "" : "s"} audited: ` +
        results.map((r) => `${r.label} ${isBlocked(r.result) ? "BLOCKED" : "PASSED"}`).join(", "),
    );
  }
  return results.some((r) => isBlocked(r.result)) ? 1 : 0;
}
