/**
 * Azure API Management as the hard stop for a team's Azure OpenAI deployments: an `llm-token-limit`
 * per deployment whose monthly token quota keeps spend under the deployment's ceiling at the
 * catalog price (see {@link tokenBudget}), keyed per subscription, so each team key has its own
 * counter. Calls to a deployment the team was not given are refused.
 */
import type { Classification } from "./catalog";
import { tokenBudget } from "./projection";

/** Azure OpenAI deployment names as OutcomeGuard writes them: safe in a URL path and in XML. */
export const DEPLOYMENT_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$/;

export const TOKEN_QUOTA_PERIOD = "Monthly";
export const REMAINING_QUOTA_HEADER = "x-outcomeguard-remaining-quota-tokens";

export interface DeploymentTokenLimit {
  readonly deploymentName: string;
  /** The outcome the deployment serves (a metering dimension), when known. */
  readonly outcome?: string;
  readonly tokensPerMinute: number;
  readonly monthlyTokenQuota: number;
  /** How the figures were reached. */
  readonly assumptions: readonly string[];
}

/** The limits that keep one deployment within its monthly ceiling. */
export function deploymentTokenLimit(
  deploymentName: string,
  model: Classification,
  ceilingUsd: number,
  outcome?: string,
): DeploymentTokenLimit {
  const b = tokenBudget(model, ceilingUsd);
  return {
    deploymentName,
    ...(outcome !== undefined ? { outcome } : {}),
    tokensPerMinute: b.tokensPerMinute,
    monthlyTokenQuota: b.monthlyTokens,
    assumptions: b.assumptions,
  };
}

const xmlAttr = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A custom dimension of an emitted metric: a literal value, or a policy expression `@(...)`. */
export interface MetricDimension {
  readonly name: string;
  readonly value: string;
}

/** Azure Monitor lets an API Management metric policy set at most 5 custom dimensions. */
export const MAX_CUSTOM_METRIC_DIMENSIONS = 5;

/**
 * Per-outcome metering: what `llm-emit-token-metric` tags each deployment's token counts with, so
 * a metric alert can watch an outcome (`outcome`), and a report can split by team and key.
 */
export function meteringDimensions(m: {
  readonly team: string;
  readonly outcome?: string | undefined;
  readonly deploymentName: string;
}): MetricDimension[] {
  return [
    { name: "team", value: m.team },
    ...(m.outcome !== undefined ? [{ name: "outcome", value: m.outcome }] : []),
    // The team key: one APIM subscription per team key.
    { name: "key", value: "@(context.Subscription.Id)" },
    { name: "deployment", value: m.deploymentName },
  ];
}

/**
 * An `llm-emit-token-metric` element: API Management sends the call's token counts (Total Tokens,
 * Prompt Tokens, Completion Tokens) to Application Insights under `namespace`, with these custom
 * dimensions (at most {@link MAX_CUSTOM_METRIC_DIMENSIONS}). Throws on more dimensions, a
 * duplicate name, or a namespace with anything but letters, digits, `.`, `_` and `-` (the
 * namespace may not be a policy expression).
 */
export function llmEmitTokenMetricXml(
  namespace: string,
  dimensions: readonly MetricDimension[],
): string {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(namespace)) {
    throw new RangeError(`metric namespace "${namespace}" must be 1-64 letters, digits, . _ or -`);
  }
  if (dimensions.length === 0 || dimensions.length > MAX_CUSTOM_METRIC_DIMENSIONS) {
    throw new RangeError(
      `an emitted metric takes 1-${MAX_CUSTOM_METRIC_DIMENSIONS} custom dimensions, got ${dimensions.length}`,
    );
  }
  const names = new Set(dimensions.map((d) => d.name.toLowerCase()));
  if (names.size !== dimensions.length) throw new RangeError("metric dimension names repeat");
  return [
    `<llm-emit-token-metric namespace="${xmlAttr(namespace)}">`,
    ...dimensions.map(
      (d) => `  <dimension name="${xmlAttr(d.name)}" value="${xmlAttr(d.value)}" />`,
    ),
    `</llm-emit-token-metric>`,
  ].join("\n");
}

/** What the product policy meters by, when it meters: the namespace and the team. */
export interface PolicyMetering {
  readonly namespace: string;
  readonly team: string;
}

/**
 * The product policy (XML) for a team: one `llm-token-limit` per deployment (and, with
 * `metering`, an `llm-emit-token-metric` with the team, outcome, key and deployment as
 * dimensions); any other deployment gets 403. Throws on a deployment name that is not safe or is
 * listed twice.
 */
