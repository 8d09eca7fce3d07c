// Write the pack's GetAnalyzerInfo answer beside its bundle (policies/dist/analyzer-info.json), so
// the pack answers with those bytes instead of building them at every start (see
// policies/sdk-compat.ts, `builtAnalyzerInfo`). Bundled and run by scripts/build-policy-pack.mjs
// after the pack's bundle is written: `node <this, bundled> <pack dir> <main>`. Where the SDK's
// internals are not as expected it writes nothing and removes a stale answer: the pack then
// answers as the SDK does.
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ANALYZER_INFO_FILE, analyzerInfoOf } from "../policies/sdk-compat";

const [packDir, main] = process.argv.slice(2);
if (!packDir || !main) {
  console.error("usage: analyzer-info <pack dir> <main>");
  process.exit(2);
}
const out = join(packDir, dirname(main), ANALYZER_INFO_FILE);
const info = analyzerInfoOf(packDir, main);
if (info) {
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(info)}\n`);
  renameSync(tmp, out);
  console.log(`build-policy-pack: ${ANALYZER_INFO_FILE} (${info.bytes.length} base64 characters)`);
} else {
  rmSync(out, { force: true });
  console.warn(
    "build-policy-pack: the SDK's internals are not as expected; the pack will build GetAnalyzerInfo's answer at each start",
  );
}
// The pack's bundle was loaded to read its arguments; nothing else is left to do.
process.exit(0);
