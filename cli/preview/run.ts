/**
 * The offline preview: run a stack's program under mocks, then send every registered resource to
 * the real policy pack over the Analyzer protocol as the engine does during `pulumi preview`
 * (ConfigureStack, GetAnalyzerInfo, Configure, Analyze per resource with its URN, parent and
 * provider, AnalyzeStack at the end with outputs and dependencies).
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { PACKAGE_ROOT } from "../program/project";
import {
  resolveStack,
  runResolvedStack,
  type ResourceRecord,
  type RunStackOptions,
} from "../program/run";
import type { EnforcementLevel } from "../../domain/enforcement";
import {
  launchPolicyPack,
  type AnalyzerDiagnostic,
  type AnalyzerInfo,
  type AnalyzerResource,
  type PolicyPackSession,
  type StackConfiguration,
} from "../analyzer/client";
import type { UnansweredInvoke } from "../program/mocks";
import { packConfigProblems } from "./config-schema";
import { loadPolicyPackConfig, unknownPolicies, type PolicyPackConfig } from "./pack-config";
import { StackUsageError } from "../program/project";

export type DiagnosticLevel = EnforcementLevel;

/** One policy violation, as `--json` prints it. */
export interface PreviewDiagnostic {
  readonly policy: string;
  readonly level: DiagnosticLevel;
  /** What the pack said: the policy's description, then the violation (as `pulumi preview` shows). */
  readonly message: string;
  readonly urn: string;
}

export interface PreviewResult {
  readonly stack: string;
  readonly resources: ResourceRecord[];
  readonly diagnostics: PreviewDiagnostic[];
  /** What the program printed (warnings of the components, `pulumi.log`), if anything. */
  readonly programOutput?: string;
  /** Invokes the program called that the offline preview could not answer (results are placeholders). */
  readonly unanswered?: readonly UnansweredInvoke[];
  /** The pack that judged the plan, and its policies' descriptions (for grouping the output). */
  readonly pack?: {
    readonly name: string;
    readonly version?: string;
    readonly dir: string;
    readonly policies: Readonly<Record<string, { description: string; level: string }>>;
  };
}

export interface OfflinePreviewOptions {
  readonly stack: string;
  /** A `--policy-pack-config` file (path), or one already loaded. */
  readonly policyPackConfig?: string | PolicyPackConfig;
  /** The policy pack directory (default: OutcomeGuard's pack, `policies/` of this package). */
  readonly packDir?: string;
  readonly configFile?: string;
  readonly projectDir?: string;
  readonly onLog?: RunStackOptions["onLog"];
  /** How long the stack program may run (default: the program runner's, 120 s). */
  readonly timeoutMs?: number;
  /** Starts the pack (default: the Analyzer client, as the engine starts it). */
  readonly launch?: (packDir: string, stack: StackConfiguration) => Promise<PolicyPackSession>;
}

export const DEFAULT_PACK_DIR = path.join(PACKAGE_ROOT, "policies");

/** Run one stack through the program and the pack. Throws usage/config errors before any work. */
export async function runOfflinePreview(opts: OfflinePreviewOptions): Promise<PreviewResult> {
  const resolved = resolveStack(opts.stack, {
    ...(opts.projectDir ? { projectDir: opts.projectDir } : {}),
    ...(opts.configFile ? { configFile: opts.configFile } : {}),
  });
  const packConfig =
    typeof opts.policyPackConfig === "string"
      ? loadPolicyPackConfig(opts.policyPackConfig)
      : opts.policyPackConfig;
  const packDir = path.resolve(opts.packDir ?? DEFAULT_PACK_DIR);
  if (!opts.launch) checkPackDir(packDir, opts.packDir);

  // The program and the pack start in parallel: both take a process start-up.
  const stackConfiguration: StackConfiguration = {
    stack: resolved.stack,
    project: resolved.project.name,
    config: { ...resolved.flat.config },
    dryRun: true,
  };
  const launching = opts.launch
    ? opts.launch(packDir, stackConfiguration)
    : launchPolicyPack(packDir, stackConfiguration ? { stack: stackConfiguration } : {});
  // A pack that fails while the program still runs is reported when awaited, not as unhandled.
  launching.catch(() => undefined);
  let resources: ResourceRecord[];
  let unanswered: readonly UnansweredInvoke[];
  let programOutput = "";
  try {
    ({ resources, unanswered } = await runResolvedStack(resolved, {
      ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
      onLog: (text) => {
        programOutput += text;
        opts.onLog?.(text);
      },
    }));
  } catch (e) {
    await launching.then((s) => s.close()).catch(() => undefined);
    throw e;
  }
  const session = await launching;
  try {
    const result = await analyzePlan(session, {
      stack: resolved.stack,
      project: resolved.project.name,
      config: resolved.flat.config,
      resources,
      packDir,
      ...(packConfig ? { packConfig } : {}),
    });
    return {
      ...result,
      ...(programOutput.trim() ? { programOutput: programOutput.trimEnd() } : {}),
      ...(unanswered.length > 0 ? { unanswered } : {}),
    };
  } finally {
    await session.close();
  }
}

