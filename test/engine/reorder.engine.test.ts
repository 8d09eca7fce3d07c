/**
 * Issue 16 under the real Pulumi engine: what the account and the teams own does not move when the
 * stack config is reordered. `pulumi up` of the `aws` stack, then in the same workspace put the
 * endpoints, teams and keys in reverse order: `pulumi preview` plans no delete and no replace of any
 * cost-allocation tag, budget, budget action, key or alarm (the cost-allocation tags used to hang
 * off the first team's budget, so a reorder deleted them and deactivated cost allocation for the
 * account). Then the aliases: state rewritten so the tags sit where the old components put them
 * (under the first team's budget) previews as moved, not as a delete and a create.
 *
 * Skips, saying why, when no Pulumi CLI is found (see harness.ts).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { expectOk, findPulumiCli, NO_PULUMI_CLI, type PulumiCli } from "./harness";
import {
  STREAMING_JSON_PREVIEW_ENV,
  makeStackWorkspace,
  parseEngineEvents,
  pulumiIn,
  type EngineEvent,
  type StackWorkspace,
} from "./stack-workspace";

const cli = findPulumiCli();
if (!cli) console.warn(`[engine reorder] skipped: ${NO_PULUMI_CLI}`);

/** What must never be deleted or replaced by a reorder. */
const GUARDED_TYPES = [
  "aws:costexplorer/costAllocationTag:CostAllocationTag",
  "aws:budgets/budget:Budget",
  "aws:budgets/budgetAction:BudgetAction",
  "aws:iam/serviceSpecificCredential:ServiceSpecificCredential",
  "aws:cloudwatch/metricAlarm:MetricAlarm",
] as const;
const DESTRUCTIVE = new Set(["delete", "replace", "create-replacement", "delete-replaced"]);

interface Step {
  readonly op: string;
  readonly urn: string;
  readonly type: string;
}

function steps(events: readonly EngineEvent[]): Step[] {
  return events.flatMap((e) => (e.resourcePreEvent ? [e.resourcePreEvent.metadata] : []));
}

/** The example config with its endpoints, teams and keys in reverse order. */
function reordered(text: string): string {
  const doc = parse(text) as { config: Record<string, unknown> };
  const c = doc.config;
  const teams = c["outcomeguard:teams"] as Record<string, unknown>;
  c["outcomeguard:teams"] = Object.fromEntries(Object.entries(teams).reverse());
  c["outcomeguard:endpoints"] = [...(c["outcomeguard:endpoints"] as unknown[])].reverse();
  c["outcomeguard:keys"] = [...(c["outcomeguard:keys"] as unknown[])].reverse();
  // Quote every string: unquoted, the CLI's YAML reads a date such as 2027-03-31 as a timestamp.
  return stringify(doc, { defaultStringType: "QUOTE_DOUBLE", defaultKeyType: "PLAIN" });
}

describe.skipIf(!cli)(
  cli ? `reordering the aws stack config under pulumi ${cli.version}` : "reorder (no CLI)",
  () => {
    const pulumi = cli as PulumiCli;
    let root = "";
    let ws: StackWorkspace;

    beforeAll(async () => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), "outcomeguard-engine-reorder-"));
      ws = await makeStackWorkspace(root, "aws", "aws", pulumi);
      expectOk(
        await pulumiIn(ws, pulumi, [
          "up",
          "--stack",
          "aws",
          "--yes",
          "--skip-preview",
          "--non-interactive",
        ]),
        "pulumi up",
      );
    });

    afterAll(() => {
      if (root) fs.rmSync(root, { recursive: true, force: true });
    });

    async function preview(): Promise<Step[]> {
      const r = await pulumiIn(
        ws,
        pulumi,
        ["preview", "--stack", "aws", "--json", "--non-interactive"],
        STREAMING_JSON_PREVIEW_ENV,
      );
      expectOk(r, "pulumi preview");
      return steps(parseEngineEvents(r.stdout));
    }

    it("plans no delete or replace of a tag activation, budget, budget action, key or alarm after a reorder", async () => {
      const file = path.join(ws.projectDir, "stacks", "Pulumi.aws.yaml");
      const before = fs.readFileSync(file, "utf8");
      const after = reordered(before);
      // The reorder is real: the first team and the first endpoint are different now.
      expect(
        Object.keys(
          (parse(after) as { config: Record<string, object> }).config["outcomeguard:teams"]!,
        )[0],
      ).not.toBe(
        Object.keys(
          (parse(before) as { config: Record<string, object> }).config["outcomeguard:teams"]!,
        )[0],
      );
      fs.writeFileSync(file, after);

      const planned = await preview();
      for (const type of GUARDED_TYPES) {
        const ofType = planned.filter((s) => s.type === type);
        // Every guarded resource is in the plan (so the check below looks at something).
        expect(ofType.length, type).toBeGreaterThan(0);
        expect(
          ofType.filter((s) => DESTRUCTIVE.has(s.op)).map((s) => `${s.op} ${s.urn}`),
          type,
        ).toEqual([]);
      }
      expect(planned.filter((s) => DESTRUCTIVE.has(s.op)).map((s) => `${s.op} ${s.urn}`)).toEqual(
        [],
      );
      expect(planned.filter((s) => s.op === "create").map((s) => s.urn)).toEqual([]);
    });

    it("moves tag activations a stack made under its first team's budget to the account, through aliases", async () => {
      const exported = path.join(root, "state.json");
      expectOk(
        await pulumiIn(ws, pulumi, ["stack", "export", "--stack", "aws", "--file", exported]),
        "stack export",
      );
      const state = JSON.parse(fs.readFileSync(exported, "utf8")) as {
        deployment: { resources: { urn: string; type: string; parent?: string }[] };
      };
      const prefix = "urn:pulumi:aws::outcomeguard::";
      // Where the components before AwsAccount put them: under the first team's budget.
      const oldBudget = `${prefix}outcomeguard:aws:Team$outcomeguard:aws:BudgetAlarm::support-team-budget`;
      const tagType = "aws:costexplorer/costAllocationTag:CostAllocationTag";
      const resources = state.deployment.resources;
      const tags = resources.filter((r) => r.type === tagType);
      expect(tags).toHaveLength(8);
      const moved = tags.map((r) => ({
        ...r,
        urn: `${prefix}outcomeguard:aws:Team$outcomeguard:aws:BudgetAlarm$${tagType}::${r.urn
          .slice(r.urn.lastIndexOf("::") + 2)
          .replace(/^aws-account-/, "support-team-budget-")}`,
        parent: oldBudget,
      }));
      // Children after their parent, as a checkpoint must be.
      state.deployment.resources = [...resources.filter((r) => r.type !== tagType), ...moved];
      fs.writeFileSync(exported, JSON.stringify(state));
      expectOk(
        await pulumiIn(ws, pulumi, ["stack", "import", "--stack", "aws", "--file", exported]),
        "stack import",
      );

      const planned = (await preview()).filter((s) => s.type === tagType);
      expect(planned.map((s) => s.op)).toEqual(Array(8).fill("same"));
      expect(planned.every((s) => s.urn.includes("outcomeguard:aws:Account$"))).toBe(true);
    });
  },
);
