/**
 * Helpers for the example-stack engine tests: a throwaway copy of the OutcomeGuard project per
 * stack (so `pulumi stack init` and the file:// backend write nothing into the repository), the
 * engine's streamed JSON events, and the `outcomeguard` CLI.
 */
import { outcomeguard, type CliRun } from "../support/outcomeguard";
import * as fs from "node:fs";
import * as path from "node:path";
import { expectOk, REPO_ROOT, runPulumi, type PulumiCli, type PulumiResult } from "./harness";

/** What the project copy holds: copied (small, and `stacks/` receives Pulumi.<stack>.yaml). */
const COPIED = ["Pulumi.yaml", "package.json", "tsconfig.json", "stacks", "components", "domain"];
/** Linked: big or built, and only read. `policies/` must be built (policies/dist). */
const LINKED = ["node_modules", "policies"];

export interface StackWorkspace {
  readonly stack: string;
  /** The project copy: run pulumi here. */
  readonly projectDir: string;
  /** The file:// backend (and PULUMI_HOME below it). */
  readonly backendDir: string;
}

/**
 * Copies the project into `<root>/<label>/project`, creates `stack` in a fresh file:// backend at
 * `<root>/<label>/backend`, and puts the stack's config (the repository's
 * `stacks/Pulumi.<stack>.yaml` unless `configFile` names another) in place below the encryption
 * salt `pulumi stack init` wrote.
 */
export async function makeStackWorkspace(
  root: string,
  label: string,
  stack: string,
  cli: PulumiCli,
  configFile = path.join(REPO_ROOT, "stacks", `Pulumi.${stack}.yaml`),
): Promise<StackWorkspace> {
  const base = path.join(root, label);
  const projectDir = path.join(base, "project");
  const backendDir = path.join(base, "backend");
  fs.mkdirSync(projectDir, { recursive: true });
  fs.mkdirSync(backendDir, { recursive: true });
  for (const entry of COPIED) {
    const src = path.join(REPO_ROOT, entry);
    if (!fs.existsSync(src)) continue;
    fs.cpSync(src, path.join(projectDir, entry), {
      recursive: true,
      // No stack configs (Pulumi.<stack>.yaml): the one for `stack` is put in place below.
      filter: (p) => !/^Pulumi\..+\.yaml$/.test(path.basename(p)),
    });
  }
  for (const entry of LINKED) {
    fs.symlinkSync(path.join(REPO_ROOT, entry), path.join(projectDir, entry), "dir");
  }

  const ws: StackWorkspace = { stack, projectDir, backendDir };
  expectOk(await pulumiIn(ws, cli, ["stack", "init", stack, "--non-interactive"]), "stack init");
  const stackConfig = path.join(projectDir, "stacks", `Pulumi.${stack}.yaml`);
  const written = fs.existsSync(stackConfig) ? fs.readFileSync(stackConfig, "utf8") : "";
  const ours = fs.readFileSync(configFile, "utf8");
  // Keep the salt of the passphrase secrets provider (`encryptionsalt:`), then the example config.
  const salt = /^encryptionsalt:.*$/m.exec(written)?.[0];
  fs.writeFileSync(
    stackConfig,
    salt && !/^encryptionsalt:/m.test(ours) ? `${salt}\n${ours}` : ours,
  );
  return ws;
}

