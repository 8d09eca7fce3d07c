#!/usr/bin/env node
// The outcomeguard command. Installed, it runs the compiled CLI (dist/); in the repository, where
// the TypeScript sources sit beside it, it runs them through tsx so a change needs no build.
const fs = require("node:fs");
const path = require("node:path");

const source = path.join(__dirname, "..", "cli", "main.ts");
let main;
if (fs.existsSync(source)) {
  require("tsx/cjs");
  ({ main } = require(source));
} else {
  ({ main } = require("../dist/cli/main.js"));
}
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exitCode = 2;
  },
);
