/**
 * The bill on DuckDB: the same November bill delivered as CSV, gzip CSV, Parquet (tags as a MAP
 * or a STRUCT), in parts, or on standard input gives the same figures; bad files are named.
 * DuckDB is the report's engine only: nothing the pack, the components, the domain or `preview`
 * load imports it, and the report itself loads it only when it reads a bill.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { reportCommand } from "../../../cli/report/command";
import {
  FOCUS_COLUMNS,
  focusCsv,
  memoryDeps,
  realisticBill,
  realisticStack,
} from "../../support/report-fixtures";

interface Json {
  total: { actualUsd: number; untaggedActualUsd: number; pctOfCeiling: number };
  outcomes: { outcome: string; totals: { actualUsd: number } }[];
  billing: { months: string[]; aiLines: number; otherSpend: { lines: number } };
  notes: string[];
}

async function run(argv: string[], files: Record<string, string | Buffer>, stdin?: Buffer) {
  const { deps, io, captured, dir } = memoryDeps({
    "prod.json": realisticStack().text(),
    ...files,
  });
  const code = await reportCommand(
    argv,
    io,
    stdin ? { ...deps, stdin: () => Readable.from([stdin]) } : deps,
  );
  return { code, out: captured.out.join("\n"), err: captured.err.join("\n"), captured, dir };
}

const json = async (focus: string[], files: Record<string, string | Buffer>, stdin?: Buffer) => {
  const r = await run(
    ["--state", "prod.json", ...focus.flatMap((f) => ["--focus", f]), "--format", "json"],
    files,
    stdin,
  );
  if (r.code !== 0) throw new Error(r.err);
  return JSON.parse(r.out) as Json;
};

/** A Parquet copy of a CSV bill, tags as a MAP, a STRUCT or left a JSON string. */
async function parquet(csv: string, tags: "map" | "struct" | "json"): Promise<Buffer> {
  const { dir } = memoryDeps({ "in.csv": csv });
  const db = await DuckDBInstance.create(":memory:");
  const c = await db.connect();
  const out = path.join(dir, "out.parquet");
  const expr =
    tags === "map"
      ? `CAST(CAST(CASE WHEN Tags = '' THEN '{}' ELSE Tags END AS JSON) AS MAP(VARCHAR, VARCHAR))`
      : tags === "struct"
        ? `json_transform(CASE WHEN Tags = '' THEN '{}' ELSE Tags END, '{"user:ai-outcome":"VARCHAR","user:ai-team":"VARCHAR","ai-outcome":"VARCHAR","ai-team":"VARCHAR"}')`
        : "Tags";
  await c.run(
    `COPY (SELECT * REPLACE (${expr} AS Tags, CAST(BilledCost AS DECIMAL(18,6)) AS BilledCost) FROM read_csv('${path.join(dir, "in.csv")}', all_varchar = true)) TO '${out}' (FORMAT parquet)`,
  );
  c.closeSync();
  db.closeSync();
  return readFileSync(out);
}

const EXPECTED = { actualUsd: 6515.75, untaggedActualUsd: 525.5, pctOfCeiling: 60.3 };

