/**
 * The example stacks through the rest of their life under the real Pulumi engine (issue 12):
 *   - Audit: the ungoverned stack, deployed without the pack, is caught afterwards by
 *     `pulumi policy analyze --policy-pack policies` (state only: no program, no provider calls)
 *     with the offline preview's mandatory findings; all-advisory config lets it pass.
 *   - Secrets: after `pulumi up` of `aws` and `azure`, `pulumi stack export` holds no plaintext key
 *     material, while `--show-secrets` shows the keys are in the state (encrypted).
 *   - Waivers: a live waiver in `--policy-pack-config` lets the waived resources through and the
 *     engine prints its reason; an expired one does not.
 *   - Destroy: a stack deployed with the pack is destroyed, and the pack passes the emptied stack.
 *     (`pulumi destroy` v3.248 takes no `--policy-pack`: local packs run on preview, up, watch
 *     and `policy analyze` only.)
 *
 * As in stacks.engine.test.ts: test-double providers, a temp copy of the project and a file://
 * backend per stack. Skips, saying why, without a Pulumi CLI; fails instead under CI=true.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isoToday } from "../../domain/waivers";
import { POLICY_NAMES } from "../../policies/registry";
import { ensurePolicyPackBuilt } from "../support/policy-pack";
import { expectOk, NO_PULUMI_CLI as SKIP_REASON, suiteCli, type PulumiCli } from "./harness";
import { FAKE_KEY_PREFIX } from "./providers/fake-provider";
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
  type OfflinePreviewJson,
  type StackWorkspace,
  type Verdict,
} from "./stack-workspace";

const cli = suiteCli("engine lifecycle");

/** A CLI run with its engine events and the pack's verdicts. */
interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly verdicts: Verdict[];
  readonly summary?: Readonly<Record<string, number>>;
}

const REASON = "OG-TEST-WAIVER pilot approved by finance until the vendor contract review";

/** `YYYY-MM-DD`, `days` from today (UTC). */
function dayFromToday(days: number): string {
  return isoToday(new Date(Date.parse(`${isoToday()}T00:00:00Z`) + days * 86_400_000));
}

/** A pack config that waives, per policy, the resources of that policy's mandatory findings. */
function waiverConfig(mandatory: readonly Verdict[], expires: string): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const policy of POLICY_NAMES) {
    const names = [
      ...new Set(
        mandatory
          .filter((v) => v.policy === policy)
          .map((v) => v.urn.slice(v.urn.lastIndexOf("::") + 2)),
      ),
    ];
    if (names.length > 0) {
      config[policy] = {
        waivers: names.map((resource) => ({ resource, reason: REASON, expires })),
      };
    }
  }
  return config;
}

/** Key material the test-double providers handed out, as found in a text. */
function keyMaterial(text: string): string[] {
  const escaped = FAKE_KEY_PREFIX.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return [...new Set(text.match(new RegExp(`${escaped}[a-z-]+-[0-9a-f]+`, "g")) ?? [])].sort();
}

interface ExportedState {
  readonly deployment: { readonly resources?: readonly { readonly type: string }[] };
}

