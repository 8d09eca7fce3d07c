// Bundle the policy pack (policies/index.ts with domain/ and zod) into policies/dist/index.js:
// CommonJS for Node 20, @pulumi/policy and @pulumi/pulumi left external. The pack then starts as
// plain JS under the engine's run-policy-pack (no ts-node type-check at every start) and publishes
// on its own (`npm pack` ships dist/, PulumiPolicy.yaml and package.json). Beside the bundle it
// writes the pack's `main` (policies/main.ts: the bundle loaded with V8's code cache), then what
// the pack reads at start instead of computing it (scripts/pack-startup.ts).
//
// Run by `npm run build:policies` (and so by `npm ci` through `prepare`), by `npm pack` in
// policies/ (its `prepack`), and by the tests. Writes atomically, so concurrent builds are safe.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const packDir = join(root, "policies");
const outfile = join(packDir, "dist", "index.js");

/** Modules the pack resolves at run time from its own dependencies; everything else is bundled. */
const EXTERNAL = ["@pulumi/policy", "@pulumi/pulumi"];
/** Never in the pack: policies match type tokens, they do not load provider SDKs. */
const FORBIDDEN = [/node_modules[\\/]@pulumi[\\/](aws|azure-native)[\\/]/, /[\\/]components[\\/]/];

/**
 * zod's classic API re-exports every locale (`z.locales`, half of zod's size); nothing in the pack
 * uses them, and English is registered from its own module. Serve `z.locales` with English only,
 * which halves the bundle and its parse time at every pack start.
 */
const zodEnglishOnly = {
  name: "zod-english-only",
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](?:classic|core)[\\/]/.test(args.importer)
        ? {
            path: join(dirname(args.importer), "..", "locales", "index.js"),
            namespace: "zod-locales",
          }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "zod-locales" }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(join(dirname(args.path), "en.js"))};`,
      resolveDir: dirname(args.path),
      loader: "js",
    }));
  },
};

const result = await build({
  plugins: [zodEnglishOnly],
  absWorkingDir: root,
  entryPoints: [join(packDir, "index.ts")],
  outfile,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  external: EXTERNAL,
  sourcemap: "linked",
  sourcesContent: false,
  // Identifiers keep their names, so stack traces and `fn.name` read as in the source without
  // esbuild's `keepNames`, which wraps every closure in a naming call each time it is created.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: "none",
  metafile: true,
  write: false,
  logLevel: "warning",
  banner: {
    js: "// OutcomeGuard policy pack, bundled by scripts/build-policy-pack.mjs. Do not edit.",
  },
});

const inputs = Object.keys(result.metafile.inputs);
const forbidden = inputs.filter((i) => FORBIDDEN.some((re) => re.test(i)));
if (forbidden.length > 0) {
  console.error(`build-policy-pack: the pack must not include ${forbidden.join(", ")}`);
  process.exit(1);
}

mkdirSync(dirname(outfile), { recursive: true });
for (const file of result.outputFiles) {
  const tmp = `${file.path}.${process.pid}.tmp`;
  writeFileSync(tmp, file.contents);
  renameSync(tmp, file.path);
}
const size = result.outputFiles.find((f) => f.path === outfile)?.contents.length ?? 0;
console.log(
  `build-policy-pack: ${relative(root, outfile)} (${(size / 1024).toFixed(0)} KiB, ${inputs.length} modules)`,
);

// The pack's `main`: node built-ins only, no zod, no SDK.
await build({
  absWorkingDir: root,
  entryPoints: [join(packDir, "main.ts")],
  outfile: join(dirname(outfile), "main.js"),
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  minifyWhitespace: true,
  legalComments: "none",
  logLevel: "warning",
  banner: {
    js: "// OutcomeGuard policy pack's main, bundled by scripts/build-policy-pack.mjs. Do not edit.",
  },
});

// GetAnalyzerInfo's answer and the code cache, from the bundle just written, loaded in a process
// of its own as the engine loads it. The helper is bundled beside the pack so that it resolves the
// pack's SDK.
const helper = await build({
  absWorkingDir: root,
  entryPoints: [join(root, "scripts", "pack-startup.ts")],
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  external: EXTERNAL,
  write: false,
  logLevel: "warning",
});
const helperFile = join(dirname(outfile), `.pack-startup.${process.pid}.cjs`);
writeFileSync(helperFile, helper.outputFiles[0].contents);
try {
  execFileSync(process.execPath, [helperFile, packDir, relative(packDir, outfile)], {
    stdio: "inherit",
  });
} finally {
  rmSync(helperFile, { force: true });
}