describe("one bill, every way it is delivered", () => {
  const csv = focusCsv(realisticBill());

  it.each([
    ["CSV", { "nov.csv": csv }, ["nov.csv"]],
    ["gzip CSV", { "nov.csv.gz": gzipSync(csv) }, ["nov.csv.gz"]],
  ] as const)("%s gives the report's figures", async (_name, files, focus) => {
    const j = await json([...focus], files);
    expect(j.total).toMatchObject(EXPECTED);
    expect(j.billing).toMatchObject({ months: ["2026-11"], aiLines: 9, otherSpend: { lines: 2 } });
  });

  it.each(["map", "struct", "json"] as const)(
    "Parquet with tags as %s gives the same figures",
    async (tags) => {
      const j = await json(["nov.parquet"], { "nov.parquet": await parquet(csv, tags) });
      expect(j.total).toMatchObject(EXPECTED);
    },
  );

  it("a bill in parts (--focus twice, a directory, a glob) adds up", async () => {
    const rows = realisticBill();
    const parts = {
      "parts/a.csv": focusCsv(rows.slice(0, 5)),
      "parts/b.csv.gz": gzipSync(focusCsv(rows.slice(5))),
    };
    expect((await json(["parts/a.csv", "parts/b.csv.gz"], parts)).total).toMatchObject(EXPECTED);
    expect((await json(["parts"], parts)).total).toMatchObject(EXPECTED);
    expect((await json(["parts/*.csv*"], parts)).total).toMatchObject(EXPECTED);
  });

  it("CSV and Parquet parts of one bill combine", async () => {
    const rows = realisticBill();
    const files = {
      "a.csv": focusCsv(rows.slice(0, 4)),
      "b.parquet": await parquet(focusCsv(rows.slice(4)), "map"),
    };
    expect((await json(["a.csv", "b.parquet"], files)).total).toMatchObject(EXPECTED);
  });

  it("- reads standard input (CSV, gzip or Parquet)", async () => {
    expect((await json(["-"], {}, Buffer.from(csv))).total).toMatchObject(EXPECTED);
    expect((await json(["-"], {}, gzipSync(csv))).total).toMatchObject(EXPECTED);
    expect((await json(["-"], {}, await parquet(csv, "map"))).total).toMatchObject(EXPECTED);
  });

  it("BOM, CRLF, a quoted newline and columns in any order and case read as one bill", async () => {
    const rows = realisticBill();
    rows[0] = {
      ...rows[0]!,
      service: "Amazon Bedrock",
      tags: { "user:ai-outcome": "support-ticket-deflection", note: "two\nlines" },
    };
    const text = focusCsv(rows, [...FOCUS_COLUMNS].reverse(), "\r\n");
    const eol = text.indexOf("\r\n");
    const j = await json(["nov.csv"], {
      "nov.csv": `\ufeff${text.slice(0, eol).toLowerCase()}${text.slice(eol)}`,
    });
    expect(j.total).toMatchObject(EXPECTED);
  });

  it("provider x_ columns and FOCUS 1.2/1.3 columns are tolerated", async () => {
    const columns = [
      ...FOCUS_COLUMNS,
      "x_UsageType",
      "ServiceSubcategory",
      "InvoiceId",
      "x_Discounts",
    ];
    expect(
      (await json(["nov.csv"], { "nov.csv": focusCsv(realisticBill(), columns) })).total,
    ).toMatchObject(EXPECTED);
  });

  it("an empty bill (a header, no lines) reports no spend", async () => {
    const j = await json(["nov.csv"], { "nov.csv": focusCsv([]) });
    expect(j.total).toMatchObject({ actualUsd: 0, untaggedActualUsd: 0 });
    expect(j.notes.join("\n")).toMatch(/no AI spend/);
  });
});

