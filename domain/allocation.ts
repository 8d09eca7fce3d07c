/**
 * Spend by outcome: the roll-up finance reads. Endpoints (what a stack declares) and billed AI
 * spend (what a FOCUS export shows) meet here; the result answers "what outcome did this AI money
 * buy?" per endpoint, per outcome, per team and overall. Pure decisions, no I/O.
 */
import type { DailySpend, UntaggedSource } from "./finance";
import { type HardStop } from "./governance";
import { type Cloud } from "./tags";
import { formatUsd, roundCents } from "./money";

import {
  coverage,
  UNTAGGED,
  ReportEndpoint,
  SpendLine,
  SpendInput,
  AllocationRow,
  Totals,
  OutcomeSummary,
  TeamSummary,
  Allocation,
  percentOfCeiling,
} from "./spend-model";
const lower = (s: string) => s.trim().toLowerCase();

interface Bucket {
  team: string;
  outcome: string;
  untagged: boolean;
  resource: string;
  cloud: Cloud;
  model: string;
  service: string;
  kpi: string;
  costCenter: string;
  stack: string;
  effective: number;
  billed: number;
  lines: number;
}

/**
 * Allocate billed AI spend to endpoints and outcomes, and roll everything up per outcome, team
 * and overall. A line goes to an outcome by its `ai-outcome` tag (spend without one is
 * {@link UNTAGGED}); within the outcome, to the endpoint its ResourceId names, or to the outcome's
 * only endpoint on that cloud; otherwise it stays a billed line of the outcome.
 */
