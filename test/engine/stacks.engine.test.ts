/**
 * The example stacks under the real Pulumi engine (issue 8): `pulumi preview --policy-pack policies`
 * gives the offline preview's verdicts, the ungoverned stack is blocked by both, a
 * `--policy-pack-config` override works in both, `pulumi up` of the compliant `aws` stack succeeds
 * and `outcomeguard report --state <pulumi stack export>` shows the offline report's figures.
 *
 * Only the cloud is replaced (test-double providers on PATH, see harness.ts); the engine, the
 * analyzer path, the file:// backend, state and the passphrase secrets provider are real. Each run
 * gets its own copy of the project and its own backend in a temp dir: nothing is written into the
 * repository (except policies/dist, which is built as the other suites build it).
 *
 * Skips, saying why, when no Pulumi CLI is found (scripts/pulumi-cli/build.sh, or
 * OUTCOMEGUARD_PULUMI_DIR pointing at your own install's bin dir); fails instead under CI=true.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AllocationRow, OutcomeSummary, Totals } from "../../domain/spend-model";
import { ensurePolicyPackBuilt } from "../support/policy-pack";
import { expectOk, NO_PULUMI_CLI as SKIP_REASON, suiteCli, type PulumiCli } from "./harness";
import {
  STREAMING_JSON_PREVIEW_ENV,
  engineVerdicts,
  limiter,
  makeStackWorkspace,
  offlineVerdicts,
  outcomeguard,
  parseEngineEvents,
  pulumiIn,
  verdictKeys,
  type CommandResult,
  type EngineEvent,
  type OfflinePreviewJson,
  type StackWorkspace,
  type Verdict,
} from "./stack-workspace";

const cli = suiteCli("engine stacks");

const STACKS = ["aws", "azure", "ungoverned"] as const;
type StackName = (typeof STACKS)[number];
/** The ungoverned stack again, with `--policy-pack-config` turning every policy advisory. */
const ALL_ADVISORY = "ungoverned+all-advisory";
type RunLabel = StackName | typeof ALL_ADVISORY;

/**
 * Under the engine, values another resource only gets at creation (an ARN, a policy document built
 * from ARNs) are unknown at preview; the offline preview's mocks fill them in. The pack then says
 * "undecided at preview" (advisory) where the offline preview could decide, and decides at update
 * (the engine analyzes every resource again then). Those advisory lines are the only difference
 * the comparison allows; mandatory verdicts must be the same, resource for resource.
 */
const UNDECIDED_AT_PREVIEW = /undecided at preview/;

interface EngineRun {
  readonly code: number;
  readonly events: EngineEvent[];
  readonly verdicts: Verdict[];
  readonly stdout: string;
  readonly stderr: string;
}

interface OfflineRun {
  readonly code: number;
  readonly doc: OfflinePreviewJson;
  readonly verdicts: Verdict[];
}

// What `outcomeguard report --format json` prints (the fields compared here): the domain's
// allocation, as cli/report/render-json.ts writes it.
type ReportTotals = Pick<
  Totals,
  | "outcomes"
  | "endpoints"
  | "ceilingUsd"
  | "endpointsWithoutCeiling"
  | "projectedMaxUsd"
  | "uncappedEndpoints"
>;
type ReportOutcome = Pick<
  OutcomeSummary,
  "team" | "outcome" | "budgetAlarm" | "hardStop" | "hardStopKinds"
> & { readonly totals: ReportTotals };
type ReportRow = Pick<
  AllocationRow,
  | "kind"
  | "team"
  | "outcome"
  | "resource"
  | "ceilingUsd"
  | "projectedMaxUsd"
  | "budgetAlarm"
  | "hardStop"
  | "tagsComplete"
>;
interface ReportJson {
  readonly schema: string;
  readonly source: { readonly kind: string; readonly name: string };
  readonly total: ReportTotals;
  readonly teams: readonly { readonly team: string; readonly totals: ReportTotals }[];
  readonly outcomes: readonly ReportOutcome[];
  readonly rows: readonly ReportRow[];
  readonly notes?: readonly string[];
}