describe("bad bills are named, exit 2, nothing written", () => {
  const bad = async (files: Record<string, string | Buffer>, focus = Object.keys(files)) => {
    const r = await run(
      [
        "--state",
        "prod.json",
        ...focus.flatMap((f) => ["--focus", f]),
        "--output",
        "out.json",
        "--format",
        "json",
      ],
      files,
    );
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.captured.written.size).toBe(0);
    return r.err;
  };

  it("a truncated gzip", async () => {
    const gz = gzipSync(focusCsv(realisticBill()));
    expect(await bad({ "nov.csv.gz": gz.subarray(0, gz.length - 20) })).toMatch(
      /nov\.csv\.gz: not a valid gzip file/,
    );
  });

  it("a Parquet file cut short, and one that is not Parquet", async () => {
    const pq = await parquet(focusCsv(realisticBill()), "map");
    expect(await bad({ "nov.parquet": pq.subarray(0, pq.length - 100) })).toMatch(
      /nov\.parquet: not a valid Parquet file/,
    );
    expect(await bad({ "x.parquet": "BilledCost\n1\n" })).toMatch(
      /x\.parquet: not a valid Parquet file/,
    );
  });

  it("a Parquet file with a corrupt row group: file and row group", async () => {
    const { dir } = memoryDeps({ "in.csv": focusCsv(realisticBill()) });
    const db = await DuckDBInstance.create(":memory:");
    const c = await db.connect();
    const file = path.join(dir, "big.parquet");
    // 3 row groups of 2,048 lines; then the EffectiveCost pages of row group 1 overwritten.
    await c.run(
      `COPY (SELECT r.* REPLACE (CAST(CAST(CASE WHEN Tags = '' THEN '{}' ELSE Tags END AS JSON) AS MAP(VARCHAR, VARCHAR)) AS Tags) FROM read_csv('${path.join(dir, "in.csv")}', all_varchar = true) r, range(560)) TO '${file}' (FORMAT parquet, ROW_GROUP_SIZE 2048)`,
    );
    const chunk = (
      await c.runAndReadAll(
        `SELECT data_page_offset AS at, total_compressed_size AS n FROM parquet_metadata('${file}') WHERE row_group_id = 1 AND path_in_schema = 'EffectiveCost'`,
      )
    ).getRowObjectsJson()[0]!;
    c.closeSync();
    db.closeSync();
    const bytes = readFileSync(file);
    bytes.fill(0x5a, Number(chunk.at), Number(chunk.at) + Number(chunk.n));
    expect(await bad({ "big.parquet": bytes })).toMatch(
      /big\.parquet: row group 1: not a valid Parquet file/,
    );
  });

  it("a CSV row with too many fields: file and line", async () => {
    const text = focusCsv(realisticBill()).replace("\n2100.50,", "\n2100.50,,");
    expect(await bad({ "nov.csv": text })).toMatch(/nov\.csv:2(:\d+)?: not a valid CSV file/);
  });

  it("a Parquet file missing columns, named", async () => {
    const db = await DuckDBInstance.create(":memory:");
    const c = await db.connect();
    const { dir } = memoryDeps({});
    const file = path.join(dir, "thin.parquet");
    await c.run(
      `COPY (SELECT 1.0 AS BilledCost, 'USD' AS BillingCurrency) TO '${file}' (FORMAT parquet)`,
    );
    c.closeSync();
    db.closeSync();
    expect(await bad({ "thin.parquet": readFileSync(file) })).toMatch(
      /thin\.parquet:1:1: header: missing required columns EffectiveCost, ChargePeriodStart, ChargePeriodEnd, ServiceName, ResourceId, Tags/,
    );
  });

  it("currencies mixed across parts are refused by name", async () => {
    const rows = realisticBill();
    const err = await bad({
      "a.csv": focusCsv(rows.slice(0, 3)),
      "b.csv": focusCsv(rows.slice(3).map((r) => ({ ...r, currency: "EUR" }))),
    });
    expect(err).toMatch(
      /b\.csv:2:\d+: BillingCurrency: billing is in EUR, but cost ceilings are in USD/,
    );
  });

  it("a bad number in a big bill is still named by file and column (without re-reading it)", async () => {
    const rows = realisticBill();
    rows[2] = { ...rows[2]!, effective: "n/a" };
    const pq = await parquet(focusCsv(rows).replace(",n/a,", ",,"), "map");
    expect(await bad({ "nov.parquet": pq })).toMatch(
      /nov\.parquet: EffectiveCost: 1 line not a number.*the first at row 3/,
    );
  });

  it("a path that is not a bill", async () => {
    expect(await bad({ "nov.xlsx": "x" })).toMatch(
      /nov\.xlsx: not a \.csv, \.csv\.gz or \.parquet file/,
    );
    expect(await bad({}, ["missing.csv"])).toMatch(/missing\.csv: cannot read: no such file/);
    expect(await bad({}, ["none/*.csv"])).toMatch(
      /none\/\*\.csv: matches no \.csv, \.csv\.gz or \.parquet file/,
    );
  });
});

