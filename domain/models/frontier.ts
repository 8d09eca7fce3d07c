/** Anthropic, Amazon Nova and OpenAI models (Bedrock, Azure AI Foundry, Vertex). */
import type { ModelEntry } from "../catalog";
import { added, amazon, anthropic, openai, price, UNCONFIRMED } from "./entry";

export const FRONTIER_MODELS: readonly ModelEntry[] = [
  // ---- Anthropic on Bedrock ----
  ...anthropic([
    [
      "claude-opus-4-1",
      "Claude Opus 4.1",
      "premium",
      price(15, 75),
      ["anthropic.claude-opus-4-1", "claude-opus-4-1"],
    ],
    [
      "claude-opus-4",
      "Claude Opus 4",
      "premium",
      price(15, 75),
      ["anthropic.claude-opus-4", "claude-opus-4"],
    ],
    [
      "claude-opus-4-5",
      "Claude Opus 4.5",
      "premium",
      price(5, 25),
      [
        "anthropic.claude-opus-4-5",
        "claude-opus-4-5",
        "anthropic.claude-opus-4-6",
        "claude-opus-4-6",
      ],
    ],
    [
      "claude-3-opus",
      "Claude 3 Opus",
      "premium",
      price(15, 75),
      ["anthropic.claude-3-opus", "claude-3-opus"],
    ],
    [
      "claude-sonnet-4",
      "Claude Sonnet 4.x",
      "standard",
      price(3, 15),
      [
        "anthropic.claude-sonnet-4",
        "anthropic.claude-sonnet-4-5",
        "anthropic.claude-sonnet-4-6",
        "anthropic.claude-3-7-sonnet",
        "anthropic.claude-3-5-sonnet",
        "claude-sonnet-4",
        "claude-sonnet-4-5",
        "claude-sonnet-4-6",
        "claude-3-7-sonnet",
      ],
    ],
    [
      "claude-3-sonnet",
      "Claude 3 Sonnet",
      "standard",
      added(3, 15),
      ["anthropic.claude-3-sonnet", "claude-3-sonnet"],
    ],
    [
      "claude-haiku-4-5",
      "Claude Haiku 4.5",
      "economy",
      price(1, 5),
      ["anthropic.claude-haiku-4-5", "claude-haiku-4-5"],
    ],
    [
      "claude-3-5-haiku",
      "Claude 3.5 Haiku",
      "economy",
      price(0.8, 4),
      ["anthropic.claude-3-5-haiku", "claude-3-5-haiku"],
    ],
    [
      "claude-3-haiku",
      "Claude 3 Haiku",
      "economy",
      price(0.25, 1.25),
      ["anthropic.claude-3-haiku", "claude-3-haiku"],
    ],
  ]),
  // ---- Amazon Nova on Bedrock ----
  ...amazon([
    ["nova-premier", "Amazon Nova Premier", "premium", price(2.5, 12.5), ["amazon.nova-premier"]],
    ["nova-pro", "Amazon Nova Pro", "standard", price(0.8, 3.2), ["amazon.nova-pro"]],
    ["nova-lite", "Amazon Nova Lite", "economy", price(0.06, 0.24), ["amazon.nova-lite"]],
    ["nova-micro", "Amazon Nova Micro", "economy", price(0.035, 0.14), ["amazon.nova-micro"]],
  ]),
  // ---- OpenAI on Azure (and gpt-oss on Bedrock) ----
  ...openai([
    [
      "gpt-5",
      "GPT-5",
      "premium",
      price(1.25, 10),
      ["gpt-5", "gpt-5-chat", "gpt-5.1", "gpt-5.1-chat", "gpt-5-codex", "gpt-5.1-codex"],
    ],
    ["gpt-5-pro", "GPT-5 pro", "premium", price(15, 120, UNCONFIRMED), ["gpt-5-pro"]],
    ["o3", "o3", "premium", price(2, 8, UNCONFIRMED), ["o3"]],
    ["o3-pro", "o3-pro", "premium", price(20, 80, UNCONFIRMED), ["o3-pro"]],
    ["o1", "o1", "premium", price(15, 60, UNCONFIRMED), ["o1", "o1-preview"]],
    [
      "gpt-4",
      "GPT-4 (and GPT-4 Turbo)",
      "premium",
      price(10, 30, "GPT-4 Turbo list price; older GPT-4 costs more"),
      ["gpt-4", "gpt-4-32k", "gpt-4-turbo"],
    ],
    ["gpt-4.1", "GPT-4.1", "standard", price(2, 8), ["gpt-4.1"]],
    ["gpt-4o", "GPT-4o", "standard", price(2.5, 10), ["gpt-4o"]],
    ["gpt-5-mini", "GPT-5 mini", "standard", price(0.25, 2), ["gpt-5-mini"]],
    ["o4-mini", "o4-mini", "standard", price(1.1, 4.4), ["o4-mini", "o3-mini"]],
    ["gpt-4.1-mini", "GPT-4.1 mini", "economy", price(0.4, 1.6, UNCONFIRMED), ["gpt-4.1-mini"]],
    ["gpt-4o-mini", "GPT-4o mini", "economy", price(0.15, 0.6), ["gpt-4o-mini"]],
    ["gpt-4.1-nano", "GPT-4.1 nano", "economy", price(0.1, 0.4), ["gpt-4.1-nano"]],
    ["gpt-5-nano", "GPT-5 nano", "economy", price(0.05, 0.4), ["gpt-5-nano"]],
    [
      "gpt-35-turbo",
      "GPT-3.5 Turbo",
      "economy",
      price(0.5, 1.5, UNCONFIRMED),
      ["gpt-35-turbo", "gpt-3.5-turbo"],
    ],
  ]),
];