export function llmTokenLimitPolicyXml(
  limits: readonly DeploymentTokenLimit[],
  metering?: PolicyMetering,
): string {
  if (limits.length === 0)
    throw new RangeError("a token-limit policy needs at least one deployment");
  const seen = new Set<string>();
  for (const l of limits) {
    if (!DEPLOYMENT_NAME_PATTERN.test(l.deploymentName)) {
      throw new RangeError(
        `deployment name "${l.deploymentName}" must be 1-64 letters, digits, _ . or -, starting with a letter or digit`,
      );
    }
    if (seen.has(l.deploymentName))
      throw new RangeError(`deployment "${l.deploymentName}" is listed twice`);
    seen.add(l.deploymentName);
    if (!(Number.isSafeInteger(l.tokensPerMinute) && l.tokensPerMinute > 0))
      throw new RangeError(`tokens per minute must be a positive integer`);
    if (!(Number.isSafeInteger(l.monthlyTokenQuota) && l.monthlyTokenQuota > 0))
      throw new RangeError(`the monthly token quota must be a positive integer`);
  }
  const whens = limits.map((l) => {
    const path = xmlAttr(`"/deployments/${l.deploymentName}/"`);
    const key = xmlAttr(`context.Subscription.Id + ":${l.deploymentName}"`);
    return [
      `      <when condition="@(context.Request.Url.Path.Contains(${path}))">`,
      `        <llm-token-limit counter-key="@(${key})" tokens-per-minute="${l.tokensPerMinute}" token-quota="${l.monthlyTokenQuota}" token-quota-period="${TOKEN_QUOTA_PERIOD}" estimate-prompt-tokens="true" remaining-quota-tokens-header-name="${REMAINING_QUOTA_HEADER}" />`,
      ...(metering
        ? llmEmitTokenMetricXml(
            metering.namespace,
            meteringDimensions({
              team: metering.team,
              outcome: l.outcome,
              deploymentName: l.deploymentName,
            }),
          )
            .split("\n")
            .map((line) => `        ${line}`)
        : []),
      `      </when>`,
    ].join("\n");
  });
  return [
    `<policies>`,
    `  <inbound>`,
    `    <base />`,
    `    <choose>`,
    ...whens,
    `      <otherwise>`,
    `        <return-response>`,
    `          <set-status code="403" reason="Deployment not granted to this team" />`,
    `        </return-response>`,
    `      </otherwise>`,
    `    </choose>`,
    `  </inbound>`,
    `  <backend>`,
    `    <base />`,
    `  </backend>`,
    `  <outbound>`,
    `    <base />`,
    `  </outbound>`,
    `  <on-error>`,
    `    <base />`,
    `  </on-error>`,
    `</policies>`,
  ].join("\n");
}

export interface ParsedTokenLimit {
  /** The deployment the limit applies to, when the limit sits in a per-deployment branch. */
  readonly deploymentName?: string;
  readonly tokensPerMinute?: number;
  readonly tokenQuota?: number;
  readonly tokenQuotaPeriod?: string;
}

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

function attribute(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*"([^"]*)"`).exec(tag);
  return m?.[1] === undefined ? undefined : decode(m[1]);
}

function integer(v: string | undefined): number | undefined {
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

/**
 * Every `llm-token-limit` in a policy document, with the deployment its enclosing `<when>` branch
 * matches (as written by {@link llmTokenLimitPolicyXml}). Never throws; text without the policy
 * gives an empty list.
 */
export function parseLlmTokenLimits(xml: unknown): ParsedTokenLimit[] {
  if (typeof xml !== "string") return [];
  const out: ParsedTokenLimit[] = [];
  const tokenLimit = /<llm-token-limit\b[^>]*>/g;
  let m: RegExpExecArray | null;
  while ((m = tokenLimit.exec(xml)) !== null) {
    const tag = m[0];
    const before = xml.slice(0, m.index);
    const whenStart = before.lastIndexOf("<when");
    const whenEnd = before.lastIndexOf("</when>");
    let deploymentName: string | undefined;
    if (whenStart > whenEnd) {
      const whenTag = /<when\b[^>]*>/.exec(before.slice(whenStart))?.[0] ?? "";
      deploymentName = /\/deployments\/([^/"]+)\//.exec(attribute(whenTag, "condition") ?? "")?.[1];
    }
    const tpm = integer(attribute(tag, "tokens-per-minute"));
    const quota = integer(attribute(tag, "token-quota"));
    const period = attribute(tag, "token-quota-period");
    out.push({
      ...(deploymentName !== undefined ? { deploymentName } : {}),
      ...(tpm !== undefined ? { tokensPerMinute: tpm } : {}),
      ...(quota !== undefined ? { tokenQuota: quota } : {}),
      ...(period !== undefined ? { tokenQuotaPeriod: period } : {}),
    });
  }
  return out;
}
