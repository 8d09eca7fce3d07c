/** GCP AI resource types (pulumi-gcp), matched by token only: no SDK is loaded. */
import type { ResourceSpec } from "./spec";
import { modelsAt } from "./read";
import { RESOURCE_TYPES as T } from "./tokens";

/** Project services whose enabling opens model usage billed to the project. */
export const AI_API_SERVICES: Readonly<Record<string, string>> = {
  "aiplatform.googleapis.com": "the Vertex AI API (Gemini and Model Garden models)",
  "generativelanguage.googleapis.com": "the Gemini API",
};

const gcp = { cloud: "gcp", provider: "gcp", tags: "labels" } as const;

export const GCP_SPECS: readonly ResourceSpec[] = [
  {
    ...gcp,
    token: T.vertexEndpoint,
    role: "endpoint",
    kind: "vertex-endpoint",
    label: "Vertex AI endpoint",
    modelAt: "none declared (any model can be deployed to it)",
    models: () => [undefined],
  },
  {
    ...gcp,
    // Its inputs take no labels (pulumi-gcp's AiEndpointWithModelGardenDeploymentArgs).
    tags: "none",
    token: T.vertexModelGardenEndpoint,
    role: "endpoint",
    kind: "vertex-model-garden-deployment",
    label: "Vertex AI Model Garden deployment",
    modelAt: "publisherModelName or huggingFaceModelId",
    models: (p) => modelsAt(p, ["publisherModelName"], ["huggingFaceModelId"]),
  },
  {
    ...gcp,
    tags: "none",
    token: T.vertexModelGardenEnable,
    role: "usage",
    label: "Vertex AI Model Garden model enablement",
    usageAt: "publisherModelName",
    opens: (m) => `Model Garden model ${typeof m === "string" && m ? `"${m}"` : "(unnamed)"}`,
  },
  {
    ...gcp,
    tags: "none",
    token: T.gcpProjectService,
    role: "usage",
    label: "project service",
    usageAt: "service",
    opens: (s) => (typeof s === "string" ? AI_API_SERVICES[s.trim().toLowerCase()] : undefined),
  },
];
