/**
 * AI resources as public programs declare them, each with its source. Where the source is a
 * Terraform or CDK program, the shape is written with the Pulumi provider's input names for the
 * same schema (pulumi-azure and pulumi-gcp are bridged from those Terraform resources; aws-native
 * and the awscc Terraform provider share the Cloud Control schema). Found with the search tool.
 */
import { RESOURCE_TYPES as T } from "../../domain/registry/tokens";
import type { TestResource } from "./policy-harness";

export interface CorpusCase {
  /** Repository and path the shape comes from. */
  readonly source: string;
  readonly what: string;
  readonly resource: TestResource;
  /** The mandatory policies a preview reports on it, as such a program writes it. */
  readonly mandatory: readonly string[];
  /** Advisory policies that report on it too (at least these). */
  readonly advisory: readonly string[];
}

const OUTCOME_AND_CEILING = [
  "premium-endpoint-requires-cost-ceiling",
  "premium-endpoint-requires-outcome",
];

export const CORPUS: readonly CorpusCase[] = [
  {
    source:
      "pulumi/pulumi-gcp sdk/nodejs/vertex/aiEndpoint.ts (example: Vertex Ai Endpoint Dedicated Endpoint)",
    what: "a Vertex AI endpoint with a non-governance label (any model can be deployed to it)",
    resource: {
      type: T.vertexEndpoint,
      name: "endpoint",
      props: {
        name: "endpoint-name_9991",
        displayName: "sample-endpoint",
        location: "us-central1",
        region: "us-central1",
        labels: { "label-one": "value-one" },
        dedicatedEndpointEnabled: true,
      },
    },
    mandatory: OUTCOME_AND_CEILING,
    advisory: ["shadow-ai-endpoint"],
  },
  {
    source:
      "pulumi/pulumi-gcp sdk/nodejs/vertex/aiEndpointWithModelGardenDeployment.ts (example: Vertex Ai Deploy Basic)",
    what: "a Model Garden deployment of a model the catalog does not know (no labels input)",
    resource: {
      type: T.vertexModelGardenEndpoint,
      name: "deploy",
      props: {
        publisherModelName: "publishers/google/models/paligemma@paligemma-224-float32",
        location: "us-central1",
        modelConfig: { acceptEula: true },
      },
    },
    mandatory: OUTCOME_AND_CEILING,
    advisory: ["model-in-catalog", "shadow-ai-endpoint"],
  },
  {
    source:
      "pulumi/pulumi-gcp sdk/nodejs/vertex/aiEndpointWithModelGardenDeployment.ts (example: Vertex Ai Deploy Huggingface Model)",
    what: "a Hugging Face model deployed through Model Garden",
    resource: {
      type: T.vertexModelGardenEndpoint,
      name: "deploy",
      props: {
        huggingFaceModelId: "Qwen/Qwen3-0.6B",
        location: "us-central1",
        modelConfig: { acceptEula: true },
      },
    },
    mandatory: OUTCOME_AND_CEILING,
    advisory: ["model-in-catalog"],
  },
  {
    source:
      "pulumi/pulumi-gcp sdk/nodejs/vertex/aiModelGardenEnableModel.ts (example: Vertex Ai Model Garden Enable Model Basic)",
    what: "a Model Garden model enabled for the project",
    resource: {
      type: T.vertexModelGardenEnable,
      name: "enable",
      props: { publisherModelName: "publishers/google/models/paligemma@paligemma-224-float32" },
    },
    mandatory: [],
    advisory: ["shadow-ai-endpoint"],
  },
  {
    source: "osushinekotan/KaggleOps terraform/modules/vertex-ai/main.tf (google_project_service)",
    what: "the Vertex AI API enabled on a project",
    resource: {
      type: T.gcpProjectService,
      name: "vertex_ai",
      props: {
        project: "my-project",
        service: "aiplatform.googleapis.com",
        disableOnDestroy: false,
      },
    },
    mandatory: [],
    advisory: ["shadow-ai-endpoint"],
  },
  {
    source:
      "pulumi/pulumi-azure sdk/nodejs/cognitive/deployment.ts (example; v5 DeploymentArgs with a required scale)",
    what: "a classic-provider OpenAI account with local auth left at its default, and a deployment",
    resource: {
      type: T.classicAccount,
      name: "example",
      props: {
        name: "example-ca",
        location: "West Europe",
        resourceGroupName: "example-resources",
        kind: "OpenAI",
        skuName: "S0",
      },
    },
    mandatory: ["azure-ai-local-auth-disabled"],
    advisory: [],
  },
  {
    source: "pulumi/pulumi-azure sdk/nodejs/cognitive/aiservices.ts (example)",
    what: "a classic-provider AI Services account with local authentication left at its default",
    resource: {
      type: T.classicAiServices,
      name: "example",
      props: {
        name: "example-account",
        location: "West Europe",
        resourceGroupName: "example-resources",
        skuName: "S0",
        tags: { Acceptance: "Test" },
      },
    },
    mandatory: ["azure-ai-local-auth-disabled"],
    advisory: [],
  },
  {
    source:
      'briandenicola/dapr-ai-agents-demo infrastructure/.modules/openai/models.tf (azurerm_cognitive_deployment "o1")',
    what: "o1 on the classic provider's v6 sku (GlobalStandard, capacity 10): premium, and the type takes no tags",
    resource: {
      type: T.classicDeployment,
      name: "o1",
      props: {
        name: "o1",
        cognitiveAccountId:
          "/subscriptions/x/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/a",
        model: { format: "OpenAI", name: "o1", version: "2024-12-17" },
        sku: { name: "GlobalStandard", capacity: 10 },
      },
    },
    // With a capacity and no ceiling, its maximum monthly spend has nothing to fit.
    mandatory: [...OUTCOME_AND_CEILING, "projected-spend-within-ceiling"],
    advisory: ["shadow-ai-endpoint"],
  },
  {
    source: 'vrabbi/observability360 IaC/infra/openai.tf (azurerm_cognitive_account "demo")',
    what: "an OpenAI account on the classic provider with no local_auth_enabled (defaults to true)",
    resource: {
      type: T.classicAccount,
      name: "demo",
      props: { name: "demo-openai", kind: "OpenAI", skuName: "S0", resourceGroupName: "rg" },
    },
    mandatory: ["azure-ai-local-auth-disabled"],
    advisory: [],
  },
  {
    source:
      'tkubica12/azure-workshops d-ai-app-patterns/scalable_chat/terraform/ai.model.tf (azurerm_cognitive_deployment "openai_model")',
    what: "gpt-4.1-nano on GlobalStandard capacity 400: economy, so not gated",
    resource: {
      type: T.classicDeployment,
      name: "openai_model",
      props: {
        name: "gpt-4.1-nano",
        cognitiveAccountId: "/subscriptions/x/accounts/a",
        model: { format: "OpenAI", name: "gpt-4.1-nano", version: "2025-04-14" },
        sku: { capacity: 400, name: "GlobalStandard" },
      },
    },
    mandatory: [],
    advisory: ["shadow-ai-endpoint"],
  },
  {
    source:
      'vrabbi/observability360 IaC/infra/openai.tf (azurerm_cognitive_deployment "demo"), as an azure-native version-specific module',
    what: "gpt-4o at GlobalStandard 450 declared through azure-native:cognitiveservices/v20250601",
    resource: {
      type: "azure-native:cognitiveservices/v20250601:Deployment",
      name: "demo",
      props: {
        accountName: "demo-openai",
        resourceGroupName: "rg",
        deploymentName: "demo-gpt-4o",
        properties: { model: { format: "OpenAI", name: "gpt-4o", version: "2024-11-20" } },
        sku: { name: "GlobalStandard", capacity: 450 },
      },
    },
    mandatory: [],
    advisory: ["shadow-ai-endpoint"],
  },
  {
    source:
      "hashicorp/terraform-provider-awscc examples/resources/awscc_bedrock_application_inference_profile/main.tf (Cloud Control schema, as aws-native)",
    what: "a Claude 3 Sonnet application inference profile with a {key, value} tag list: standard, not gated",
    resource: {
      type: T.nativeApplicationInferenceProfile,
      name: "example",
      props: {
        inferenceProfileName: "example-profile",
        description: "Example inference profile for bedrock application",
        modelSource: {
          copyFrom:
            "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-sonnet-20240229-v1:0",
        },
        tags: [{ key: "Modified By", value: "AWSCC" }],
      },
    },
    mandatory: [],
    advisory: ["shadow-ai-endpoint"],
  },
  {
    source:
      "govuk-once/gds-eligibility-agentic-backend terraform/variables.tf (bedrock_agent_foundation_model default)",
    what: "a Bedrock agent on a cross-region Sonnet 4.5 profile id: standard, so not gated",
    resource: {
      type: T.bedrockAgent,
      name: "agent",
      props: {
        agentName: "eligibility",
        agentResourceRoleArn: "arn:aws:iam::123456789012:role/agent",
        instruction: "help",
        foundationModel: "eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
      },
    },
    mandatory: [],
    advisory: ["shadow-ai-endpoint"],
  },
  {
    source:
      "pulumi/pulumi-aws sdk (node_modules/@pulumi/aws/bedrock/agentAgent.d.ts, example: Basic Usage)",
    what: "a Bedrock agent on anthropic.claude-v2, a model the catalog does not know: premium, named",
    resource: {
      type: T.bedrockAgent,
      name: "example",
      props: {
        agentName: "my-agent-name",
        agentResourceRoleArn: "arn:aws:iam::123456789012:role/example",
        idleSessionTtlInSeconds: 500,
        instruction: "You are a friendly assistant who helps answer questions.",
        foundationModel: "anthropic.claude-v2",
      },
    },
    mandatory: OUTCOME_AND_CEILING,
    advisory: ["model-in-catalog", "shadow-ai-endpoint"],
  },
  {
    source:
      "issue 14 (a Bedrock agent whose foundationModel is a global Opus profile id, as real programs now write it)",
    what: "a Bedrock agent on global.anthropic.claude-opus-4-5: premium with no outcome or ceiling",
    resource: {
      type: T.bedrockAgent,
      name: "opus-agent",
      props: {
        agentName: "opus",
        agentResourceRoleArn: "arn:aws:iam::123456789012:role/agent",
        instruction: "help",
        foundationModel: "global.anthropic.claude-opus-4-5-20251101-v1:0",
      },
    },
    mandatory: OUTCOME_AND_CEILING,
    advisory: ["shadow-ai-endpoint"],
  },
  {
    source:
      "node_modules/@pulumi/azure-native/machinelearningservices/serverlessEndpoint.d.ts (inputs); model id format azureml://registries/<registry>/models/<name> from public Bicep samples the search tool returned without naming their repository",
    what: "a Foundry serverless endpoint on Mistral Large: standard, so not gated",
    resource: {
      type: T.azureServerlessEndpoint,
      name: "mistral",
      props: {
        workspaceName: "intelligent-apps",
        resourceGroupName: "rg",
        location: "eastus2",
        properties: {
          authMode: "Key",
          modelSettings: { modelId: "azureml://registries/azureml-mistral/models/Mistral-large" },
        },
        sku: { name: "Consumption" },
      },
    },
    mandatory: [],
    advisory: ["shadow-ai-endpoint"],
  },
];
