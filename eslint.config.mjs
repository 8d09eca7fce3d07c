import js from "@eslint/js";
import tseslint from "typescript-eslint";
import { builtinModules } from "node:module";

/**
 * The dependency graph, enforced: the domain imports nothing of ours outside domain/, nothing of
 * Pulumi and no Node built-in; policies import the domain (never a provider SDK, components, the
 * CLI or stacks); components import the domain and provider submodules (never policies, the CLI or
 * stacks); stacks import components (never policies or the CLI).
 */
function layerRules() {
  const providerRoots = [
    {
      name: "@pulumi/aws",
      message: "Import a provider submodule (@pulumi/aws/bedrock), never the root.",
    },
    { name: "@pulumi/azure-native", message: "Import a provider submodule, never the root." },
  ];
  const never = (layer, why) => ({ group: [`**/${layer}/*`, `**/${layer}`], message: why });
  const nodeBuiltins = {
    group: ["node:*", ...builtinModules],
    message: "The domain model is pure: no Node built-ins (files, processes, network).",
  };
  const pulumi = { group: ["@pulumi/*"], message: "The domain model is pure: no Pulumi imports." };
  const restrict = (files, { paths = [], patterns = [] }) => ({
    files,
    rules: { "no-restricted-imports": ["error", { paths, patterns }] },
  });
  return [
    restrict(["domain/*.ts"], {
      patterns: [
        pulumi,
        nodeBuiltins,
        { group: ["../*"], message: "The domain model imports nothing of ours outside domain/." },
      ],
    }),
    restrict(["domain/*/**/*.ts"], {
      patterns: [
        pulumi,
        nodeBuiltins,
        {
          group: ["../../*"],
          message: "The domain model imports nothing of ours outside domain/.",
        },
      ],
    }),
    restrict(["policies/**/*.ts"], {
      patterns: [
        {
          group: [
            "@pulumi/aws",
            "@pulumi/aws/*",
            "@pulumi/azure-native",
            "@pulumi/azure-native/*",
            "@pulumi/gcp",
            "@pulumi/gcp/*",
          ],
          message: "Policies match type tokens; never import provider SDKs.",
        },
        never("components", "Policies and components never import each other."),
        never("cli", "The pack talks to the CLI only over the Analyzer protocol."),
        never("stacks", "The pack never imports a program."),
      ],
    }),
    restrict(["components/**/*.ts"], {
      paths: providerRoots,
      patterns: [
        never("policies", "Policies and components never import each other."),
        never("cli", "Components never import the CLI."),
        never("stacks", "Components never import a program."),
      ],
    }),
    restrict(["stacks/**/*.ts"], {
      paths: providerRoots,
      patterns: [
        never("policies", "A program reaches the pack through the engine, never by import."),
        never("cli", "A program never imports the CLI."),
      ],
    }),
  ];
}

export default tseslint.config(
  { ignores: ["node_modules/**", "**/dist/**", "test/engine/fixtures/**", "bench/.work/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  {
    files: ["**/*.cjs", "**/*.mjs", "**/*.js"],
    languageOptions: {
      globals: {
        require: "readonly",
        module: "writable",
        process: "readonly",
        console: "readonly",
        __dirname: "readonly",
        __filename: "readonly",
        Buffer: "readonly",
        URL: "readonly",
      },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  ...layerRules(),
);
