/**
 * `--policy-pack-config FILE`: the Pulumi CLI's policy pack configuration file. A JSON (or YAML)
 * map from policy name (or `all`) to an enforcement level, or to an object with an optional
 * `enforcementLevel` and the policy's configuration properties:
 *
 *     { "all": "mandatory",
 *       "premium-endpoint-requires-cost-ceiling": { "maxCeilingUsd": { "premium": 10000 } } }
 */
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { ENFORCEMENT_LEVELS, type EnforcementLevel } from "../../domain/enforcement";
import type { PolicyPackConfigFile } from "../analyzer/protocol";
import { StackUsageError } from "../program/project";

const Level = z.enum(ENFORCEMENT_LEVELS, {
  message: `must be an enforcement level: ${ENFORCEMENT_LEVELS.join(", ")}`,
});

const Entry = z.union([
  Level,
  z
    .object({ enforcementLevel: Level.optional() })
    .catchall(z.unknown())
    .refine((o) => o !== null, { message: "must be an object" }),
]);

const PolicyPackConfigFileSchema = z.record(z.string().min(1), Entry, {
  message:
    'must be a map from policy name (or "all") to a level or to {enforcementLevel?, ...config}',
});

/** One policy's configuration as the engine sends it in Configure. */
export interface PolicyConfigEntry {
  readonly enforcementLevel?: EnforcementLevel;
  readonly properties: Record<string, unknown>;
}

/** The file, normalised: `all` kept apart, every entry as {enforcementLevel?, properties}. */
export interface PolicyPackConfig {
  readonly file: string;
  readonly all?: EnforcementLevel;
  readonly policies: Readonly<Record<string, PolicyConfigEntry>>;
  /** The file's content as written (what `pulumi preview --policy-pack-config` reads). */
  readonly raw: PolicyPackConfigFile;
}

export function loadPolicyPackConfig(file: string): PolicyPackConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new StackUsageError(
      `--policy-pack-config ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
  let doc: unknown;
  try {
    doc = file.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new StackUsageError(
      `--policy-pack-config ${file}: not valid ${file.endsWith(".json") ? "JSON" : "JSON or YAML"}: ${(e as Error).message}`,
    );
  }
  const parsed = PolicyPackConfigFileSchema.safeParse(doc);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${i.path.length ? i.path.join(".") : "(file)"}: ${i.message}`,
    );
    throw new StackUsageError(`--policy-pack-config ${file}:\n  - ${problems.join("\n  - ")}`);
  }
  const policies: Record<string, PolicyConfigEntry> = {};
  let all: EnforcementLevel | undefined;
  for (const [name, entry] of Object.entries(parsed.data)) {
    if (name === "all") {
      if (typeof entry !== "string") {
        throw new StackUsageError(
          `--policy-pack-config ${file}: "all" takes an enforcement level (${ENFORCEMENT_LEVELS.join(", ")}), not an object`,
        );
      }
      all = entry;
      continue;
    }
    if (typeof entry === "string") {
      policies[name] = { enforcementLevel: entry, properties: {} };
    } else {
      const { enforcementLevel, ...properties } = entry;
      policies[name] = { ...(enforcementLevel ? { enforcementLevel } : {}), properties };
    }
  }
  return {
    file,
    ...(all ? { all } : {}),
    policies,
    raw: parsed.data as PolicyPackConfigFile,
  };
}

/** Policies the file names that the pack does not have. */
export function unknownPolicies(config: PolicyPackConfig, known: readonly string[]): string[] {
  return Object.keys(config.policies).filter((p) => !known.includes(p));
}