/**
 * Judge resources already known (a deployed stack's state) with a pack, as `pulumi policy analyze`
 * does: the same Analyzer calls as a preview, with `dryRun` false.
 */
export async function analyzeResources(opts: {
  readonly stack: string;
  readonly project: string;
  readonly resources: ResourceRecord[];
  readonly packDir?: string;
  readonly policyPackConfig?: PolicyPackConfig;
}): Promise<PreviewResult> {
  const packDir = path.resolve(opts.packDir ?? DEFAULT_PACK_DIR);
  checkPackDir(packDir, opts.packDir);
  const session = await launchPolicyPack(packDir, {
    stack: { stack: opts.stack, project: opts.project, config: {}, dryRun: false },
  });
  try {
    return await analyzePlan(session, {
      stack: opts.stack,
      project: opts.project,
      config: {},
      resources: opts.resources,
      packDir,
      dryRun: false,
      ...(opts.policyPackConfig ? { packConfig: opts.policyPackConfig } : {}),
    });
  } finally {
    await session.close();
  }
}

/** A pack directory the engine could start: PulumiPolicy.yaml, and a built `main`. */
function checkPackDir(packDir: string, given: string | undefined): void {
  const shown = given ?? (path.relative(process.cwd(), packDir) || packDir);
  if (!existsSync(path.join(packDir, "PulumiPolicy.yaml"))) {
    throw new StackUsageError(`${shown} is not a policy pack: it has no PulumiPolicy.yaml`);
  }
  let main = "index.js";
  try {
    const manifest = JSON.parse(readFileSync(path.join(packDir, "package.json"), "utf8")) as {
      main?: unknown;
    };
    if (typeof manifest.main === "string") main = manifest.main;
  } catch {
    throw new StackUsageError(`${shown} has no readable package.json (the engine needs one)`);
  }
  if (!existsSync(path.join(packDir, main)) && !existsSync(path.join(packDir, `${main}.js`))) {
    throw new StackUsageError(
      `the policy pack in ${shown} is not built (${main} is missing): build it first${given ? "" : " (npm run build:policies)"}`,
    );
  }
}

