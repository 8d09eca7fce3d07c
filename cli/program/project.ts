/**
 * The Pulumi project and its stacks as the Pulumi CLI sees them: `Pulumi.yaml` (name, `main`,
 * `stackConfigDir`) and `Pulumi.<stack>.yaml` files, turned into the flat configuration map the
 * CLI hands a program (`PULUMI_CONFIG`): keys qualified by namespace, structured values as JSON.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { formatPath, zodProblems } from "../../domain/zod-problems";

/**
 * The root of the outcomeguard package (the repository, or `node_modules/outcomeguard` once
 * installed): the nearest directory above this module with outcomeguard's package.json.
 */
export const PACKAGE_ROOT: string = (() => {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as {
        name?: string;
      };
      if (pkg.name === "outcomeguard") return dir;
    } catch {
      // no package.json here
    }
    if (path.dirname(dir) === dir) return path.resolve(__dirname, "..", "..");
  }
})();

/** A problem the user fixes in a file or on the command line (exit code 2). */
export class StackUsageError extends Error {
  override readonly name = "StackUsageError";
}

const RuntimeSchema = z.union([
  z.string().min(1),
  z.object({
    name: z.string().min(1),
    options: z.object({ typescript: z.boolean().optional() }).passthrough().optional(),
  }),
]);

const ProjectFileSchema = z.object({
  name: z.string().min(1),
  runtime: RuntimeSchema,
  main: z.string().min(1).optional(),
  stackConfigDir: z.string().min(1).optional(),
});

export interface Project {
  readonly dir: string;
  readonly name: string;
  /** Compile the program as TypeScript (`runtime.options.typescript`, default true), as Pulumi does. */
  readonly typescript: boolean;
  /** Absolute path of the program (a directory or a file). */
  readonly main: string;
  /** Absolute path of the directory holding `Pulumi.<stack>.yaml` files. */
  readonly stackConfigDir: string;
}

/**
 * The Pulumi project in `dir`: its `Pulumi.yaml` (or `Pulumi.yml`). Only Node.js projects can be
 * run offline; a directory without a project is an error, never a preview of something else.
 */
export function loadProject(dir: string): Project {
  const file = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(dir, f)).find(existsSync);
  if (!file) {
    throw new StackUsageError(
      `${dir} is not a Pulumi project: it has no Pulumi.yaml (run outcomeguard preview in your project's directory, or give --cwd DIR)`,
    );
  }
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, "utf8"));
  } catch (e) {
    throw new StackUsageError(`${file}: not valid YAML: ${(e as Error).message}`);
  }
  const parsed = ProjectFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = zodProblems(ProjectFileSchema, parsed.error, raw).map(
      (p) => `${formatPath(p.path) || "(file)"}: ${p.message}`,
    );
    throw new StackUsageError(`${file}: ${problems.join("; ")}`);
  }
  const runtime = parsed.data.runtime;
  const runtimeName = typeof runtime === "string" ? runtime : runtime.name;
  if (runtimeName !== "nodejs") {
    throw new StackUsageError(
      `${file}: runtime is ${runtimeName}; outcomeguard preview runs Node.js programs (runtime: nodejs). For other languages, use pulumi preview --policy-pack with the OutcomeGuard pack`,
    );
  }
  return {
    dir,
    name: parsed.data.name,
    typescript: typeof runtime === "string" || runtime.options?.typescript !== false,
    main: path.resolve(dir, parsed.data.main ?? "."),
    stackConfigDir: path.resolve(dir, parsed.data.stackConfigDir ?? "."),
  };
}

/** Stack names with a `Pulumi.<stack>.yaml` in the project's stack config directory. */
export function listStacks(project: Project): string[] {
  if (!existsSync(project.stackConfigDir)) return [];
  return readdirSync(project.stackConfigDir)
    .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

export function stackConfigPath(project: Project, stack: string): string {
  for (const ext of ["yaml", "yml"]) {
    const p = path.join(project.stackConfigDir, `Pulumi.${stack}.${ext}`);
    if (existsSync(p)) return p;
  }
  const known = listStacks(project);
  throw new StackUsageError(
    `no stack "${stack}": ${path.relative(process.cwd(), path.join(project.stackConfigDir, `Pulumi.${stack}.yaml`)) || `Pulumi.${stack}.yaml`} does not exist` +
      (known.length ? `; stacks: ${known.join(", ")}` : ""),
  );
}

/** The configuration a Pulumi program receives: flat keys (`ns:key`) to strings, and which are secret. */
export interface FlatConfig {
  readonly config: Readonly<Record<string, string>>;
  readonly secretKeys: readonly string[];
}

/**
 * Read a stack config file the way the Pulumi CLI does: keys without a namespace belong to the
 * project; strings are passed as is, numbers and booleans as their text, objects and lists as JSON.
 * `secure:` values cannot be decrypted offline; they are passed as a placeholder and marked secret.
 */
export function readStackConfigFile(file: string, projectName: string): FlatConfig {
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(file, "utf8"));
  } catch (e) {
    throw new StackUsageError(`${file}: not valid YAML: ${(e as Error).message}`);
  }
  if (doc === null || doc === undefined) return { config: {}, secretKeys: [] };
  if (typeof doc !== "object" || Array.isArray(doc)) {
    throw new StackUsageError(`${file}: a stack config file is a map with a "config:" section`);
  }
  const section = (doc as Record<string, unknown>).config;
  if (section === undefined || section === null) return { config: {}, secretKeys: [] };
  if (typeof section !== "object" || Array.isArray(section)) {
    throw new StackUsageError(`${file}: "config:" must be a map of keys to values`);
  }
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [rawKey, value] of Object.entries(section as Record<string, unknown>)) {
    const key = rawKey.includes(":") ? rawKey : `${projectName}:${rawKey}`;
    if (isSecure(value)) {
      config[key] = "[secret: encrypted in the stack config, not available offline]";
      secretKeys.push(key);
      continue;
    }
    if (value === null || value === undefined) continue;
    config[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return { config, secretKeys };
}

function isSecure(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    typeof (value as Record<string, unknown>).secure === "string"
  );
}