function parseReport(r: CommandResult, what: string): ReportJson {
  if (r.code !== 0) {
    throw new Error(`${what} exited ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
  }
  return JSON.parse(r.stdout) as ReportJson;
}

/** Per outcome: ceiling, projected maximum, budget alarm, hard stop. */
function outcomeFigures(report: ReportJson): Record<string, unknown> {
  return Object.fromEntries(
    report.outcomes.map((o) => [
      `${o.team}/${o.outcome}`,
      {
        ceilingUsd: o.totals.ceilingUsd,
        projectedMaxUsd: o.totals.projectedMaxUsd,
        uncappedEndpoints: o.totals.uncappedEndpoints,
        endpoints: o.totals.endpoints,
        budgetAlarm: o.budgetAlarm,
        hardStop: o.hardStop,
        hardStopKinds: [...o.hardStopKinds].sort(),
      },
    ]),
  );
}

function rowFigures(report: ReportJson): unknown[] {
  return report.rows
    .map((r) => ({
      kind: r.kind,
      team: r.team,
      outcome: r.outcome,
      resource: r.resource,
      ceilingUsd: r.ceilingUsd,
      projectedMaxUsd: r.projectedMaxUsd,
      budgetAlarm: r.budgetAlarm,
      hardStop: r.hardStop,
      tagsComplete: r.tagsComplete,
    }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

function errorsOf(events: readonly EngineEvent[]): string[] {
  return events.flatMap((e) =>
    e.diagnosticEvent?.severity === "error" ? [e.diagnosticEvent.message.trim()] : [],
  );
}

/** Every URN the engine planned a step for (the default providers are not steps). */
function plannedUrns(events: readonly EngineEvent[]): string[] {
  return [
    ...new Set(
      events.flatMap((e) => (e.resourcePreEvent ? [e.resourcePreEvent.metadata.urn] : [])),
    ),
  ].sort();
}

function describeRun(r: EngineRun): string {
  return `exit ${r.code}; errors: ${errorsOf(r.events).join(" | ") || "none"}; stderr: ${r.stderr.trim().slice(-2000)}`;
}

describe.skipIf(!cli)(
  cli
    ? `example stacks under pulumi ${cli.version} (${cli.dir})`
    : `example stacks (${SKIP_REASON})`,
  () => {
    const pulumi = cli as PulumiCli;
    let root = "";
    const workspaces = new Map<RunLabel, Promise<StackWorkspace>>();
    const engine = new Map<RunLabel, Promise<EngineRun>>();
    const offline = new Map<RunLabel, Promise<OfflineRun>>();
    let offlineReport: Promise<CommandResult> | undefined;

    async function enginePreview(ws: StackWorkspace, packConfig?: string): Promise<EngineRun> {
      const args = ["preview", "--stack", ws.stack, "--policy-pack", "policies"];
      if (packConfig) args.push("--policy-pack-config", packConfig);
      args.push("--json", "--non-interactive");
      const r = await pulumiIn(ws, pulumi, args, STREAMING_JSON_PREVIEW_ENV);
      const events = parseEngineEvents(r.stdout);
      return { ...r, events, verdicts: engineVerdicts(events, ws.stack) };
    }

    async function offlinePreview(stack: StackName, packConfig?: string): Promise<OfflineRun> {
      const args = ["preview", "--stack", stack, "--json"];
      if (packConfig) args.push("--policy-pack-config", packConfig);
      const r = await outcomeguard(args);
      if (r.code !== 0 && r.code !== 1) {
        throw new Error(`outcomeguard ${args.join(" ")} exited ${r.code}\n${r.stderr}`);
      }
      const doc = JSON.parse(r.stdout) as OfflinePreviewJson;
      return { code: r.code, doc, verdicts: offlineVerdicts(doc) };
    }

    beforeAll(() => {
      ensurePolicyPackBuilt();
      root = fs.mkdtempSync(path.join(os.tmpdir(), "outcomeguard-engine-stacks-"));
      const allAdvisory = path.join(root, "all-advisory.json");
      fs.writeFileSync(allAdvisory, JSON.stringify({ all: "advisory" }));

      // Everything starts now and runs concurrently, at most 3 processes trees at a time (2 cores);
      // each test awaits what it needs. Rejections surface in the tests that await them.
      const slot = limiter(3);
      const runs: [RunLabel, StackName, string | undefined][] = [
        ["ungoverned", "ungoverned", undefined],
        ["aws", "aws", undefined],
        ["azure", "azure", undefined],
        [ALL_ADVISORY, "ungoverned", allAdvisory],
      ];
      for (const [label, stack, packConfig] of runs) {
        const ws = makeStackWorkspace(root, label, stack, pulumi);
        workspaces.set(label, ws);
        engine.set(
          label,
          ws.then((w) => slot(() => enginePreview(w, packConfig))),
        );
        offline.set(
          label,
          slot(() => offlinePreview(stack, packConfig)),
        );
      }
      const report = slot(() => outcomeguard(["report", "--stack", "aws", "--format", "json"]));
      offlineReport = report;
      for (const p of [...workspaces.values(), ...engine.values(), ...offline.values()]) {
        p.catch(() => undefined);
      }
      report.catch(() => undefined);
    });

    afterAll(async () => {
      // Let every started run finish before its directory goes.
      await Promise.allSettled([...engine.values(), ...offline.values(), offlineReport]);
      if (root) fs.rmSync(root, { recursive: true, force: true });
    });

    const get = <T>(m: Map<RunLabel, Promise<T>>, label: RunLabel): Promise<T> => {
      const p = m.get(label);
      if (!p) throw new Error(`no run ${label}`);
      return p;
    };

    for (const stack of STACKS) {
      it(`${stack}: pulumi preview --policy-pack policies gives the offline preview's verdicts`, async () => {
        const [e, o] = await Promise.all([get(engine, stack), get(offline, stack)]);

        // The program ran and the pack judged it: no error but the pack's verdict.
        expect(
          errorsOf(e.events).filter((m) => !/^preview failed$/.test(m)),
          describeRun(e),
        ).toEqual([]);
        expect(
          e.events.some((ev) => ev.summaryEvent !== undefined),
          describeRun(e),
        ).toBe(true);

        // Same resources: every resource of the offline plan but the default providers.
        expect(plannedUrns(e.events)).toEqual(
          o.doc.resources
            .filter((r) => !r.type.startsWith("pulumi:providers:"))
            .map((r) => r.urn)
            .sort(),
        );

        // Same mandatory verdicts: policy, resource, level.
        expect(verdictKeys(e.verdicts, "mandatory")).toEqual(verdictKeys(o.verdicts, "mandatory"));

        // Advisory: the offline ones all appear; the engine adds only "undecided at preview" ones.
        const engineAdvisory = verdictKeys(e.verdicts, "advisory");
        expect(engineAdvisory).toEqual(expect.arrayContaining(verdictKeys(o.verdicts, "advisory")));
        const extra = e.verdicts.filter(
          (v) =>
            v.level === "advisory" &&
            !verdictKeys(o.verdicts, "advisory").includes(verdictKeys([v])[0] ?? ""),
        );
        for (const v of extra) {
          expect(v.message, `${v.policy} on ${v.urn}`).toMatch(UNDECIDED_AT_PREVIEW);
        }
        if (extra.length > 0) {
          console.info(
            `[engine stacks] ${stack}: advisory only under the engine (unknown at preview):\n  ${verdictKeys(extra).join("\n  ")}`,
          );
        }

        // Exit codes: blocked by mandatory violations in both, or passing in both.
        if (stack === "ungoverned") {
          expect(e.code, describeRun(e)).not.toBe(0);
          expect(o.code).toBe(1);
          expect(verdictKeys(e.verdicts, "mandatory").length).toBeGreaterThan(0);
        } else {
          expect(e.code, describeRun(e)).toBe(0);
          expect(o.code).toBe(0);
          expect(verdictKeys(e.verdicts, "mandatory")).toEqual([]);
        }
      });
    }

    it('ungoverned with --policy-pack-config {"all": "advisory"}: passes in both, same findings', async () => {
      const [e, o, eBlocked] = await Promise.all([
        get(engine, ALL_ADVISORY),
        get(offline, ALL_ADVISORY),
        get(engine, "ungoverned"),
      ]);
      expect(e.code, describeRun(e)).toBe(0);
      expect(o.code).toBe(0);
      expect(verdictKeys(e.verdicts, "mandatory")).toEqual([]);
      expect(verdictKeys(o.verdicts, "mandatory")).toEqual([]);
      // The override changes levels only: the same findings, every one advisory now.
      const findings = (vs: readonly Verdict[]) =>
        verdictKeys(vs.map((v) => ({ ...v, level: "advisory" as const })));
      expect(findings(e.verdicts)).toEqual(findings(eBlocked.verdicts));
      const offlineFindings = findings(o.verdicts);
      expect(findings(e.verdicts)).toEqual(expect.arrayContaining(offlineFindings));
      expect(findings(e.verdicts).length).toBeGreaterThan(0);
    });

    it("aws: pulumi up --policy-pack policies succeeds; its stack export reports the offline figures", async () => {
      const ws = await get(workspaces, "aws");
      // The preview runs in the same workspace: let it finish first.
      const preview = await get(engine, "aws");

      const up = await pulumiIn(ws, pulumi, [
        "up",
        "--stack",
        "aws",
        "--yes",
        // The preview above already ran with the pack; this is the update alone.
        "--skip-preview",
        "--policy-pack",
        "policies",
        "--json",
        "--non-interactive",
      ]);
      expectOk(up, "pulumi up");
      const events = parseEngineEvents(up.stdout);
      expect(errorsOf(events)).toEqual([]);
      const verdicts = engineVerdicts(events, "aws");
      expect(verdictKeys(verdicts, "mandatory")).toEqual([]);
      // At update every value is known: what was undecided at preview is decided (and passes).
      expect(verdicts.filter((v) => UNDECIDED_AT_PREVIEW.test(v.message))).toEqual([]);
      const created = events.find((e) => e.summaryEvent)?.summaryEvent?.resourceChanges?.["create"];
      expect(created).toBe(plannedUrns(preview.events).length);

      const exportFile = path.join(root, "aws-export.json");
      expectOk(
        await pulumiIn(ws, pulumi, ["stack", "export", "--stack", "aws", "--file", exportFile]),
        "pulumi stack export",
      );
      const [fromState, fromOffline] = await Promise.all([
        outcomeguard(["report", "--state", exportFile, "--format", "json"]).then((r) =>
          parseReport(r, "outcomeguard report --state"),
        ),
        (offlineReport ?? Promise.reject(new Error("the offline report did not start"))).then((r) =>
          parseReport(r, "outcomeguard report --stack aws"),
        ),
      ]);

      expect(fromState.source.kind).toBe("state");
      expect(fromOffline.source).toEqual({ kind: "stack", name: "aws" });
      expect(Object.keys(outcomeFigures(fromState)).sort()).toEqual([
        "platform-engineering/code-review-lead-time",
        "support/support-ticket-deflection",
      ]);
      expect(outcomeFigures(fromState)).toEqual(outcomeFigures(fromOffline));
      expect(fromState.total).toEqual(fromOffline.total);
      expect(fromState.teams).toEqual(fromOffline.teams);
      expect(fromState.outcomes).toEqual(fromOffline.outcomes);
      expect(rowFigures(fromState)).toEqual(rowFigures(fromOffline));
      // Same notes; their order follows the resources' order, which differs between the two.
      expect([...(fromState.notes ?? [])].sort()).toEqual([...(fromOffline.notes ?? [])].sort());
    });
  },
);
