/**
 * Cloud export layouts, as their documentation describes them. AWS Data Exports:
 * `<export>/data/BILLING_PERIOD=YYYY-MM/[<executionId>/]<export>-00001.csv.gz` with
 * `<export>/metadata/BILLING_PERIOD=YYYY-MM/[<executionId>/]<export>-Manifest.json` (executionId,
 * exportArn, columns, dataFiles as S3 URIs). Azure Cost Management FOCUS exports:
 * `<export>/<YYYYMMDD-YYYYMMDD>/<runId>/part_0_0001.csv.gz` beside a `manifest.json` (exportConfig,
 * deliveryConfig, runInfo, blobs with blobName).
 */
import { utimesSync } from "node:fs";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { globPattern, resolveBillInputs } from "../../../cli/report/bill-files";
import { reportCommand } from "../../../cli/report/command";
import { ReportInputError } from "../../../cli/report/errors";
import { focusCsv, memoryDeps, realisticBill, realisticStack } from "../../support/report-fixtures";

const EXPORT = "focus-export";
const AWS_PERIOD = `${EXPORT}/data/BILLING_PERIOD=2026-11`;
const AWS_META = `${EXPORT}/metadata/BILLING_PERIOD=2026-11`;

function awsManifest(executionId: string, files: string[]): string {
  return JSON.stringify({
    executionId,
    exportArn: `arn:aws:bcm-data-exports:us-east-1:123456789012:export/${EXPORT}-7d3c`,
    columns: [{ name: "BilledCost", type: "decimal" }],
    dataFiles: files.map((f) => `s3://acme-billing/exports/${f}`),
    additionalOutputFiles: [],
  });
}

/** Two snapshots of November: an early one (half the lines, $2,000 less) and the latest. */
function awsExport(): Record<string, string | Buffer> {
  const rows = realisticBill();
  return {
    [`${AWS_PERIOD}/exec-early/${EXPORT}-00001.csv.gz`]: gzipSync(focusCsv(rows.slice(1))),
    [`${AWS_META}/exec-early/${EXPORT}-Manifest.json`]: awsManifest("exec-early", [
      `${AWS_PERIOD}/exec-early/${EXPORT}-00001.csv.gz`,
    ]),
    [`${AWS_PERIOD}/exec-late/${EXPORT}-00001.csv.gz`]: gzipSync(focusCsv(rows.slice(0, 5))),
    [`${AWS_PERIOD}/exec-late/${EXPORT}-00002.csv.gz`]: gzipSync(focusCsv(rows.slice(5))),
    [`${AWS_META}/exec-late/${EXPORT}-Manifest.json`]: awsManifest("exec-late", [
      `${AWS_PERIOD}/exec-late/${EXPORT}-00001.csv.gz`,
      `${AWS_PERIOD}/exec-late/${EXPORT}-00002.csv.gz`,
    ]),
  };
}

function azureManifest(runId: string, submitted: string, blobs: string[]): string {
  return JSON.stringify({
    manifestVersion: "2024-04-01",
    byteCount: 1000,
    blobCount: blobs.length,
    dataRowCount: 11,
    exportConfig: {
      exportName: "focus-daily",
      resourceId: "/subscriptions/00000000-0000-0000-0000-000000000001",
      dataVersion: "1.0r2",
      type: "FocusCost",
      timeFrame: "MonthToDate",
      granularity: "Daily",
    },
    deliveryConfig: {
      partitionData: true,
      dataOverwriteBehavior: "CreateNewReport",
      fileFormat: "Csv",
      compressionMode: "gzip",
    },
    runInfo: {
      executionType: "Scheduled",
      submittedTime: submitted,
      runId,
      startDate: "2026-11-01T00:00:00",
      endDate: "2026-11-30T00:00:00",
    },
    blobs: blobs.map((b) => ({
      blobName: `exports/focus-daily/20261101-20261130/${runId}/${b}`,
      byteCount: 500,
      dataRowCount: 5,
    })),
  });
}

