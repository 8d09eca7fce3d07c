// Write what the pack reads at start instead of computing it, beside its bundle (policies/dist/):
// its GetAnalyzerInfo answer (analyzer-info.json, see `builtAnalyzerInfo` in policies/sdk-compat.ts)
// and V8's code cache for the bundle (index.<digest>.<tag>.cache, see policies/code-cache.ts).
// Bundled and run by scripts/build-policy-pack.mjs after the bundle is written:
// `node <this, bundled> <pack dir> <bundle, relative to it>`. The bundle is loaded once, in the V8
// state `run-policy-pack` starts a pack in, with the SDK's `serve` kept from starting a server.
// Where the SDK's internals are not as expected it writes no GetAnalyzerInfo answer and removes a
// stale one; the pack then answers as the SDK does.
import { readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { asRunPolicyPack, bundleCodeCache } from "../policies/code-cache";
import { ANALYZER_INFO_FILE, analyzerInfoOf } from "../policies/sdk-compat";

const [packDir, bundle] = process.argv.slice(2);
if (!packDir || !bundle) {
  console.error("usage: pack-startup <pack dir> <bundle>");
  process.exit(2);
}
const dist = join(packDir, dirname(bundle));
const write = (file: string, data: string | Uint8Array) => {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
};
for (const old of readdirSync(dist).filter((f) => f.endsWith(".cache"))) {
  rmSync(join(dist, old), { force: true });
}
const flags = asRunPolicyPack(dist);
let cache: ReturnType<typeof bundleCodeCache> | undefined;
const info = analyzerInfoOf(packDir, bundle, () => {
  cache = bundleCodeCache(dist);
});
const out = join(dist, ANALYZER_INFO_FILE);
if (info) {
  write(out, `${JSON.stringify(info)}\n`);
  console.log(`build-policy-pack: ${ANALYZER_INFO_FILE} (${info.bytes.length} base64 characters)`);
} else {
  rmSync(out, { force: true });
  console.warn(
    "build-policy-pack: the SDK's internals are not as expected; the pack will build GetAnalyzerInfo's answer at each start",
  );
}
if (cache) {
  write(join(dist, cache.file), cache.data);
  console.log(
    `build-policy-pack: ${cache.file} (${(cache.data.length / 1024).toFixed(0)} KiB${flags ? "" : ", under this process's V8 flags: run-policy-pack's could not be set"})`,
  );
}
// The bundle was loaded to read its arguments; nothing else is left to do.
process.exit(0);
