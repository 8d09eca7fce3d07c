// The pack's `main` (policies/package.json), what the engine's run-policy-pack loads: the bundle
// beside it (./index.js), with V8's code cache for it when there is one (./code-cache.ts).
import { loadPack } from "./code-cache";

/** How the bundle was loaded ("used", "rejected" or "none"): what a test can ask the pack. */
export const codeCache = loadPack(__dirname, module);
