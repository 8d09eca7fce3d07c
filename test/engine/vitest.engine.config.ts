// Vitest config for the engine tests (real Pulumi CLI; see test/engine/harness.ts):
//   npx vitest run --config test/engine/vitest.engine.config.ts
import * as path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: path.resolve(__dirname, "..", ".."),
  test: {
    include: ["test/engine/**/*.engine.test.ts"],
    exclude: ["node_modules/**", "test/engine/fixtures/**"],
    // Each pulumi command starts Node.js programs and providers: seconds, not milliseconds.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // The engine runs are CPU-heavy; one file at a time on a 2-core machine.
    fileParallelism: false,
    pool: "forks",
  },
});
