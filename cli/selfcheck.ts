/**
 * `outcomeguard selfcheck`: run the domain model over the source articles' examples and a sample of
 * real model identifiers, and print what the gate decides for each.
 */
import {
  assessOutcomeStatement,
  classifyModel,
  encodeTagValue,
  formatUsd,
  projectMaxSpend,
  validateTags,
} from "../domain";

export const SELFCHECK_OUTCOMES = [
  "Use AI to make better content",
  "Reduce the time it takes to create a technical blog post from five hours to one hour",
  "Automatically triage and resolve 40% of Tier 1 customer support tickets",
  "Process a billion tokens",
];

export const SELFCHECK_MODELS = [
  "us.anthropic.claude-opus-4-1-20250805-v1:0",
  "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0",
  "anthropic.claude-haiku-4-5-20251001-v1:0",
  "gpt-5",
  "gpt-4o-mini",
  "brand-new-model-2027",
];

export function selfcheck(out: (line: string) => void): number {
  let failures = 0;
  out("Outcome statements");
  for (const s of SELFCHECK_OUTCOMES) {
    const a = assessOutcomeStatement(s);
    out(`  ${a.ok ? "PASS" : "FAIL"}  ${s}`);
    for (const p of a.problems) out(`        - ${p}`);
    if (a.ok) {
      const tag = encodeTagValue(s);
      const issues = [...validateTags("aws", { t: tag }), ...validateTags("azure", { t: tag })];
      if (issues.length > 0) failures++;
    }
  }
  out("Model tiers");
  for (const m of SELFCHECK_MODELS) {
    const c = classifyModel(m);
    out(`  ${c.tier.padEnd(8)}  ${m}${c.recognised ? "" : "  (unrecognised: treated as premium)"}`);
  }
  out("Maximum monthly spend");
  const gpt5 = classifyModel("gpt-5");
  const p = projectMaxSpend(gpt5, { kind: "azure-standard", sku: "GlobalStandard", capacity: 10 });
  if (p.usd === undefined) failures++;
  else out(`  GPT-5 GlobalStandard capacity 10: ${formatUsd(p.usd)} (${p.assumptions.join("; ")})`);
  return failures === 0 ? 0 : 1;
}
