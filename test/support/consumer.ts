/**
 * A user's own Pulumi project with OutcomeGuard installed from its packed tarball, from the npm
 * cache, as another team would install it: its own package.json, node_modules, tsconfig
 * and program (raw Bedrock and Azure resources beside one of OutcomeGuard's components).
 * Built once per process and shared (packing and installing take a minute or two).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "./outcomeguard";

export const OPUS_ARN =
  "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-opus-4-1-20250805-v1:0";

/** The consumer's program: a raw premium profile, a raw GPT-5 deployment, a component endpoint. */
export const CONSUMER_PROGRAM = `import * as bedrock from "@pulumi/aws/bedrock";
import * as cognitiveservices from "@pulumi/azure-native/cognitiveservices";
import { aws } from "outcomeguard";
import { classifyModel, tagKeys } from "outcomeguard/domain";

// Raw resources, written as real programs write them: no outcome, no ceiling.
new bedrock.InferenceProfile("raw-opus", {
  name: "raw-opus",
  modelSource: { copyFrom: "${OPUS_ARN}" },
});
const account = new cognitiveservices.Account("raw-openai", {
  resourceGroupName: "rg-ai",
  kind: "OpenAI",
  sku: { name: "S0" },
  properties: { disableLocalAuth: true },
});
new cognitiveservices.Deployment("raw-gpt5", {
  resourceGroupName: "rg-ai",
  accountName: account.name,
  properties: { model: { format: "OpenAI", name: "gpt-5", version: "2025-08-07" } },
  sku: { name: "GlobalStandard", capacity: 10 },
});

// Through OutcomeGuard's component: an economy model for ticket triage, tagged by construction.
const triage: aws.BedrockGatedEndpointArgs = {
  team: "support",
  outcome: {
    id: "ticket-deflection",
    statement: "Increase the ticket deflection rate from 20% to 35% within two quarters.",
    kpi: "support.ticket-deflection-rate",
    owner: "support-lead@example.com",
    reviewBy: "2027-01-31",
  },
  model: "anthropic.claude-haiku-4-5-20251001-v1:0",
  region: "us-east-1",
  accountId: "123456789012",
  monthlyCeilingUsd: 500,
  taskClass: "classification",
  costCenter: "CC-4100",
};
export const endpoint = new aws.BedrockGatedEndpoint("triage", triage).arn;
export const tier: string = classifyModel("${OPUS_ARN}").tier;
export const teamTag: string = tagKeys().team;
`;

export interface Consumer {
  readonly dir: string;
  readonly tarball: string;
  /** Run a binary of the consumer's node_modules/.bin (as `npx` would), in the project. */
  run(bin: string, args: readonly string[], env?: NodeJS.ProcessEnv): { code: number; out: string };
}

const lockVersion = (name: string): string => {
  const lock = JSON.parse(readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, { version: string }>;
  };
  return lock.packages[`node_modules/${name}`]!.version;
};

let built: Consumer | undefined;

/** Pack the repository, make the consumer project and install into it offline (once). */
export function consumerProject(): Consumer {
  if (built) return built;
  const root = mkdtempSync(path.join(tmpdir(), "outcomeguard-consumer-"));
  const packDir = path.join(root, "pack");
  mkdirSync(packDir);
  execFileSync("npm", ["pack", "--pack-destination", packDir, "--silent"], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const tarball = path.join(
    packDir,
    readdirSync(packDir).find((f) => f.endsWith(".tgz"))!,
  );
  const dir = path.join(root, "acme-ai");
  mkdirSync(dir);
  const versions = Object.fromEntries(
    ["@pulumi/pulumi", "@pulumi/aws", "@pulumi/azure-native", "typescript", "@types/node"].map(
      (n) => [n, lockVersion(n)],
    ),
  );
  writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify(
      {
        name: "acme-ai",
        private: true,
        main: "index.ts",
        dependencies: { outcomeguard: `file:${tarball}`, ...versions },
      },
      null,
      2,
    ),
  );
  writeFileSync(path.join(dir, "Pulumi.yaml"), "name: acme-ai\nruntime: nodejs\n");
  writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config:\n  aws:region: us-east-1\n");
  writeFileSync(path.join(dir, "index.ts"), CONSUMER_PROGRAM);
  const tsconfig = (module: string) =>
    JSON.stringify({
      compilerOptions: {
        strict: true,
        module,
        target: "ES2022",
        noEmit: true,
        skipLibCheck: false,
        types: ["node"],
      },
      files: ["index.ts"],
    });
  writeFileSync(path.join(dir, "tsconfig.json"), tsconfig("nodenext"));
  writeFileSync(path.join(dir, "tsconfig.commonjs.json"), tsconfig("commonjs"));
  // From the npm cache (--prefer-offline): `npm ci` caches the tarballs; the registry is asked only
  // for package metadata the cache lacks (a fresh machine's cache holds none after `npm ci`).
  execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--silent"], {
    cwd: dir,
    stdio: ["ignore", "ignore", "inherit"],
  });
  built = {
    dir,
    tarball,
    run(bin, args, env) {
      try {
        const out = execFileSync(path.join(dir, "node_modules", ".bin", bin), [...args], {
          cwd: dir,
          encoding: "utf8",
          env: { ...process.env, NO_COLOR: "1", ...env },
          stdio: ["ignore", "pipe", "pipe"],
        });
        return { code: 0, out };
      } catch (e) {
        const err = e as { status?: number; stdout?: string; stderr?: string };
        return { code: err.status ?? -1, out: `${err.stdout ?? ""}${err.stderr ?? ""}` };
      }
    },
  };
  return built;
}
