/**
 * Which cloud can serve a model, and the exact identifier a gated endpoint points at: on AWS the
 * foundation-model or system inference-profile ARN an application inference profile copies; on
 * Azure the model name a Cognitive Services deployment serves.
 */
import { classifyModel, DEFAULT_CATALOG, type Catalog } from "./catalog";
import type { Cloud } from "./tags";

/** Providers whose models Amazon Bedrock serves, as the first segment of a model id. */
export const BEDROCK_PROVIDERS = [
  "ai21",
  "amazon",
  "anthropic",
  "cohere",
  "deepseek",
  "luma",
  "meta",
  "mistral",
  "moonshot",
  "openai",
  "qwen",
  "stability",
  "twelvelabs",
  "writer",
] as const;

/** Geography prefixes of Bedrock system-defined (cross-region and global) inference profiles. */
export const BEDROCK_PROFILE_GEOS = ["us", "us-gov", "eu", "apac", "jp", "au", "ca", "global"];

/** Providers whose models an Azure OpenAI (kind OpenAI) account deploys. */
export const AZURE_OPENAI_PROVIDERS = ["openai"] as const;

export const AWS_REGION_PATTERN = /^[a-z]{2}(?:-[a-z]+)+-\d$/;
export const AWS_ACCOUNT_PATTERN = /^\d{12}$/;
const BEDROCK_MODEL_ID = /^([a-z0-9]+)\.[a-z0-9][\w.:-]*$/;
const BEDROCK_ARN =
  /^arn:(aws(?:-[a-z]+)*):bedrock:([a-z0-9-]*):(\d{12})?:(foundation-model|inference-profile)\/([\w.:-]+)$/;
/** Azure OpenAI model names: `gpt-4o`, `gpt-4.1-mini`, `o3`, `text-embedding-3-large`. */
export const AZURE_MODEL_NAME = /^[a-z0-9](?:[a-z0-9.-]{0,62}[a-z0-9])?$/;

export type BedrockSourceKind = "foundation-model" | "inference-profile";

export interface BedrockModelSource {
  /** What an application inference profile's `modelSource.copyFrom` gets. */
  readonly copyFrom: string;
  readonly kind: BedrockSourceKind;
  /** The model id without geography prefix or ARN, e.g. `anthropic.claude-opus-4-1-20250805-v1:0`. */
  readonly modelId: string;
  /** Foundation-model ARNs the source routes to (region `*` for a cross-region profile). */
  readonly foundationModelArns: readonly string[];
  readonly region: string;
  readonly partition: string;
}

export type Resolved<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

function stripGeo(id: string): { geo?: string; rest: string } {
  for (const geo of [...BEDROCK_PROFILE_GEOS].sort((a, b) => b.length - a.length)) {
    if (id.startsWith(`${geo}.`)) return { geo, rest: id.slice(geo.length + 1) };
  }
  return { rest: id };
}

/**
 * The Bedrock source of a model given as a model id (`anthropic.claude-haiku-4-5-20251001-v1:0`),
 * a system inference-profile id (`us.anthropic.claude-opus-4-1-20250805-v1:0`), or the ARN of
 * either. A profile id needs the account, a model id the region; an ARN carries both.
 */