function azureExport(): Record<string, string | Buffer> {
  const rows = realisticBill();
  const run = (id: string) => `focus-daily/20261101-20261130/${id}`;
  return {
    [`${run("run-b")}/part_0_0001.csv.gz`]: gzipSync(focusCsv(rows.slice(0, 6))),
    [`${run("run-b")}/part_1_0001.csv.gz`]: gzipSync(focusCsv(rows.slice(6))),
    [`${run("run-b")}/manifest.json`]: azureManifest("run-b", "2026-11-21T04:10:00Z", [
      "part_0_0001.csv.gz",
      "part_1_0001.csv.gz",
    ]),
    [`${run("run-a")}/part_0_0001.csv.gz`]: gzipSync(focusCsv(rows.slice(2))),
    [`${run("run-a")}/manifest.json`]: azureManifest("run-a", "2026-11-20T04:10:00Z", [
      "part_0_0001.csv.gz",
    ]),
  };
}

async function report(
  files: Record<string, string | Buffer>,
  focus: string,
  touch?: (dir: string) => void,
) {
  const { deps, io, captured, dir } = memoryDeps({
    "prod.json": realisticStack().text(),
    ...files,
  });
  touch?.(dir);
  const code = await reportCommand(
    ["--state", "prod.json", "--focus", focus, "--format", "json"],
    io,
    deps,
  );
  if (code !== 0) throw new Error(captured.err.join("\n"));
  return JSON.parse(captured.out.join("\n")) as { total: { actualUsd: number }; notes: string[] };
}

describe("AWS Data Exports: billing-period partitions, the latest snapshot by its manifest", () => {
  it("reads only the latest execution's data files and says which", async () => {
    const j = await report(awsExport(), EXPORT, (dir) => {
      const early = path.join(dir, `${AWS_META}/exec-early/${EXPORT}-Manifest.json`);
      const late = path.join(dir, `${AWS_META}/exec-late/${EXPORT}-Manifest.json`);
      utimesSync(early, new Date("2026-11-19T00:00:00Z"), new Date("2026-11-19T00:00:00Z"));
      utimesSync(late, new Date("2026-11-21T00:00:00Z"), new Date("2026-11-21T00:00:00Z"));
    });
    expect(j.total.actualUsd).toBe(6515.75);
    expect(j.notes.join("\n")).toMatch(
      /focus-export BILLING_PERIOD=2026-11: 2 snapshots; read only the latest, exec-late .*left out exec-early/,
    );
  });

  it("a manifest that lists a file not copied is named", async () => {
    const files = awsExport();
    delete files[`${AWS_PERIOD}/exec-late/${EXPORT}-00002.csv.gz`];
    await expect(report(files, EXPORT)).rejects.toThrow(
      /exec-late\/focus-export-Manifest\.json: lists .*00002\.csv\.gz, which is not there/,
    );
  });

  it("a manifest without dataFiles is refused by field", async () => {
    const files = {
      [`${AWS_META}/${EXPORT}-Manifest.json`]: JSON.stringify({ executionId: "x" }),
      "other.csv": "",
    };
    await expect(report(files, EXPORT)).rejects.toThrow(
      /Manifest\.json: dataFiles: .*AWS Data Exports manifest/,
    );
  });
});

describe("Azure Cost Management FOCUS exports: manifest and part files", () => {
  it("reads the latest run's parts (by runInfo.submittedTime) and says which", async () => {
    const j = await report(azureExport(), "focus-daily");
    expect(j.total.actualUsd).toBe(6515.75);
    expect(j.notes.join("\n")).toMatch(
      /focus-daily 2026-11-01\.\.2026-11-30: 2 snapshots; read only the latest, run-b/,
    );
  });
});

describe("paths", () => {
  it("globs: * within a directory, ** across them", () => {
    expect(globPattern("/a/*.csv").test("/a/x.csv")).toBe(true);
    expect(globPattern("/a/*.csv").test("/a/b/x.csv")).toBe(false);
    expect(globPattern("/a/**/*.csv").test("/a/b/c/x.csv")).toBe(true);
    expect(globPattern("/a/**/*.csv").test("/a/x.csv")).toBe(true);
  });

  it("a directory without a bill is an input error", async () => {
    const { dir } = memoryDeps({ "empty/readme.txt": "x" });
    await expect(resolveBillInputs(["empty"], dir)).rejects.toBeInstanceOf(ReportInputError);
  });
});
