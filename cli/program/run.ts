/**
 * Run a stack's Pulumi program offline: no cloud, no Pulumi CLI. The stack config is read as the
 * Pulumi CLI reads it, the program runs under mocks in a fresh process (Pulumi's runtime state is
 * global, so a second program in one process is not safe), and every registered resource comes
 * back as the engine would have received it.
 */
import { fork } from "node:child_process";
import * as path from "node:path";
import { statSync } from "node:fs";
import type { WorkerReply, WorkerRequest } from "./capture";
import type { UnansweredInvoke } from "./mocks";
import {
  loadProject,
  readStackConfigFile,
  stackConfigPath,
  type FlatConfig,
  type Project,
} from "./project";

import { StackUsageError } from "./project";

/**
 * One resource of the plan. `props` are its inputs after the mocks resolved them: what the engine
 * sends the policy pack in Analyze. The optional fields carry the rest of what the engine knows.
 */
export interface ResourceRecord {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent?: string;
  readonly props: Record<string, unknown>;
  /** False for component resources (and the root stack). */
  readonly custom?: boolean;
  readonly id?: string;
  /** Outputs after the mocks resolved them: what AnalyzeStack sees. */
  readonly outputs?: Record<string, unknown>;
  /** `<provider urn>::<provider id>` for custom resources. */
  readonly provider?: string;
  readonly dependencies?: readonly string[];
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
  readonly protect?: boolean;
  readonly ignoreChanges?: readonly string[];
  readonly deleteBeforeReplace?: boolean;
  readonly additionalSecretOutputs?: readonly string[];
}

/**
 * The program could not produce a plan. `kind` says whose the problem is: `config` for the stack's
 * configuration (or component arguments it led to), `program` for a failure of the program itself.
 */
export class StackProgramError extends Error {
  override readonly name = "StackProgramError";
  constructor(
    readonly kind: "config" | "program",
    message: string,
    readonly stackName: string,
  ) {
    super(message);
  }
}

export interface RunStackOptions {
  /** Project directory (default: the current directory). */
  readonly projectDir?: string;
  /** Read the stack's config from this file instead of `Pulumi.<stack>.yaml`. */
  readonly configFile?: string;
  /** Extra or overriding config values, flat keys (`outcomeguard:tagPrefix`). */
  readonly config?: Readonly<Record<string, string>>;
  /** Give up after this long (default 120 s). */
  readonly timeoutMs?: number;
  /** Receives what the program printed. */
  readonly onLog?: (text: string) => void;
}

/** Errors whose names say the stack's configuration or setup is at fault (exit 2, not a crash). */
const CONFIG_ERROR_NAMES = new Set([
  "StackConfigError",
  "InvalidArgumentsError",
  "StackUsageError",
]);

export interface ResolvedStack {
  readonly project: Project;
  readonly stack: string;
  readonly configFile: string;
  readonly flat: FlatConfig;
}

/** Find and read a stack's configuration; throws {@link StackUsageError} naming what is missing. */
export function resolveStack(stack: string, opts: RunStackOptions = {}): ResolvedStack {
  const project = loadProject(path.resolve(opts.projectDir ?? process.cwd()));
  const configFile = opts.configFile
    ? checkedConfigFile(opts.configFile)
    : stackConfigPath(project, stack);
  const flat = readStackConfigFile(configFile, project.name);
  return {
    project,
    stack,
    configFile,
    flat: { config: { ...flat.config, ...(opts.config ?? {}) }, secretKeys: flat.secretKeys },
  };
}

/** A `--config-file` that exists and is a file, as given; else a usage error saying which. */
function checkedConfigFile(file: string): string {
  const full = path.resolve(file);
  let stat;
  try {
    stat = statSync(full);
  } catch {
    throw new StackUsageError(`--config-file ${file}: no such file`);
  }
  if (!stat.isFile()) {
    throw new StackUsageError(`--config-file ${file}: is a directory, not a stack config file`);
  }
  return full;
}

/** What a program run produced: its resources, and invokes the fake cloud could not answer. */
export interface ProgramRun {
  readonly resources: ResourceRecord[];
  readonly unanswered: readonly UnansweredInvoke[];
}

/** Run the stack's program under mocks and return every resource it registered, in order. */
export async function runStackProgram(
  stack: string,
  opts: RunStackOptions = {},
): Promise<ResourceRecord[]> {
  return (await runResolvedStack(resolveStack(stack, opts), opts)).resources;
}

export async function runResolvedStack(
  resolved: ResolvedStack,
  opts: Pick<RunStackOptions, "timeoutMs" | "onLog"> = {},
): Promise<ProgramRun> {
  const { project, stack, flat } = resolved;
  const request: WorkerRequest = {
    program: project.main,
    project: project.name,
    projectDir: project.dir,
    stack,
    config: flat.config,
    secretKeys: flat.secretKeys,
    typescript: project.typescript,
  };
  const reply = await runWorker(request, project.dir, opts);
  if (reply.ok) return { resources: reply.resources, unanswered: reply.unanswered };
  const { name, message } = reply.error;
  if (CONFIG_ERROR_NAMES.has(name)) throw new StackProgramError("config", message, stack);
  throw new StackProgramError(
    "program",
    `the program of stack "${stack}" failed: ${reply.error.stack ?? `${name}: ${message}`}`,
    stack,
  );
}

function runWorker(
  request: WorkerRequest,
  cwd: string,
  opts: Pick<RunStackOptions, "timeoutMs" | "onLog">,
): Promise<WorkerReply> {
  const worker = path.join(__dirname, "worker.cjs");
  return new Promise((resolve, reject) => {
    const child = fork(worker, [], {
      cwd,
      execArgv: [],
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      env: {
        // The worker receives the stack config over IPC and sets it itself: an environment
        // variable is capped at 128 KiB on Linux, which a large stack config exceeds.
        ...process.env,
        PULUMI_NODEJS_PROJECT: request.project,
        PULUMI_NODEJS_STACK: request.stack,
      },
    });
    let output = "";
    const collect = (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      output += text;
      opts.onLog?.(text);
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    let reply: WorkerReply | undefined;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new StackProgramError(
          "program",
          `the program of stack "${request.stack}" did not finish within ${Math.round((opts.timeoutMs ?? 120_000) / 1000)} s`,
          request.stack,
        ),
      );
    }, opts.timeoutMs ?? 120_000);
    child.on("message", (m) => {
      reply = m as WorkerReply;
    });
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (reply) return resolve(reply);
      reject(
        new StackProgramError(
          "program",
          `the program of stack "${request.stack}" exited (${signal ?? `code ${code}`}) without a result` +
            (output.trim() ? `:\n${output.trim().split("\n").slice(-20).join("\n")}` : ""),
          request.stack,
        ),
      );
    });
    child.send(request);
  });
}
