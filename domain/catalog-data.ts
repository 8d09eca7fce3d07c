/**
 * Model catalog data: how to recognise each model on each cloud, its tier and its list price.
 * Prices are USD per 1M tokens (input/output), as published on the providers' pricing pages and
 * read on the date given; verify before relying on one. An entry whose note says "unverified" was
 * added from public pricing pages without a fresh reading; check it before you budget on it.
 * Identifiers are matched after {@link normalizeModelId}: Bedrock ids and ARNs, cross-region and
 * global profile ids, Azure model names and Foundry registry asset ids (`azureml://...`), Vertex
 * publisher models (`publishers/<p>/models/<m>@<version>`) and Hugging Face ids all reduce to one.
 */
import type { ModelEntry } from "./catalog";
import { FRONTIER_MODELS } from "./models/frontier";
import { OPEN_AND_GEMINI_MODELS } from "./models/open";

export const DEFAULT_MODELS: readonly ModelEntry[] = [
  ...FRONTIER_MODELS,
  ...OPEN_AND_GEMINI_MODELS,
];
