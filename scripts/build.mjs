// Build what the outcomeguard package ships: the domain, the components and the CLI compiled to
// CommonJS with type declarations under dist/ (tsc, tsconfig.build.json), the files the CLI reads
// at run time beside them (the program worker, the report's SQL), and the bundled policy pack
// (scripts/build-policy-pack.mjs). Run by `npm run build`, so by `npm ci` (prepare) and `npm pack`
// (prepack). Nothing here runs TypeScript at run time: the package needs no tsx or compiler.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const dist = join(root, "dist");

const step = (what, fn) => {
  const started = Date.now();
  process.stderr.write(`build: ${what} ... `);
  fn();
  process.stderr.write(`${((Date.now() - started) / 1000).toFixed(1)} s\n`);
};

step("compile domain, components and cli to dist/ (tsc)", () => {
  rmSync(dist, { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"],
    {
      cwd: root,
      stdio: "inherit",
    },
  );
});

step("copy the program worker and the report's SQL", () => {
  cpSync(join(root, "cli/program/worker.cjs"), join(dist, "cli/program/worker.cjs"));
  const sql = join(root, "cli/report/sql");
  mkdirSync(join(dist, "cli/report/sql"), { recursive: true });
  for (const f of readdirSync(sql).filter((f) => f.endsWith(".sql"))) {
    cpSync(join(sql, f), join(dist, "cli/report/sql", f));
  }
});

step("bundle the policy pack (policies/dist)", () => {
  execFileSync(process.execPath, [join(root, "scripts/build-policy-pack.mjs")], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
});
