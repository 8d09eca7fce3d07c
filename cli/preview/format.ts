/**
 * The preview as a person reads it, in the shape of `pulumi preview`: the resource tree (children
 * indented under their parents), then violations grouped by policy with their level and fix, then
 * a summary and the verdict.
 */
import type { ResourceRecord } from "../program/run";
import { isBlocked, type PreviewDiagnostic, type PreviewResult } from "./run";

export interface FormatOptions {
  /** ANSI colours (default off). */
  readonly color?: boolean;
  /** The resources are deployed (`outcomeguard audit`), not planned. */
  readonly audit?: boolean;
}

const ANSI = {
  red: "\u001b[31m",
  yellow: "\u001b[33m",
  green: "\u001b[32m",
  bold: "\u001b[1m",
  dim: "\u001b[2m",
  reset: "\u001b[0m",
} as const;

type Paint = (text: string, ...styles: (keyof typeof ANSI)[]) => string;

function painter(color: boolean): Paint {
  return (text, ...styles) =>
    color && styles.length ? `${styles.map((s) => ANSI[s]).join("")}${text}${ANSI.reset}` : text;
}

/** Default providers are the engine's, not the program's: counted, not drawn. */
function isDefaultProvider(r: Pick<ResourceRecord, "type" | "name">): boolean {
  return r.type.startsWith("pulumi:providers:") && r.name.startsWith("default");
}

interface TreeLine {
  readonly prefix: string;
  readonly resource: ResourceRecord;
}

/** Resources in tree order, each with the box-drawing prefix that shows its place. */
export function treeLines(resources: readonly ResourceRecord[]): TreeLine[] {
  const shown = resources.filter((r) => !isDefaultProvider(r));
  const urns = new Set(shown.map((r) => r.urn));
  const children = new Map<string, ResourceRecord[]>();
  const roots: ResourceRecord[] = [];
  for (const r of shown) {
    if (r.parent && urns.has(r.parent)) {
      const list = children.get(r.parent) ?? [];
      list.push(r);
      children.set(r.parent, list);
    } else roots.push(r);
  }
  const lines: TreeLine[] = [];
  const walk = (r: ResourceRecord, indent: string, branch: string) => {
    lines.push({ prefix: `${indent}${branch}`, resource: r });
    const kids = children.get(r.urn) ?? [];
    const childIndent = branch === "" ? indent : `${indent}${branch === "└─ " ? "   " : "│  "}`;
    kids.forEach((k, i) => walk(k, childIndent, i === kids.length - 1 ? "└─ " : "├─ "));
  };
  for (const r of roots) walk(r, "", "");
  return lines;
}

/** The violation itself: the pack's message without the policy description it starts with. */
export function violationText(d: PreviewDiagnostic, description?: string): string {
  const m = d.message.trim();
  if (description && m.startsWith(description)) {
    const rest = m.slice(description.length).trim();
    return rest || m;
  }
  return m;
}

interface PolicyGroup {
  readonly policy: string;
  readonly level: PreviewDiagnostic["level"];
  readonly items: PreviewDiagnostic[];
}