/** `pulumi <args>` in a workspace (its backend, the test-double providers on PATH). */
export function pulumiIn(
  ws: StackWorkspace,
  cli: PulumiCli,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<PulumiResult> {
  return runPulumi(args, { cwd: ws.projectDir, backendDir: ws.backendDir, cli, env });
}

// --- the engine's JSON events (`pulumi up --json`, `pulumi preview --json` when streaming) ---

export interface PolicyEvent {
  readonly resourceUrn?: string;
  readonly message: string;
  readonly policyName: string;
  readonly policyPackName: string;
  readonly enforcementLevel: string;
}

export interface DiagnosticEvent {
  readonly urn?: string;
  readonly prefix?: string;
  readonly message: string;
  readonly severity: string;
}

export interface EngineEvent {
  readonly sequence?: number;
  readonly policyEvent?: PolicyEvent;
  readonly diagnosticEvent?: DiagnosticEvent;
  readonly resourcePreEvent?: {
    readonly metadata: { readonly op: string; readonly urn: string; readonly type: string };
  };
  readonly summaryEvent?: {
    readonly resourceChanges?: Readonly<Record<string, number>>;
  };
}

/** One engine event per line; other lines (there should be none) are left out. */
export function parseEngineEvents(stdout: string): EngineEvent[] {
  const events: EngineEvent[] = [];
  for (const line of stdout.split("\n")) {
    const t = line.trim();
    if (!t.startsWith("{")) continue;
    const parsed: unknown = JSON.parse(t);
    if (parsed && typeof parsed === "object") events.push(parsed as EngineEvent);
  }
  return events;
}

/**
 * `pulumi preview --json` in v3.248 prints one summary document whose `diagnostics` carry no policy
 * violations; with PULUMI_ENABLE_STREAMING_JSON_PREVIEW it streams the engine events instead, one
 * JSON object a line, policy violations included (`policyEvent`), as `pulumi up --json` does.
 */
export const STREAMING_JSON_PREVIEW_ENV: NodeJS.ProcessEnv = {
  PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true",
};

// --- verdicts, comparable between the engine and the offline preview ---

export type Level = "advisory" | "mandatory" | "disabled";

export interface Verdict {
  readonly policy: string;
  readonly urn: string;
  readonly level: Level;
  readonly message: string;
}

/** Same normalisation as the offline preview: a remediation that still violates is mandatory. */
export function normaliseLevel(level: string): Level {
  const l = level.toLowerCase();
  if (l === "mandatory" || l === "remediate") return "mandatory";
  if (l === "disabled") return "disabled";
  return "advisory";
}

export function stackUrn(stack: string, project = "outcomeguard"): string {
  return `urn:pulumi:${stack}::${project}::pulumi:pulumi:Stack::${project}-${stack}`;
}

/** The policy violations the engine reported; a stack-level one without a resource gets the stack's URN. */
export function engineVerdicts(events: readonly EngineEvent[], stack: string): Verdict[] {
  return events.flatMap((e) =>
    e.policyEvent
      ? [
          {
            policy: e.policyEvent.policyName,
            urn: e.policyEvent.resourceUrn || stackUrn(stack),
            level: normaliseLevel(e.policyEvent.enforcementLevel),
            message: e.policyEvent.message,
          },
        ]
      : [],
  );
}

/** `level policy name (urn)`, sorted: what the tests compare (the message wording may differ). */
export function verdictKeys(verdicts: readonly Verdict[], level?: Level): string[] {
  return verdicts
    .filter((v) => level === undefined || v.level === level)
    .map((v) => `${v.level} ${v.policy} ${v.urn.slice(v.urn.lastIndexOf("::") + 2)} (${v.urn})`)
    .sort();
}

// --- the outcomeguard CLI ---

export type CommandResult = CliRun;
export { outcomeguard };

/** The `--json` document of `outcomeguard preview` (one stack). */
export interface OfflinePreviewJson {
  readonly stack: string;
  readonly resources: readonly { readonly urn: string; readonly type: string }[];
  readonly diagnostics: readonly {
    readonly policy: string;
    readonly level: string;
    readonly message: string;
    readonly urn: string;
  }[];
}

export function offlineVerdicts(doc: OfflinePreviewJson): Verdict[] {
  return doc.diagnostics.map((d) => ({
    policy: d.policy,
    urn: d.urn,
    level: normaliseLevel(d.level),
    message: d.message,
  }));
}

/** Runs a piece of work at most `limit` at a time (the machine has 2 cores). */
export function limiter(limit: number): <T>(work: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    // A finished piece of work hands its slot straight to the next one waiting.
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