/** The engine's half of a preview: the Analyzer calls for a captured plan. */
async function analyzePlan(
  session: PolicyPackSession,
  plan: {
    stack: string;
    project: string;
    config: Readonly<Record<string, string>>;
    resources: ResourceRecord[];
    packDir: string;
    packConfig?: PolicyPackConfig;
    /** False for resources already deployed (audit). */
    dryRun?: boolean;
  },
): Promise<PreviewResult> {
  const { stack, project, resources } = plan;
  await session.configureStack({
    stack,
    project,
    config: { ...plan.config },
    dryRun: plan.dryRun ?? true,
  });
  const info: AnalyzerInfo = await session.getAnalyzerInfo();
  if (plan.packConfig) {
    const unknown = unknownPolicies(
      plan.packConfig,
      info.policies.map((p) => p.name),
    );
    if (unknown.length > 0) {
      throw new StackUsageError(
        `--policy-pack-config ${plan.packConfig.file}: no policy named ${unknown.map((u) => `"${u}"`).join(", ")} in pack ${info.name}; policies: ${info.policies.map((p) => p.name).join(", ")}`,
      );
    }
    // As the engine does: every policy's settings against the schema the pack publishes for it.
    const problems = packConfigProblems(plan.packConfig, info.policies);
    if (problems.length > 0) {
      throw new StackUsageError(
        `--policy-pack-config ${plan.packConfig.file}:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
      );
    }
    await session.configure(plan.packConfig.raw);
  }

  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const stackUrn =
    resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn ??
    `urn:pulumi:${stack}::${project}::pulumi:pulumi:Stack::${project}-${stack}`;
  const providerOf = (r: ResourceRecord) => {
    if (!r.provider) return undefined;
    const urn = r.provider.slice(0, r.provider.lastIndexOf("::"));
    const p = byUrn.get(urn);
    return p ? { urn: p.urn, type: p.type, name: p.name, properties: p.props } : undefined;
  };
  const diagnostics: PreviewDiagnostic[] = [];
  const add = (d: AnalyzerDiagnostic, fallbackUrn: string) => {
    diagnostics.push({
      policy: d.policyName,
      level: normaliseLevel(d.enforcementLevel),
      message: d.message,
      urn: d.urn && byUrn.has(d.urn) ? d.urn : fallbackUrn,
    });
  };

  for (const r of resources) {
    const provider = providerOf(r);
    const request: AnalyzerResource = {
      urn: r.urn,
      type: r.type,
      name: r.name,
      properties: r.props,
      ...(r.parent ? { parent: r.parent } : {}),
      ...(provider ? { provider } : {}),
      options: optionsOf(r),
    };
    // The engine reports an Analyze diagnostic against the resource it analyzed.
    for (const d of await session.analyze(request)) add({ ...d, urn: r.urn }, r.urn);
  }

  // AnalyzeStack sees each resource's outputs, its dependencies and its provider.
  const stackResources: AnalyzerResource[] = resources.map((r) => {
    const provider = providerOf(r);
    return {
      urn: r.urn,
      type: r.type,
      name: r.name,
      properties: r.outputs ?? r.props,
      ...(r.parent ? { parent: r.parent } : {}),
      ...(provider ? { provider } : {}),
      dependencies: [...(r.dependencies ?? [])],
      options: optionsOf(r),
    };
  });
  for (const d of await session.analyzeStack(stackResources)) add(d, stackUrn);

  return {
    stack,
    resources,
    diagnostics,
    pack: {
      name: info.name,
      ...(info.version ? { version: info.version } : {}),
      dir: plan.packDir,
      policies: Object.fromEntries(
        info.policies.map((p) => [
          p.name,
          { description: p.description, level: p.enforcementLevel },
        ]),
      ),
    },
  };
}

function optionsOf(r: ResourceRecord): NonNullable<AnalyzerResource["options"]> {
  return {
    protect: r.protect ?? false,
    ignoreChanges: [...(r.ignoreChanges ?? [])],
    additionalSecretOutputs: [...(r.additionalSecretOutputs ?? [])],
    ...(r.deleteBeforeReplace ? { deleteBeforeReplace: true } : {}),
  };
}

function normaliseLevel(level: string | number): DiagnosticLevel {
  const l = String(level).toLowerCase();
  // The engine reports a remediation that still violates as mandatory.
  if (l === "remediate" || l === "3") return "mandatory";
  if (l === "mandatory" || l === "1") return "mandatory";
  if (l === "disabled" || l === "2") return "disabled";
  return "advisory";
}

/** True when the plan has a violation that blocks `pulumi up`. */
export function isBlocked(result: Pick<PreviewResult, "diagnostics">): boolean {
  return result.diagnostics.some((d) => d.level === "mandatory");
}

/** The `--json` shape: `{stack, resources: [{urn, type, name, parent, props}], diagnostics}`. */
export function previewJson(result: PreviewResult): {
  stack: string;
  resources: {
    urn: string;
    type: string;
    name: string;
    parent: string | null;
    props: Record<string, unknown>;
  }[];
  diagnostics: PreviewDiagnostic[];
} {
  return {
    stack: result.stack,
    resources: result.resources.map((r) => ({
      urn: r.urn,
      type: r.type,
      name: r.name,
      parent: r.parent ?? null,
      props: r.props,
    })),
    diagnostics: result.diagnostics.map((d) => ({
      policy: d.policy,
      level: d.level,
      message: d.message,
      urn: d.urn,
    })),
  };
}
