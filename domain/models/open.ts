/** Open-weight, embedding and Gemini models (Bedrock, Azure AI Foundry, Vertex). */
import type { ModelEntry } from "../catalog";
import {
  added,
  amazon,
  cohere,
  cohereOnFoundry,
  deepseek,
  google,
  meta,
  mistral,
  openai,
  openaiOnBedrock,
  UNVERIFIED,
} from "./entry";

export const OPEN_AND_GEMINI_MODELS: readonly ModelEntry[] = [
  // ---- OpenAI open-weight and embedding models (Azure, Bedrock) ----
  ...openaiOnBedrock([
    [
      "gpt-oss-120b",
      "gpt-oss-120b",
      "economy",
      added(0.15, 0.6),
      ["gpt-oss-120b", "openai.gpt-oss-120b"],
    ],
    [
      "gpt-oss-20b",
      "gpt-oss-20b",
      "economy",
      added(0.07, 0.3),
      ["gpt-oss-20b", "openai.gpt-oss-20b"],
    ],
  ]),

  ...openai([
    [
      "text-embedding-3-large",
      "text-embedding-3-large",
      "economy",
      added(0.13, 0),
      ["text-embedding-3-large"],
    ],
    [
      "text-embedding-3-small",
      "text-embedding-3-small",
      "economy",
      added(0.02, 0),
      ["text-embedding-3-small"],
    ],
    [
      "text-embedding-ada-002",
      "text-embedding-ada-002",
      "economy",
      added(0.1, 0),
      ["text-embedding-ada-002"],
    ],
  ]),
  // ---- Meta Llama (Bedrock ids, Foundry asset names, Vertex MaaS, Hugging Face) ----
  ...meta([
    [
      "llama-3-1-405b",
      "Llama 3.1 405B Instruct",
      "standard",
      added(2.4, 2.4),
      [
        "meta.llama3-1-405b-instruct",
        "meta-llama-3.1-405b-instruct",
        "llama-3.1-405b-instruct",
        "llama-3.1-405b-instruct-maas",
      ],
    ],
    [
      "llama-3-3-70b",
      "Llama 3.x 70B Instruct",
      "economy",
      added(0.72, 0.72),
      [
        "meta.llama3-3-70b-instruct",
        "meta.llama3-1-70b-instruct",
        "meta.llama3-70b-instruct",
        "llama-3.3-70b-instruct",
        "llama-3.3-70b-instruct-maas",
        "meta-llama-3.1-70b-instruct",
        "meta-llama-3-70b-instruct",
        "llama-3.1-70b-instruct",
      ],
    ],
    [
      "llama-3-1-8b",
      "Llama 3.x 8B Instruct",
      "economy",
      added(0.22, 0.22),
      [
        "meta.llama3-1-8b-instruct",
        "meta.llama3-8b-instruct",
        "meta-llama-3.1-8b-instruct",
        "meta-llama-3-8b-instruct",
        "llama-3.1-8b-instruct",
      ],
    ],
    [
      "llama-4-maverick",
      "Llama 4 Maverick 17B",
      "economy",
      added(0.24, 0.97),
      [
        "meta.llama4-maverick-17b-instruct",
        "llama-4-maverick-17b-128e-instruct-fp8",
        "llama-4-maverick-17b-128e-instruct-maas",
      ],
    ],
    [
      "llama-4-scout",
      "Llama 4 Scout 17B",
      "economy",
      added(0.17, 0.66),
      [
        "meta.llama4-scout-17b-instruct",
        "llama-4-scout-17b-16e-instruct",
        "llama-4-scout-17b-16e-instruct-maas",
      ],
    ],
  ]),
  // ---- Mistral ----
  ...mistral([
    [
      "mistral-large",
      "Mistral Large",
      "standard",
      added(4, 12, `${UNVERIFIED}; 24.02 on Bedrock, later versions list lower`),
      ["mistral.mistral-large", "mistral-large", "mistral-large-instruct"],
    ],
    [
      "pixtral-large",
      "Pixtral Large",
      "standard",
      added(2, 6),
      ["mistral.pixtral-large", "pixtral-large"],
    ],
    [
      "mistral-small",
      "Mistral Small",
      "economy",
      added(0.1, 0.3),
      ["mistral.mistral-small", "mistral-small"],
    ],
    [
      "mistral-7b",
      "Mistral 7B / Mixtral 8x7B",
      "economy",
      added(0.45, 0.7, `${UNVERIFIED}; Mixtral's price, Mistral 7B costs less`),
      [
        "mistral.mistral-7b-instruct",
        "mistral.mixtral-8x7b-instruct",
        "mistral-7b-instruct",
        "mixtral-8x7b-instruct",
      ],
    ],
  ]),
  // ---- Cohere ----
  ...cohere([
    [
      "command-r-plus",
      "Cohere Command R+",
      "standard",
      added(3, 15),
      [
        "cohere.command-r-plus",
        "cohere-command-r-plus",
        "cohere-command-r-plus-08-2024",
        "command-r-plus",
      ],
    ],
  ]),

  ...cohereOnFoundry([
    [
      "command-a",
      "Cohere Command A",
      "standard",
      added(2.5, 10),
      ["cohere-command-a", "command-a"],
    ],
  ]),

  ...cohere([
    [
      "command-r",
      "Cohere Command R",
      "economy",
      added(0.5, 1.5),
      ["cohere.command-r", "cohere-command-r", "cohere-command-r-08-2024", "command-r"],
    ],
    [
      "cohere-embed",
      "Cohere Embed v3",
      "economy",
      added(0.1, 0),
      [
        "cohere.embed-english",
        "cohere.embed-multilingual",
        "cohere-embed-v3-english",
        "cohere-embed-v3-multilingual",
      ],
    ],
  ]),
  // ---- DeepSeek ----
  ...deepseek([
    ["deepseek-r1", "DeepSeek-R1", "standard", added(1.35, 5.4), ["deepseek.r1", "deepseek-r1"]],
    [
      "deepseek-v3",
      "DeepSeek-V3",
      "economy",
      added(0.58, 1.68),
      ["deepseek.v3", "deepseek-v3", "deepseek-v3.1"],
    ],
  ]),
  // ---- Amazon embeddings ----
  ...amazon([
    [
      "titan-embed-text",
      "Amazon Titan Text Embeddings",
      "economy",
      added(0.02, 0, `${UNVERIFIED}; V2's price, V1 costs more`),
      ["amazon.titan-embed-text"],
    ],
  ]),
  // ---- Google Gemini and embeddings on Vertex ----
  ...google([
    [
      "gemini-3-pro",
      "Gemini 3 Pro",
      "premium",
      added(2, 12),
      ["gemini-3-pro", "gemini-3-pro-preview"],
    ],
    [
      "gemini-2-5-pro",
      "Gemini 2.5 Pro",
      "premium",
      added(1.25, 10, `${UNVERIFIED}; up to 200K input tokens`),
      ["gemini-2.5-pro"],
    ],
    ["gemini-2-5-flash", "Gemini 2.5 Flash", "standard", added(0.3, 2.5), ["gemini-2.5-flash"]],
    [
      "gemini-2-5-flash-lite",
      "Gemini 2.5 Flash-Lite",
      "economy",
      added(0.1, 0.4),
      ["gemini-2.5-flash-lite"],
    ],
    [
      "gemini-2-0-flash",
      "Gemini 2.0 Flash",
      "economy",
      added(0.15, 0.6),
      [
        "gemini-2.0-flash",
        "gemini-2.0-flash-001",
        "gemini-2.0-flash-lite",
        "gemini-2.0-flash-lite-001",
      ],
    ],
    [
      "gemini-embedding",
      "Gemini and Vertex text embeddings",
      "economy",
      added(0.15, 0),
      ["gemini-embedding-001", "text-embedding-005", "text-multilingual-embedding-002"],
    ],
  ]),
];