describe("--output is never one of the inputs", () => {
  it.each(["nov.csv", "./nov.csv", "prod.json"])(
    "--output %s is refused, the input untouched",
    async (output) => {
      const csv = focusCsv(realisticBill());
      const { deps, io, captured, dir } = memoryDeps({
        "prod.json": realisticStack().text(),
        "nov.csv": csv,
      });
      let wrote = false;
      const code = await reportCommand(
        ["--state", "prod.json", "--focus", "nov.csv", "--format", "csv", "--output", output],
        io,
        { ...deps, writeFile: async () => void (wrote = true) },
      );
      expect(code).toBe(2);
      expect(wrote).toBe(false);
      expect(captured.err.join("\n")).toMatch(/--output is .*input.*would destroy it/);
      expect(readFileSync(path.join(dir, "nov.csv"), "utf8")).toBe(csv);
    },
  );

  it("a symbolic link to an input is refused too", async () => {
    const { symlinkSync } = await import("node:fs");
    const { deps, io, dir } = memoryDeps({
      "prod.json": realisticStack().text(),
      "nov.csv": focusCsv(realisticBill()),
    });
    symlinkSync(path.join(dir, "nov.csv"), path.join(dir, "link.csv"));
    writeFileSync(path.join(dir, "unrelated.txt"), "");
    const code = await reportCommand(
      ["--state", "prod.json", "--focus", "nov.csv", "--output", "link.csv"],
      io,
      deps,
    );
    expect(code).toBe(2);
  });
});

const ROOT = path.resolve(__dirname, "..", "..", "..");

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = path.join(dir, e);
    if (e === "node_modules" || e === "dist") continue;
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (/\.(ts|js|cjs|mjs)$/.test(e)) out.push(p);
  }
  return out;
}

/** Whether DuckDB's native library is mapped into a fresh process after running `script`. */
function loadsDuckDb(script: string): boolean {
  const out = execFileSync(
    process.execPath,
    [
      "-e",
      `require("tsx/cjs");(async()=>{${script};` +
        `process.stdout.write(String(require("fs").readFileSync("/proc/self/maps","utf8").includes("duckdb")))})()`,
    ],
    { cwd: ROOT, encoding: "utf8", timeout: 60_000 },
  );
  return out.trim().endsWith("true");
}

describe("who loads DuckDB", () => {
  it("no source of the pack, the components, the domain, the stacks or preview imports it", () => {
    const files = [
      "policies",
      "components",
      "domain",
      "stacks",
      "cli/preview",
      "cli/program",
    ].flatMap((d) => sources(path.join(ROOT, d)));
    expect(files.length).toBeGreaterThan(20);
    expect(files.filter((f) => readFileSync(f, "utf8").includes("@duckdb"))).toEqual([]);
  });

  it("the built policy pack does not contain it", () => {
    const dist = path.join(ROOT, "policies", "dist", "index.js");
    expect(existsSync(dist)).toBe(true);
    expect(readFileSync(dist, "utf8")).not.toMatch(/duckdb/i);
  });

  it.runIf(existsSync("/proc/self/maps"))(
    "the report loads it only to read a bill",
    () => {
      expect(loadsDuckDb(`require("./cli/main.ts")`)).toBe(false);
      expect(
        loadsDuckDb(
          `const r=require("./cli/report/command.ts");await r.reportCommand(["--help"],{out(){},err(){}})`,
        ),
      ).toBe(false);
      expect(loadsDuckDb(`await import("@duckdb/node-api")`)).toBe(true);
    },
    120_000,
  );
});
