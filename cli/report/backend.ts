/**
 * A Pulumi DIY backend directory (`pulumi login file://DIR`): every stack's checkpoint under
 * `.pulumi/stacks/<project>/<stack>.json` (or the older `.pulumi/stacks/<stack>.json`), gzip
 * compressed as `.json.gz` when the backend was told to. Backups and history are not stacks.
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { gunzipSync } from "node:zlib";
import { ReportInputError } from "./errors";

export interface BackendStack {
  /** `<project>/<stack>` (or `<stack>` in the older layout). */
  readonly name: string;
  readonly file: string;
  readonly text: string;
}

const STACK_FILE = /\.json(\.gz)?$/;

/** The `.pulumi` directory of a backend: DIR itself, or DIR/.pulumi. */
async function stateDir(dir: string): Promise<string> {
  const inner = path.join(dir, ".pulumi");
  try {
    if ((await fs.stat(inner)).isDirectory()) return inner;
  } catch {
    // not there: DIR may be the .pulumi directory itself
  }
  return dir;
}

/** Every stack of a DIY backend; throws {@link ReportInputError} when there is none. */
export async function readBackend(dir: string, display: string): Promise<BackendStack[]> {
  const root = path.join(await stateDir(dir), "stacks");
  let entries;
  try {
    entries = await fs.readdir(root, { withFileTypes: true });
  } catch {
    throw new ReportInputError(display, [
      {
        message:
          "not a Pulumi DIY backend: no .pulumi/stacks directory (point --backend at the directory `pulumi login file://DIR` names)",
      },
    ]);
  }
  const found: { name: string; file: string }[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(root, e.name);
    if (e.isDirectory()) {
      for (const f of (await fs.readdir(p)).sort()) {
        if (STACK_FILE.test(f))
          found.push({ name: `${e.name}/${f.replace(STACK_FILE, "")}`, file: path.join(p, f) });
      }
    } else if (STACK_FILE.test(e.name)) {
      found.push({ name: e.name.replace(STACK_FILE, ""), file: p });
    }
  }
  // A stack written both plain and gzip: the backend reads the plain one first.
  const byName = new Map<string, { name: string; file: string }>();
  for (const f of found) {
    const prior = byName.get(f.name);
    if (!prior || (prior.file.endsWith(".gz") && !f.file.endsWith(".gz"))) byName.set(f.name, f);
  }
  if (byName.size === 0) {
    throw new ReportInputError(display, [
      { message: "the backend holds no stacks (.pulumi/stacks is empty)" },
    ]);
  }
  const stacks: BackendStack[] = [];
  for (const f of byName.values()) {
    const raw = await fs.readFile(f.file);
    let text: string;
    try {
      text = f.file.endsWith(".gz") ? gunzipSync(raw).toString("utf8") : raw.toString("utf8");
    } catch (e) {
      throw new ReportInputError(path.join(display, path.relative(dir, f.file)), [
        { message: `not a valid gzip file: ${e instanceof Error ? e.message : String(e)}` },
      ]);
    }
    stacks.push({ name: f.name, file: f.file, text });
  }
  return stacks;
}
