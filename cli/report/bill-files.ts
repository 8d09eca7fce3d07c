/**
 * Which files make up the bill: `--focus` paths (files, directories, globs, `-` for standard
 * input) resolved to CSV, gzip CSV and Parquet files. Directories laid out as cloud exports are
 * read through their manifests: AWS Data Exports (`metadata/BILLING_PERIOD=YYYY-MM/...-Manifest.json`
 * listing `dataFiles`) and Azure Cost Management exports (`manifest.json` listing `blobs`); when a
 * period has several snapshots, only the latest is read, and a note says which.
 */
import { createReadStream, createWriteStream, promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { z } from "zod";
import { ReportInputError } from "./errors";

export type BillFormat = "csv" | "csv.gz" | "parquet";

export interface BillFile {
  /** Absolute path DuckDB reads. */
  readonly path: string;
  /** How messages name the file (as given, or `-` for standard input). */
  readonly display: string;
  readonly format: BillFormat;
}

export interface BillSelection {
  readonly files: readonly BillFile[];
  /** Manifests read (they are inputs too: `--output` must not replace one). */
  readonly manifests: readonly string[];
  /** Which snapshots were read and which left out. */
  readonly notes: readonly string[];
  /** Temporary files to remove when the report is done (standard input spooled to disk). */
  readonly temporary: readonly string[];
}

export function formatOf(file: string): BillFormat | undefined {
  const f = file.toLowerCase();
  if (f.endsWith(".csv.gz") || f.endsWith(".csv.gzip")) return "csv.gz";
  if (f.endsWith(".csv")) return "csv";
  if (f.endsWith(".parquet")) return "parquet";
  return undefined;
}

const SUPPORTED =
  "a .csv, .csv.gz or .parquet file, a directory of them, a glob, or - for standard input";

// ---- manifests (zod: a manifest is input, and a bad one is named by field) --------------------

/** AWS Data Exports `Manifest.json` (the fields this report reads). */
const AwsManifest = z.looseObject({
  executionId: z.string().min(1),
  exportArn: z.string().optional(),
  dataFiles: z.array(z.string().min(1)),
  billingPeriod: z.unknown().optional(),
  exportTime: z.string().optional(),
});

/** Azure Cost Management export `manifest.json` (the fields this report reads). */
const AzureManifest = z.looseObject({
  manifestVersion: z.string().optional(),
  exportConfig: z.looseObject({ exportName: z.string().optional() }).optional(),
  runInfo: z.looseObject({
    runId: z.string().optional(),
    submittedTime: z.string().optional(),
    startDate: z.string().optional(),
    endDate: z.string().optional(),
  }),
  blobs: z.array(z.looseObject({ blobName: z.string().min(1) })),
});

interface Snapshot {
  /** What the snapshot is a version of: the export and its billing period. */
  readonly period: string;
  readonly id: string;
  /** Sort key: later is newer. */
  readonly time: string;
  readonly manifest: string;
  readonly files: readonly string[];
}

async function readJson(file: string): Promise<unknown> {
  const text = await fs.readFile(file, "utf8");
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new ReportInputError(file, [
      { message: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` },
    ]);
  }
}

function zodProblems(file: string, error: z.ZodError, what: string): ReportInputError {
  return new ReportInputError(
    file,
    error.issues.map((i) => ({
      where: i.path.map(String).join(".") || "(manifest)",
      message: `${i.message} (${what})`,
    })),
  );
}

async function mtimeIso(file: string): Promise<string> {
  return (await fs.stat(file)).mtime.toISOString();
}

/** An AWS Data Exports manifest: its data files, mapped from S3 URIs to this directory tree. */
async function awsSnapshot(manifest: string): Promise<Snapshot> {
  const parsed = AwsManifest.safeParse(await readJson(manifest));
  if (!parsed.success) throw zodProblems(manifest, parsed.error, "an AWS Data Exports manifest");
  const m = parsed.data;
  const norm = manifest.split(path.sep).join("/");
  const at = norm.lastIndexOf("/metadata/");
  const root = norm.slice(0, at);
  const period = /\/metadata\/([^/]+)\//.exec(norm.slice(at))?.[1] ?? "";
  const exportName = path.basename(root);
  const files = m.dataFiles.map((uri) => {
    const i = uri.lastIndexOf(`/${exportName}/data/`);
    const rel = i >= 0 ? uri.slice(i + exportName.length + 2) : `data/${path.basename(uri)}`;
    return path.join(root, ...rel.split("/"));
  });
  return {
    period: `${exportName} ${period}`.trim(),
    id: m.executionId,
    time: m.exportTime ?? (await mtimeIso(manifest)),
    manifest,
    files,
  };
}

/** An Azure export manifest: its blobs, which sit beside it. */
async function azureSnapshot(manifest: string): Promise<Snapshot> {
  const parsed = AzureManifest.safeParse(await readJson(manifest));
  if (!parsed.success)
    throw zodProblems(manifest, parsed.error, "an Azure Cost Management export manifest");
  const m = parsed.data;
  const dir = path.dirname(manifest);
  const range =
    m.runInfo.startDate && m.runInfo.endDate
      ? `${m.runInfo.startDate.slice(0, 10)}..${m.runInfo.endDate.slice(0, 10)}`
      : path.basename(path.dirname(dir));
  return {
    period: `${m.exportConfig?.exportName ?? path.basename(path.dirname(path.dirname(dir)))} ${range}`,
    id: m.runInfo.runId ?? path.basename(dir),
    time: m.runInfo.submittedTime ?? (await mtimeIso(manifest)),
    manifest,
    files: m.blobs.map((b) => path.join(dir, path.basename(b.blobName))),
  };
}

const isAwsManifest = (f: string) =>
  /-Manifest\.json$/i.test(f) && f.split(path.sep).includes("metadata");
const isAzureManifest = (f: string) => path.basename(f).toLowerCase() === "manifest.json";

async function walk(dir: string, out: string[] = []): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) await walk(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** The latest snapshot per period, by the time its manifest gives (or the manifest's age). */
export function latestSnapshots(snapshots: readonly Snapshot[]): {
  readonly read: Snapshot[];
  readonly notes: string[];
} {
  const byPeriod = new Map<string, Snapshot[]>();
  for (const s of snapshots) byPeriod.set(s.period, [...(byPeriod.get(s.period) ?? []), s]);
  const read: Snapshot[] = [];
  const notes: string[] = [];
  for (const [period, list] of [...byPeriod].sort(([a], [b]) => a.localeCompare(b))) {
    const sorted = [...list].sort(
      (a, b) => b.time.localeCompare(a.time) || b.id.localeCompare(a.id),
    );
    const latest = sorted[0];
    if (!latest) continue;
    read.push(latest);
    if (sorted.length > 1) {
      notes.push(
        `${period}: ${sorted.length} snapshots; read only the latest, ${latest.id} (${latest.time}, ${latest.manifest}); left out ${sorted
          .slice(1)
          .map((s) => s.id)
          .join(", ")}`,
      );
    }
  }
  return { read, notes };
}

async function resolveDirectory(
  dir: string,
  display: string,
): Promise<{ files: BillFile[]; manifests: string[]; notes: string[] }> {
  const all = await walk(dir);
  const manifests = all.filter((f) => isAwsManifest(f) || isAzureManifest(f));
  if (manifests.length === 0) {
    const files = all
      .map((f) => ({ f, format: formatOf(f) }))
      .filter((x): x is { f: string; format: BillFormat } => x.format !== undefined)
      .map(({ f, format }) => ({
        path: f,
        display: path.join(display, path.relative(dir, f)),
        format,
      }));
    return { files, manifests: [], notes: [] };
  }
  const snapshots: Snapshot[] = [];
  for (const m of manifests)
    snapshots.push(isAwsManifest(m) ? await awsSnapshot(m) : await azureSnapshot(m));
  const { read, notes } = latestSnapshots(snapshots);
  const files: BillFile[] = [];
  for (const s of read) {
    for (const f of s.files) {
      const format = formatOf(f);
      const shown = path.join(display, path.relative(dir, f));
      if (!format) {
        throw new ReportInputError(s.manifest, [
          { message: `lists ${shown}, which is not ${SUPPORTED}` },
        ]);
      }
      try {
        await fs.access(f);
      } catch {
        throw new ReportInputError(s.manifest, [
          {
            message: `lists ${shown}, which is not there: copy the whole export (data and metadata)`,
          },
        ]);
      }
      files.push({ path: f, display: shown, format });
    }
  }
  return { files, manifests, notes };
}

/** A glob (`*`, `?`, `**`) as a regular expression over `/`-separated paths. */
export function globPattern(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? "";
    if (c === "*" && glob[i + 1] === "*") {
      re += glob[i + 2] === "/" ? "(?:.*/)?" : ".*";
      i += glob[i + 2] === "/" ? 2 : 1;
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

const isGlob = (p: string) => /[*?]/.test(p);

async function resolveGlob(spec: string, cwd: string): Promise<BillFile[]> {
  const norm = spec.split(path.sep).join("/");
  const parts = norm.split("/");
  const fixed: string[] = [];
  for (const p of parts) {
    if (isGlob(p)) break;
    fixed.push(p);
  }
  const base = path.resolve(cwd, fixed.join("/") || ".");
  const pattern = globPattern(path.resolve(cwd, norm).split(path.sep).join("/"));
  const all = await walk(base).catch(() => [] as string[]);
  return all
    .filter((f) => pattern.test(f.split(path.sep).join("/")))
    .map((f) => ({ f, format: formatOf(f) }))
    .filter((x): x is { f: string; format: BillFormat } => x.format !== undefined)
    .map(({ f, format }) => ({ path: f, display: path.relative(cwd, f) || f, format }));
}

/** Spool standard input to a temporary file (streamed: never whole in memory). */
async function spoolStdin(stdin: NodeJS.ReadableStream): Promise<{ file: BillFile; temp: string }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "outcomeguard-stdin-"));
  const raw = path.join(dir, "stdin");
  await pipeline(stdin, createWriteStream(raw));
  const head = Buffer.alloc(4);
  const fd = await fs.open(raw, "r");
  try {
    await fd.read(head, 0, 4, 0);
  } finally {
    await fd.close();
  }
  const format: BillFormat =
    head[0] === 0x1f && head[1] === 0x8b
      ? "csv.gz"
      : head.toString("latin1") === "PAR1"
        ? "parquet"
        : "csv";
  const named = path.join(dir, `stdin.${format}`);
  await fs.rename(raw, named);
  return { file: { path: named, display: "-", format }, temp: dir };
}

/** Resolve every `--focus` path; throws {@link ReportInputError} naming the path that is wrong. */
export async function resolveBillInputs(
  specs: readonly string[],
  cwd: string,
  stdin: () => NodeJS.ReadableStream = () => process.stdin,
): Promise<BillSelection> {
  const files: BillFile[] = [];
  const manifests: string[] = [];
  const notes: string[] = [];
  const temporary: string[] = [];
  for (const spec of specs) {
    if (spec === "-") {
      const { file, temp } = await spoolStdin(stdin());
      files.push(file);
      temporary.push(temp);
      continue;
    }
    if (isGlob(spec)) {
      const found = await resolveGlob(spec, cwd);
      if (found.length === 0) {
        throw new ReportInputError(spec, [
          { message: `matches no .csv, .csv.gz or .parquet file` },
        ]);
      }
      files.push(...found);
      continue;
    }
    const abs = path.resolve(cwd, spec);
    let stat;
    try {
      stat = await fs.stat(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new ReportInputError(spec, [
        {
          message: `cannot read: ${code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : String(e)}`,
        },
      ]);
    }
    if (stat.isDirectory()) {
      const d = await resolveDirectory(abs, spec);
      if (d.files.length === 0) {
        throw new ReportInputError(spec, [{ message: `holds no .csv, .csv.gz or .parquet file` }]);
      }
      files.push(...d.files);
      manifests.push(...d.manifests);
      notes.push(...d.notes);
      continue;
    }
    const format = formatOf(abs);
    if (!format) throw new ReportInputError(spec, [{ message: `not ${SUPPORTED}` }]);
    files.push({ path: abs, display: spec, format });
  }
  // The same file named twice (a glob and its directory) is read once.
  const seen = new Set<string>();
  const unique = files.filter((f) => (seen.has(f.path) ? false : (seen.add(f.path), true)));
  return { files: unique, manifests, notes, temporary };
}

/** Whether a gzip file decompresses whole (DuckDB reads a truncated one without a word). */
export async function gzipProblem(file: string): Promise<string | undefined> {
  const { createGunzip } = await import("node:zlib");
  try {
    // Decompress and discard: only whether the stream is whole matters.
    await pipeline(
      createReadStream(file),
      createGunzip(),
      new Writable({ write: (_c, _e, done) => done() }),
    );
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