export function resolveBedrockModelSource(
  model: string,
  where: { readonly region?: string; readonly accountId?: string; readonly partition?: string },
): Resolved<BedrockModelSource> {
  const partition = where.partition ?? "aws";
  const arn = BEDROCK_ARN.exec(model);
  if (arn) {
    const [, arnPartition = partition, region = "", account, kind, id = ""] = arn;
    const { geo, rest } = stripGeo(id);
    if (kind === "foundation-model") {
      if (!AWS_REGION_PATTERN.test(region))
        return { ok: false, problem: `ARN "${model}" names no region` };
      return {
        ok: true,
        value: {
          copyFrom: model,
          kind: "foundation-model",
          modelId: id,
          foundationModelArns: [model],
          region,
          partition: arnPartition,
        },
      };
    }
    if (!geo || !account || !AWS_REGION_PATTERN.test(region)) {
      return {
        ok: false,
        problem: `"${model}" is not a system inference-profile ARN with a region, account and geography prefix (${BEDROCK_PROFILE_GEOS.join(", ")})`,
      };
    }
    return {
      ok: true,
      value: {
        copyFrom: model,
        kind: "inference-profile",
        modelId: rest,
        foundationModelArns: [`arn:${arnPartition}:bedrock:*::foundation-model/${rest}`],
        region,
        partition: arnPartition,
      },
    };
  }
  if (model.startsWith("arn:")) {
    return {
      ok: false,
      problem: `"${model}" is not a Bedrock foundation-model or inference-profile ARN`,
    };
  }
  const { geo, rest } = stripGeo(model);
  const provider = BEDROCK_MODEL_ID.exec(rest)?.[1];
  if (!provider || !(BEDROCK_PROVIDERS as readonly string[]).includes(provider)) {
    return {
      ok: false,
      problem: `Bedrock cannot serve "${model}": give a Bedrock model id "<provider>.<model>" (providers: ${BEDROCK_PROVIDERS.join(", ")}), optionally with a geography prefix (${BEDROCK_PROFILE_GEOS.join(", ")}), or its ARN`,
    };
  }
  const region = where.region;
  if (!region || !AWS_REGION_PATTERN.test(region)) {
    return {
      ok: false,
      problem: `a region (e.g. us-east-1) is needed to build the ARN of "${model}"`,
    };
  }
  if (geo) {
    if (!where.accountId || !AWS_ACCOUNT_PATTERN.test(where.accountId)) {
      return {
        ok: false,
        problem: `"${model}" is a system inference profile; its ARN needs the 12-digit account id`,
      };
    }
    return {
      ok: true,
      value: {
        copyFrom: `arn:${partition}:bedrock:${region}:${where.accountId}:inference-profile/${model}`,
        kind: "inference-profile",
        modelId: rest,
        foundationModelArns: [`arn:${partition}:bedrock:*::foundation-model/${rest}`],
        region,
        partition,
      },
    };
  }
  const fm = `arn:${partition}:bedrock:${region}::foundation-model/${model}`;
  return {
    ok: true,
    value: {
      copyFrom: fm,
      kind: "foundation-model",
      modelId: model,
      foundationModelArns: [fm],
      region,
      partition,
    },
  };
}

/** Why the cloud cannot serve the model through an OutcomeGuard endpoint, or undefined if it can. */
export function modelServingProblem(
  cloud: Cloud,
  model: string,
  catalog: Catalog = DEFAULT_CATALOG,
): string | undefined {
  const c = classifyModel(model, catalog);
  if (cloud === "aws") {
    const arnOrId = model.startsWith("arn:") ? model : stripGeo(model).rest;
    const looksBedrock =
      BEDROCK_ARN.test(arnOrId) ||
      (BEDROCK_PROVIDERS as readonly string[]).includes(BEDROCK_MODEL_ID.exec(arnOrId)?.[1] ?? "");
    if (!looksBedrock) {
      const known = c.entry ? ` (${c.entry.name}, from ${c.entry.provider})` : "";
      return `Bedrock cannot serve "${model}"${known}: give a Bedrock model id "<provider>.<model>" such as anthropic.claude-haiku-4-5-20251001-v1:0, a system inference-profile id, or an ARN`;
    }
    return undefined;
  }
  if (!AZURE_MODEL_NAME.test(model) || BEDROCK_ARN.test(model)) {
    return `Azure OpenAI cannot serve "${model}": give an Azure OpenAI model name such as gpt-4o-mini or gpt-5`;
  }
  const bedrockStyle = BEDROCK_MODEL_ID.exec(stripGeo(model).rest)?.[1];
  if (bedrockStyle && (BEDROCK_PROVIDERS as readonly string[]).includes(bedrockStyle)) {
    return `Azure OpenAI cannot serve "${model}": that is a Bedrock model id; give an Azure OpenAI model name such as gpt-4o-mini or gpt-5`;
  }
  if (
    c.entry &&
    !(AZURE_OPENAI_PROVIDERS as readonly string[]).includes(c.entry.provider) &&
    c.entry.provider !== "custom"
  ) {
    return `Azure OpenAI cannot serve ${c.entry.name} (a ${c.entry.provider} model); deploy an OpenAI model, or use Bedrock for it`;
  }
  return undefined;
}
