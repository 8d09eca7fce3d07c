/**
 * The Pulumi project and its stacks as the Pulumi CLI sees them: `Pulumi.yaml` (name, `main`,
 * `stackConfigDir`) and `Pulumi.<stack>.yaml` files, turned into the flat configuration map the
 * CLI hands a program (`PULUMI_CONFIG`): keys qualified by namespace, structured values as JSON.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

/** The repository root: where `Pulumi.yaml` lives. */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** A problem the user fixes in a file or on the command line (exit code 2). */
export class StackUsageError extends Error {
  override readonly name = "StackUsageError";
}

const ProjectFileSchema = z.object({
  name: z.string().min(1),
  main: z.string().min(1).optional(),
  stackConfigDir: z.string().min(1).optional(),
});

export interface Project {
  readonly dir: string;
  readonly name: string;
  /** Absolute path of the program (a directory or a file). */
  readonly main: string;
  /** Absolute path of the directory holding `Pulumi.<stack>.yaml` files. */
  readonly stackConfigDir: string;
}

export function loadProject(dir: string = REPO_ROOT): Project {
  const file = path.join(dir, "Pulumi.yaml");
  if (!existsSync(file)) throw new StackUsageError(`no Pulumi project: ${file} does not exist`);
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, "utf8"));
  } catch (e) {
    throw new StackUsageError(`${file}: not valid YAML: ${(e as Error).message}`);
  }
  const parsed = ProjectFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${i.path.join(".") || "(file)"}: ${i.message}`,
    );
    throw new StackUsageError(`${file}: ${problems.join("; ")}`);
  }
  return {
    dir,
    name: parsed.data.name,
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