describe.skipIf(!cli)(
  cli ? `stack lifecycle under pulumi ${cli.version}` : `stack lifecycle (${SKIP_REASON})`,
  () => {
    const pulumi = cli as PulumiCli;
    let root = "";
    const started: Promise<unknown>[] = [];
    let slot: ReturnType<typeof limiter>;

    function start<T>(p: Promise<T>): Promise<T> {
      p.catch(() => undefined);
      started.push(p);
      return p;
    }

    async function run(ws: StackWorkspace, args: string[], env = {}): Promise<Run> {
      const r = await slot(() =>
        pulumiIn(ws, pulumi, [...args, "--stack", ws.stack, "--non-interactive"], env),
      );
      const events = args.includes("--json") ? parseEngineEvents(r.stdout) : [];
      const summary = events.find((e) => e.summaryEvent)?.summaryEvent?.resourceChanges;
      return {
        ...r,
        verdicts: engineVerdicts(events, ws.stack),
        ...(summary ? { summary } : {}),
      };
    }

    function writeJson(name: string, value: unknown): string {
      const file = path.join(root, name);
      fs.writeFileSync(file, JSON.stringify(value));
      return file;
    }

    const up = (ws: StackWorkspace, pack: boolean) =>
      run(ws, [
        "up",
        "--yes",
        "--skip-preview",
        ...(pack ? ["--policy-pack", "policies"] : []),
        "--json",
      ]).then((r) => {
        expectOk(r, `pulumi up of ${ws.stack}`);
        return r;
      });
    const analyze = (ws: StackWorkspace, config?: string) =>
      run(ws, [
        "policy",
        "analyze",
        "--policy-pack",
        "policies",
        ...(config ? ["--policy-pack-config", config] : []),
        "--json",
      ]);
    const exportState = async (ws: StackWorkspace, showSecrets: boolean) => {
      const r = await run(ws, ["stack", "export", ...(showSecrets ? ["--show-secrets"] : [])]);
      expectOk(r, `pulumi stack export of ${ws.stack}`);
      return r.stdout;
    };

    let offlineUngoverned: Promise<Verdict[]>;
    let audit: Promise<{ up: Run; blocked: Run; advisory: Run }>;
    const deployed = new Map<
      "aws" | "azure",
      Promise<{ created: number; plain: string; revealed: string }>
    >();
    let destroyed: Promise<{ created: number; destroy: Run; after: string; analyzed: Run }>;
    let waivers: Promise<{ live: Run; expired: Run; offline: Verdict[] }>;

    beforeAll(() => {
      ensurePolicyPackBuilt();
      root = fs.mkdtempSync(path.join(os.tmpdir(), "outcomeguard-engine-lifecycle-"));
      slot = limiter(3);
      const allAdvisory = writeJson("all-advisory.json", { all: "advisory" });

      offlineUngoverned = start(
        slot(() => outcomeguard(["preview", "--stack", "ungoverned", "--json"])).then((r) => {
          if (r.code !== 1) throw new Error(`offline preview exited ${r.code}\n${r.stderr}`);
          return offlineVerdicts(JSON.parse(r.stdout) as OfflinePreviewJson);
        }),
      );

      audit = start(
        makeStackWorkspace(root, "audit", "ungoverned", pulumi).then(async (ws) => ({
          up: await up(ws, false),
          blocked: await analyze(ws),
          advisory: await analyze(ws, allAdvisory),
        })),
      );

      for (const stack of ["aws", "azure"] as const) {
        const ws = start(makeStackWorkspace(root, stack, stack, pulumi));
        const state = start(
          ws.then(async (w) => {
            const created = (await up(w, true)).summary?.["create"] ?? 0;
            return {
              created,
              plain: await exportState(w, false),
              revealed: await exportState(w, true),
            };
          }),
        );
        deployed.set(stack, state);
        if (stack === "aws") {
          destroyed = start(
            Promise.all([ws, state]).then(async ([w, s]) => {
              const destroy = await run(w, ["destroy", "--yes", "--skip-preview", "--json"]);
              const after = await exportState(w, false);
              return { created: s.created, destroy, after, analyzed: await analyze(w) };
            }),
          );
        }
      }

      waivers = start(
        Promise.all([
          makeStackWorkspace(root, "waivers", "ungoverned", pulumi),
          offlineUngoverned,
        ]).then(async ([ws, offline]) => {
          const mandatory = offline.filter((v) => v.level === "mandatory");
          const preview = (file: string) =>
            run(
              ws,
              ["preview", "--policy-pack", "policies", "--policy-pack-config", file, "--json"],
              STREAMING_JSON_PREVIEW_ENV,
            );
          const live = writeJson("live.json", waiverConfig(mandatory, dayFromToday(30)));
          const expired = writeJson("expired.json", waiverConfig(mandatory, dayFromToday(-1)));
          return { live: await preview(live), expired: await preview(expired), offline };
        }),
      );
    });

    afterAll(async () => {
      await Promise.allSettled(started);
      if (root) fs.rmSync(root, { recursive: true, force: true });
    });

    const describeRun = (r: Run) => `exit ${r.code}; stderr: ${r.stderr.trim().slice(-2000)}`;

    it("audit: pulumi policy analyze of the ungoverned stack, deployed without the pack, finds the offline preview's mandatory violations", async () => {
      const [{ up: deploy, blocked }, offline] = await Promise.all([audit, offlineUngoverned]);
      // Deployed without the pack: nothing judged it.
      expect(deploy.verdicts).toEqual([]);
      expect(deploy.summary?.["create"]).toBeGreaterThan(0);

      expect(blocked.code, describeRun(blocked)).not.toBe(0);
      expect(blocked.stderr).toMatch(/mandatory policy violations/);
      expect(verdictKeys(blocked.verdicts, "mandatory")).toEqual(verdictKeys(offline, "mandatory"));
      expect(verdictKeys(blocked.verdicts, "mandatory").length).toBeGreaterThan(0);
    });

    it('audit: with --policy-pack-config {"all": "advisory"} it exits 0 with the same findings', async () => {
      const { blocked, advisory } = await audit;
      expect(advisory.code, describeRun(advisory)).toBe(0);
      expect(verdictKeys(advisory.verdicts, "mandatory")).toEqual([]);
      const findings = (vs: readonly Verdict[]) =>
        verdictKeys(vs.map((v) => ({ ...v, level: "advisory" as const })));
      expect(findings(advisory.verdicts)).toEqual(findings(blocked.verdicts));
    });

    for (const stack of ["aws", "azure"] as const) {
      it(`secrets: after pulumi up of ${stack}, pulumi stack export holds no plaintext key material`, async () => {
        const state = deployed.get(stack);
        if (!state) throw new Error(`no ${stack} deployment`);
        const { plain, revealed } = await state;
        // The keys are in the state (--show-secrets decrypts them) ...
        const keys = keyMaterial(revealed);
        expect(keys.length).toBeGreaterThan(0);
        // ... and nowhere in the export in plain text.
        expect(keyMaterial(plain)).toEqual([]);
        for (const key of keys) expect(plain).not.toContain(key.slice(FAKE_KEY_PREFIX.length));
      });
    }

    it("waivers: a live waiver lets the waived resources through, and the engine prints its reason", async () => {
      const { live, offline } = await waivers;
      expect(live.code, describeRun(live)).toBe(0);
      expect(verdictKeys(live.verdicts, "mandatory")).toEqual([]);
      // Every finding the waiver suppressed is reported, with the waiver's reason.
      for (const v of offline.filter((o) => o.level === "mandatory")) {
        const line = live.verdicts.find(
          (e) => e.policy === v.policy && e.urn === v.urn && e.message.includes(REASON),
        );
        expect(line?.message, `${v.policy} on ${v.urn}`).toMatch(/waived until/);
        expect(line?.level).toBe("advisory");
      }
      expect(live.stdout).toContain(REASON);
    });

    it("waivers: an expired waiver does not: the stack stays blocked by the same violations", async () => {
      const { expired, offline } = await waivers;
      expect(expired.code, describeRun(expired)).not.toBe(0);
      expect(verdictKeys(expired.verdicts, "mandatory")).toEqual(verdictKeys(offline, "mandatory"));
      expect(expired.verdicts.some((v) => /expired on/.test(v.message))).toBe(true);
      expect(expired.verdicts.filter((v) => /waived until/.test(v.message))).toEqual([]);
    });

    it("destroy: pulumi destroy of the aws stack deployed with the pack succeeds; the pack passes the empty stack", async () => {
      const { created, destroy, after, analyzed } = await destroyed;
      expectOk(destroy, "pulumi destroy");
      // Everything `pulumi up` created is deleted, and the state is empty.
      expect(created).toBeGreaterThan(0);
      expect(destroy.summary?.["delete"]).toBe(created);
      expect((JSON.parse(after) as ExportedState).deployment.resources ?? []).toEqual([]);
      expect(analyzed.code, describeRun(analyzed)).toBe(0);
      expect(analyzed.verdicts).toEqual([]);
    });
  },
);
