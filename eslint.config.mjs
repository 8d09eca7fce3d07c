import js from "@eslint/js";
import tseslint from "typescript-eslint";

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
        Buffer: "readonly",
        URL: "readonly",
      },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["domain/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@pulumi/*"], message: "The domain model is pure: no Pulumi imports." },
            {
              group: ["../*", "!./*"],
              message: "The domain model imports nothing of ours outside domain/.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["policies/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "@pulumi/aws",
                "@pulumi/aws/*",
                "@pulumi/azure-native",
                "@pulumi/azure-native/*",
              ],
              message: "Policies match type tokens; never import provider SDKs.",
            },
            {
              group: ["**/components/*", "**/components"],
              message: "Policies and components never import each other.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["components/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@pulumi/aws",
              message: "Import a provider submodule (@pulumi/aws/bedrock), never the root.",
            },
            {
              name: "@pulumi/azure-native",
              message: "Import a provider submodule, never the root.",
            },
          ],
          patterns: [
            {
              group: ["**/policies/*", "**/policies"],
              message: "Policies and components never import each other.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["stacks/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "@pulumi/aws", message: "Import a provider submodule, never the root." },
            {
              name: "@pulumi/azure-native",
              message: "Import a provider submodule, never the root.",
            },
          ],
        },
      ],
    },
  },
);