export function allocate(endpoints: readonly ReportEndpoint[], spend?: SpendInput): Allocation {
  const notes: string[] = [];
  const months = spend ? Math.max(1, new Set(spend.months).size) : 1;

  const actual = new Map<ReportEndpoint, { effective: number; billed: number; lines: number }>();
  const buckets = new Map<string, Bucket>();

  const byId = new Map<string, ReportEndpoint[]>();
  for (const e of endpoints) {
    for (const id of new Set(e.billingIds.map(lower))) {
      if (!id) continue;
      const list = byId.get(id) ?? [];
      list.push(e);
      byId.set(id, list);
    }
  }
  const byOutcomeCloud = new Map<string, ReportEndpoint[]>();
  const teamsByOutcome = new Map<string, Set<string>>();
  const kpiByOutcome = new Map<string, string>();
  const stackByOutcome = new Map<string, string>();
  for (const e of endpoints) {
    if (e.outcome === undefined) continue;
    const k = `${e.outcome}\u0000${e.cloud}`;
    const list = byOutcomeCloud.get(k);
    if (list) list.push(e);
    else byOutcomeCloud.set(k, [e]);
    const teams = teamsByOutcome.get(e.outcome) ?? new Set<string>();
    teams.add(e.team ?? "");
    teamsByOutcome.set(e.outcome, teams);
    if (e.kpi && !kpiByOutcome.has(e.outcome)) kpiByOutcome.set(e.outcome, e.kpi);
    if (e.stack && !stackByOutcome.has(e.outcome)) stackByOutcome.set(e.outcome, e.stack);
  }

  const mismatched = new Set<string>();
  const untaggedButDeclared = new Map<string, number>();

  const idMatches = new Map<string, ReportEndpoint[]>();
  const matchById = (line: SpendLine): ReportEndpoint[] => {
    const id = line.resourceId ? lower(line.resourceId) : "";
    if (!id) return [];
    const known = idMatches.get(id);
    if (known) return known;
    let found = byId.get(id);
    if (!found) {
      // Azure bills at the account; a deployment's id extends the account's.
      const children = new Set<ReportEndpoint>();
      for (const [eid, list] of byId) {
        if (eid.startsWith(`${id}/`)) for (const e of list) children.add(e);
      }
      found = [...children];
    }
    idMatches.set(id, found);
    return found;
  };

  const daily = new Map<string, DailySpend>();
  const addDaily = (team: string, outcome: string, line: SpendLine) => {
    if (!line.day) return;
    const key = `${team}\u0000${outcome}\u0000${line.day}`;
    const d = daily.get(key);
    daily.set(key, { team, outcome, date: line.day, usd: (d?.usd ?? 0) + line.effectiveCostUsd });
  };
  const untaggedSources = new Map<string, UntaggedSource>();
  const addUntagged = (line: SpendLine) => {
    const service = line.serviceName || line.service;
    const account = line.account ?? "";
    const region = line.region ?? "";
    const key = `${service}\u0000${account}\u0000${region}`;
    const u = untaggedSources.get(key);
    untaggedSources.set(key, {
      service,
      account,
      region,
      usd: (u?.usd ?? 0) + line.effectiveCostUsd,
      lines: (u?.lines ?? 0) + (line.count ?? 1),
    });
  };

  const addActual = (e: ReportEndpoint, line: SpendLine) => {
    const a = actual.get(e) ?? { effective: 0, billed: 0, lines: 0 };
    a.effective += line.effectiveCostUsd;
    a.billed += line.billedCostUsd;
    a.lines += line.count ?? 1;
    actual.set(e, a);
    addDaily(e.team ?? "", e.outcome ?? UNTAGGED, line);
    if (e.outcome === undefined) addUntagged(line);
  };

  for (const line of spend?.lines ?? []) {
    const matched = matchById(line);
    if (line.outcome !== undefined) {
      const same = matched.filter((e) => e.outcome === line.outcome);
      if (same.length === 1 && same[0]) {
        addActual(same[0], line);
        continue;
      }
      if (matched.length > 0 && same.length === 0 && line.resourceId) {
        const key = `${line.resourceId}\u0000${line.outcome}`;
        if (!mismatched.has(key)) {
          mismatched.add(key);
          const declared = [...new Set(matched.map((e) => e.outcome ?? UNTAGGED))].join(", ");
          notes.push(
            `the bill tags ${line.resourceId} with outcome "${line.outcome}" but the stack declares "${declared}"; the spend is counted under "${line.outcome}" (the bill is what finance sees: were the tags changed during the period?)`,
          );
        }
      }
      const sameCloud = byOutcomeCloud.get(`${line.outcome}\u0000${line.cloud}`) ?? [];
      if (same.length === 0 && sameCloud.length === 1 && sameCloud[0] && matched.length === 0) {
        addActual(sameCloud[0], line);
        continue;
      }
    } else {
      const untaggedEndpoint = matched.filter((e) => e.outcome === undefined);
      if (untaggedEndpoint.length === 1 && untaggedEndpoint[0]) {
        addActual(untaggedEndpoint[0], line);
        continue;
      }
      if (matched.some((e) => e.outcome !== undefined) && line.resourceId) {
        untaggedButDeclared.set(
          line.resourceId,
          (untaggedButDeclared.get(line.resourceId) ?? 0) + line.effectiveCostUsd,
        );
      }
    }
    // Billed spend no single endpoint can take: a line of its own under the outcome.
    const outcome = line.outcome ?? UNTAGGED;
    const teams = line.outcome !== undefined ? teamsByOutcome.get(line.outcome) : undefined;
    const team =
      teams && teams.size > 0
        ? line.team !== undefined && teams.has(line.team)
          ? line.team
          : ([...teams].sort()[0] ?? "")
        : (line.team ?? "");
    const resource = line.resourceId?.trim() || `(${line.serviceName || line.service})`;
    const key = [team, outcome, resource, line.cloud, line.model ?? ""].join("\u0000");
    addDaily(team, outcome, line);
    if (line.outcome === undefined) addUntagged(line);
    const b = buckets.get(key) ?? {
      team,
      outcome,
      untagged: line.outcome === undefined,
      resource,
      cloud: line.cloud,
      model: line.model ?? "",
      service: line.serviceName || line.service,
      kpi: line.outcome !== undefined ? (kpiByOutcome.get(line.outcome) ?? "") : "",
      costCenter: line.costCenter ?? "",
      stack: line.outcome !== undefined ? (stackByOutcome.get(line.outcome) ?? "") : "",
      effective: 0,
      billed: 0,
      lines: 0,
    };
    b.effective += line.effectiveCostUsd;
    b.billed += line.billedCostUsd;
    b.lines += line.count ?? 1;
    buckets.set(key, b);
  }

  for (const [resourceId, usd] of untaggedButDeclared) {
    notes.push(
      `${resourceId} carries an outcome tag in the stack but its ${formatUsd(usd, "cents")} in the bill has none: activate the cost-allocation tags (they appear up to 24 hours later) or check the tags were applied during the whole period`,
    );
  }

  const rows: AllocationRow[] = [];
  for (const e of endpoints) {
    const a = actual.get(e);
    const act = spend ? roundCents(a?.effective ?? 0) : undefined;
    rows.push({
      kind: "endpoint",
      team: e.team ?? "",
      outcome: e.outcome ?? UNTAGGED,
      untagged: e.outcome === undefined,
      kpi: e.kpi ?? "",
      resource: e.resource,
      urn: e.urn,
      cloud: e.cloud,
      model: e.model,
      modelName: e.modelName,
      tier: e.tier,
      ...(e.ceilingUsd !== undefined ? { ceilingUsd: e.ceilingUsd } : {}),
      ...(e.projectedMax.usd !== undefined ? { projectedMaxUsd: e.projectedMax.usd } : {}),
      projectedMaxBasis:
        e.projectedMax.usd !== undefined
          ? e.projectedMax.assumptions
          : [e.projectedMax.reason, ...e.projectedMax.assumptions],
      budgetAlarm: e.budgetAlarm,
      ...(e.hardStop ? { hardStop: e.hardStop } : {}),
      tagsComplete: e.tags.complete,
      tagProblems: e.tags.problems,
      ...(e.costCenter ? { costCenter: e.costCenter } : {}),
      ...(e.stack ? { stack: e.stack } : {}),
      ...(act !== undefined
        ? {
            actualUsd: act,
            billedUsd: roundCents(a?.billed ?? 0),
            ...optional("pctOfCeiling", percentOfCeiling(act, e.ceilingUsd, months)),
          }
        : {}),
      billingLines: a?.lines ?? 0,
    });
  }
  for (const b of buckets.values()) {
    const sameCloud = byOutcomeCloud.get(`${b.outcome}\u0000${b.cloud}`) ?? [];
    const alarm = coverage(sameCloud.map((e) => e.budgetAlarm));
    const stop = sameCloud.find((e) => e.hardStop)?.hardStop;
    rows.push({
      kind: "billed",
      team: b.team,
      outcome: b.outcome,
      untagged: b.untagged,
      kpi: b.kpi,
      resource: b.resource,
      cloud: b.cloud,
      model: b.model,
      modelName: b.model,
      service: b.service,
      projectedMaxBasis: [],
      ...(sameCloud.length > 0 ? { budgetAlarm: alarm === "partial" ? "no" : alarm } : {}),
      ...(stop ? { hardStop: stop } : {}),
      tagProblems: [],
      ...(b.costCenter ? { costCenter: b.costCenter } : {}),
      ...(b.stack ? { stack: b.stack } : {}),
      actualUsd: roundCents(b.effective),
      billedUsd: roundCents(b.billed),
      billingLines: b.lines,
    });
  }
  rows.sort(compareRows);

  // Roll-ups.
  const groups = new Map<string, AllocationRow[]>();
  for (const r of rows) {
    const k = `${r.team}\u0000${r.outcome}`;
    const group = groups.get(k);
    if (group) group.push(r);
    else groups.set(k, [r]);
  }
  const outcomes: OutcomeSummary[] = [];
  for (const group of groups.values()) {
    const first = group[0];
    if (!first) continue;
    const eps = group.filter((r) => r.kind === "endpoint");
    const kinds = [...new Set(eps.map((r) => r.hardStop).filter((h): h is HardStop => !!h))];
    outcomes.push({
      team: first.team,
      outcome: first.outcome,
      untagged: first.untagged,
      inStack: eps.length > 0,
      kpi: [...new Set(group.map((r) => r.kpi).filter(Boolean))].join(", "),
      endpoints: eps.map((r) => ({
        resource: r.resource,
        cloud: r.cloud,
        model: r.model,
        modelName: r.modelName,
        tier: r.tier ?? "premium",
      })),
      budgetAlarm: coverage(eps.map((r) => r.budgetAlarm ?? "no")),
      hardStop: coverage(eps.map((r) => (r.hardStop ? "yes" : "no"))),
      hardStopKinds: kinds,
      tagsComplete: coverage(eps.map((r) => r.tagsComplete ?? "no")),
      totals: totalsOf(group, spend !== undefined, months, 1),
    });
  }
  outcomes.sort(compareRows);

  const teamNames = [...new Set(rows.map((r) => r.team))].sort(compareTeams);
  const teams: TeamSummary[] = teamNames.map((team) => {
    const teamRows = rows.filter((r) => r.team === team);
    return {
      team,
      totals: totalsOf(
        teamRows,
        spend !== undefined,
        months,
        outcomes.filter((o) => o.team === team).length,
      ),
    };
  });

  if (endpoints.length === 0) {
    notes.push("the stack declares no AI endpoints (Bedrock, SageMaker, Azure OpenAI)");
  }

  return {
    rows,
    outcomes,
    teams,
    total: totalsOf(rows, spend !== undefined, months, outcomes.length),
    ...(spend ? { months: [...new Set(spend.months)].sort() } : {}),
    daily: [...daily.values()]
      .map((d) => ({ ...d, usd: roundCents(d.usd) }))
      .sort((a, b) => a.date.localeCompare(b.date)),
    untaggedSources: [...untaggedSources.values()].map((u) => ({ ...u, usd: roundCents(u.usd) })),
    notes,
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function totalsOf(
  rows: readonly AllocationRow[],
  withSpend: boolean,
  months: number,
  outcomeCount: number,
): Totals {
  const eps = rows.filter((r) => r.kind === "endpoint");
  const ceiling = roundCents(eps.reduce((s, r) => s + (r.ceilingUsd ?? 0), 0));
  const base = {
    outcomes: outcomeCount,
    endpoints: eps.length,
    ceilingUsd: ceiling,
    endpointsWithoutCeiling: eps.filter((r) => r.ceilingUsd === undefined).length,
    projectedMaxUsd: roundCents(eps.reduce((s, r) => s + (r.projectedMaxUsd ?? 0), 0)),
    uncappedEndpoints: eps.filter((r) => r.projectedMaxUsd === undefined).length,
  };
  if (!withSpend) return base;
  const act = roundCents(rows.reduce((s, r) => s + (r.actualUsd ?? 0), 0));
  const untaggedAct = roundCents(
    rows.filter((r) => r.untagged).reduce((s, r) => s + (r.actualUsd ?? 0), 0),
  );
  return {
    ...base,
    actualUsd: act,
    untaggedActualUsd: untaggedAct,
    ...optional("pctOfCeiling", percentOfCeiling(act, ceiling > 0 ? ceiling : undefined, months)),
  };
}

/** Teams alphabetically, the rows with no team last. */
function compareTeams(a: string, b: string): number {
  if (a === b) return 0;
  if (a === "") return 1;
  if (b === "") return -1;
  return a.localeCompare(b, "en");
}

function compareRows(
  a: { team: string; outcome: string; untagged: boolean; resource?: string; kind?: string },
  b: { team: string; outcome: string; untagged: boolean; resource?: string; kind?: string },
): number {
  return (
    compareTeams(a.team, b.team) ||
    Number(a.untagged) - Number(b.untagged) ||
    a.outcome.localeCompare(b.outcome, "en") ||
    (a.kind === b.kind ? 0 : a.kind === "endpoint" ? -1 : 1) ||
    (a.resource ?? "").localeCompare(b.resource ?? "", "en")
  );
}