function groupByPolicy(diagnostics: readonly PreviewDiagnostic[]): PolicyGroup[] {
  const groups = new Map<string, PolicyGroup>();
  for (const d of diagnostics) {
    const key = `${d.level}\u0000${d.policy}`;
    const g = groups.get(key) ?? { policy: d.policy, level: d.level, items: [] };
    g.items.push(d);
    groups.set(key, g);
  }
  const rank = (l: string) => (l === "mandatory" ? 0 : l === "advisory" ? 1 : 2);
  return [...groups.values()].sort((a, b) => rank(a.level) - rank(b.level));
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function formatPreview(result: PreviewResult, opts: FormatOptions = {}): string {
  const paint = painter(opts.color ?? false);
  const out: string[] = [];
  const pack = result.pack;
  const packName = pack ? `policy pack ${pack.name}${pack.version ? ` ${pack.version}` : ""}` : "";
  out.push(
    opts.audit
      ? paint(`Auditing stack "${result.stack}" as deployed`, "bold") +
          ` (its state; ${packName || "no pack"})`
      : paint(`Previewing stack "${result.stack}" offline`, "bold") +
          ` (Pulumi mocks, no cloud account${packName ? `; ${packName}` : ""})`,
  );
  out.push("");

  // Violations per resource, for a marker on its line.
  const perUrn = new Map<string, { mandatory: number; advisory: number }>();
  for (const d of result.diagnostics) {
    const c = perUrn.get(d.urn) ?? { mandatory: 0, advisory: 0 };
    if (d.level === "mandatory") c.mandatory++;
    else if (d.level === "advisory") c.advisory++;
    perUrn.set(d.urn, c);
  }
  const lines = treeLines(result.resources);
  const typeWidth = Math.min(
    90,
    Math.max(4, ...lines.map((l) => l.prefix.length + l.resource.type.length)) + 2,
  );
  out.push(`     ${"Type".padEnd(typeWidth)}Name`);
  for (const { prefix, resource } of lines) {
    const c = perUrn.get(resource.urn);
    const marks: string[] = [];
    if (c?.mandatory) marks.push(paint(`✖ ${plural(c.mandatory, "mandatory violation")}`, "red"));
    if (c?.advisory)
      marks.push(paint(`⚠ ${plural(c.advisory, "advisory", "advisories")}`, "yellow"));
    const typeCol = `${prefix}${resource.type}`;
    out.push(
      ` ${paint("+", "green")}   ${typeCol.padEnd(typeWidth)}${resource.name}${marks.length ? `  ${marks.join("  ")}` : ""}`,
    );
  }
  out.push("");

  const groups = groupByPolicy(result.diagnostics);
  const byUrn = new Map(result.resources.map((r) => [r.urn, r]));
  if (groups.length > 0) {
    out.push(paint("Policy violations:", "bold"));
    for (const g of groups) {
      const icon =
        g.level === "mandatory"
          ? paint("✖", "red")
          : g.level === "advisory"
            ? paint("⚠", "yellow")
            : "·";
      const description = pack?.policies[g.policy]?.description;
      out.push(
        `  ${icon} ${paint(`[${g.level}]`, g.level === "mandatory" ? "red" : "yellow")} ${paint(g.policy, "bold")}  (${plural(g.items.length, "violation")})`,
      );
      if (description)
        for (const l of description.trim().split("\n")) out.push(`      ${paint(l, "dim")}`);
      for (const d of g.items) {
        const r = byUrn.get(d.urn);
        out.push(`      - ${r ? `${r.name} (${r.type})` : d.urn}`);
        for (const l of violationText(d, description).split("\n")) out.push(`          ${l}`);
      }
    }
    out.push("");
  }

  if (result.programOutput) {
    out.push(paint("Diagnostics:", "bold"));
    out.push(`  ${result.stack} program:`);
    for (const l of result.programOutput.split("\n")) out.push(`    ${l}`);
    out.push("");
  }
  if (result.unanswered && result.unanswered.length > 0) {
    out.push(paint("Not answered offline:", "bold"));
    for (const u of result.unanswered) out.push(`  ${u.token}: ${u.hint}`);
    out.push("");
  }

  const created = result.resources.filter((r) => !isDefaultProvider(r)).length;
  const mandatory = result.diagnostics.filter((d) => d.level === "mandatory");
  const advisory = result.diagnostics.filter((d) => d.level === "advisory");
  const mandatoryPolicies = new Set(mandatory.map((d) => d.policy));
  out.push(paint("Summary:", "bold"));
  out.push(
    `    Resources:  ${plural(created, "resource")} ${opts.audit ? "deployed" : "to create"}`,
  );
  out.push(
    `    Policies:   ${plural(mandatory.length, "mandatory violation")}${mandatory.length ? ` of ${plural(mandatoryPolicies.size, "policy", "policies")}` : ""}, ${plural(advisory.length, "advisory", "advisories")}`,
  );
  if (isBlocked(result)) {
    out.push(
      opts.audit
        ? `    Verdict:    ${paint("BLOCKED", "red", "bold")}: the deployed stack violates mandatory policies; fix them, then \`pulumi up\``
        : `    Verdict:    ${paint("BLOCKED", "red", "bold")}: \`pulumi up\` would refuse this plan; fix the mandatory violations above`,
    );
  } else {
    out.push(
      `    Verdict:    ${paint("PASSED", "green", "bold")}: no mandatory violation${advisory.length ? `; review the ${plural(advisory.length, "advisory", "advisories")}` : ""}`,
    );
  }
  return out.join("\n");
}
