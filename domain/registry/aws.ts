/** AWS AI resource types (pulumi-aws and pulumi-aws-native): models, tags, capacity, grants. */
import type { ResourceSpec } from "./spec";
import { bedrockProvisionedCapacity, modelsAt, modelsUnderKey, sagemakerVariants } from "./read";
import { RESOURCE_TYPES as T } from "./tokens";

const aws = { cloud: "aws", provider: "aws", tags: "map" } as const;
const native = { cloud: "aws", provider: "aws-native", tags: "map" } as const;

const HARNESS_CONFIGS = [
  "bedrockModelConfig",
  "geminiModelConfig",
  "litellmModelConfig",
  "openaiModelConfig",
];

export const AWS_SPECS: readonly ResourceSpec[] = [
  {
    ...aws,
    token: T.bedrockInferenceProfile,
    role: "endpoint",
    kind: "bedrock-application-profile",
    label: "Bedrock application inference profile",
    modelAt: "modelSource.copyFrom",
    models: (p) => modelsAt(p, ["modelSource", "copyFrom"]),
  },
  {
    ...aws,
    token: T.bedrockProvisionedThroughput,
    role: "endpoint",
    kind: "bedrock-provisioned-throughput",
    label: "Bedrock provisioned throughput",
    modelAt: "modelArn",
    models: (p) => modelsAt(p, ["modelArn"]),
    capacityAt: "modelUnits, commitmentDuration",
    capacity: bedrockProvisionedCapacity,
  },
  {
    ...aws,
    token: T.bedrockAgent,
    role: "endpoint",
    kind: "bedrock-agent",
    label: "Bedrock agent",
    modelAt: "foundationModel",
    models: (p) => modelsAt(p, ["foundationModel"]),
  },
  {
    ...aws,
    token: T.bedrockKnowledgeBase,
    role: "endpoint",
    kind: "bedrock-knowledge-base",
    label: "Bedrock knowledge base",
    modelAt:
      "knowledgeBaseConfiguration.{vector,managed}KnowledgeBaseConfiguration.embeddingModelArn",
    models: (p) =>
      modelsAt(
        p,
        ["knowledgeBaseConfiguration", "vectorKnowledgeBaseConfiguration", "embeddingModelArn"],
        ["knowledgeBaseConfiguration", "managedKnowledgeBaseConfiguration", "embeddingModelArn"],
      ),
  },
  {
    ...aws,
    token: T.bedrockCustomModel,
    role: "endpoint",
    kind: "bedrock-custom-model",
    label: "Bedrock custom model",
    modelAt: "baseModelIdentifier",
    models: (p) => modelsAt(p, ["baseModelIdentifier"]),
  },
  {
    ...aws,
    token: T.bedrockFlow,
    role: "endpoint",
    kind: "bedrock-flow",
    label: "Bedrock flow",
    modelAt: "every modelId in definition",
    models: (p) => modelsUnderKey(p.definition, "modelId"),
  },
  {
    ...aws,
    token: T.bedrockPrompt,
    role: "endpoint",
    kind: "bedrock-prompt",
    label: "Bedrock prompt",
    modelAt: "variants[].modelId",
    models: (p) => modelsAt(p, ["variants", "modelId"]),
  },
  {
    ...aws,
    token: T.agentcoreHarness,
    role: "endpoint",
    kind: "agentcore-harness",
    label: "Bedrock AgentCore harness",
    modelAt: `model.{${HARNESS_CONFIGS.join(",")}}.modelId`,
    models: (p) => modelsAt(p, ...HARNESS_CONFIGS.map((c) => ["model", c, "modelId"])),
  },
  {
    ...aws,
    token: T.agentcoreEvaluator,
    role: "endpoint",
    kind: "agentcore-evaluator",
    label: "Bedrock AgentCore evaluator",
    modelAt: "evaluatorConfig.llmAsAJudge.modelConfig.bedrockEvaluatorModelConfig.modelId",
    models: (p) =>
      modelsAt(p, [
        "evaluatorConfig",
        "llmAsAJudge",
        "modelConfig",
        "bedrockEvaluatorModelConfig",
        "modelId",
      ]),
  },
  {
    ...aws,
    token: T.sagemakerEndpointConfiguration,
    role: "endpoint",
    kind: "sagemaker-endpoint",
    label: "SageMaker endpoint configuration",
    modelAt: "productionVariants[].modelName",
    models: (p) => sagemakerVariants(p).models,
    capacityAt: "productionVariants[].instanceType, initialInstanceCount",
    capacity: (p) => sagemakerVariants(p).capacity,
  },
  {
    ...native,
    tags: "list",
    token: T.nativeApplicationInferenceProfile,
    role: "endpoint",
    kind: "bedrock-application-profile",
    label: "Bedrock application inference profile (Cloud Control)",
    modelAt: "modelSource.copyFrom",
    models: (p) => modelsAt(p, ["modelSource", "copyFrom"]),
  },
  {
    ...native,
    token: T.nativeBedrockAgent,
    role: "endpoint",
    kind: "bedrock-agent",
    label: "Bedrock agent (Cloud Control)",
    modelAt: "foundationModel",
    models: (p) => modelsAt(p, ["foundationModel"]),
  },
  { ...aws, token: T.awsBudget, role: "budget" },
  ...[T.iamPolicy, T.iamRolePolicy, T.iamUserPolicy, T.iamGroupPolicy].map(
    (token): ResourceSpec => ({
      ...aws,
      token,
      role: "iam",
      grants: { kind: "document", document: "policy" },
    }),
  ),
  ...[
    T.iamRolePolicyAttachment,
    T.iamUserPolicyAttachment,
    T.iamGroupPolicyAttachment,
    T.iamPolicyAttachment,
  ].map((token): ResourceSpec => ({
    ...aws,
    token,
    role: "iam",
    grants: { kind: "attachment", arn: "policyArn" },
  })),
  {
    ...aws,
    token: T.iamRole,
    role: "iam",
    grants: {
      kind: "identity",
      inline: "inlinePolicies",
      inlineDocument: "policy",
      inlineName: "name",
      managed: "managedPolicyArns",
    },
  },
  ...[
    T.nativeIamManagedPolicy,
    T.nativeIamRolePolicy,
    T.nativeIamUserPolicy,
    T.nativeIamGroupPolicy,
  ].map((token): ResourceSpec => ({
    ...native,
    tags: "list",
    token,
    role: "iam",
    grants: { kind: "document", document: "policyDocument" },
  })),
  ...[T.nativeIamRole, T.nativeIamUser, T.nativeIamGroup].map((token): ResourceSpec => ({
    ...native,
    tags: "list",
    token,
    role: "iam",
    grants: {
      kind: "identity",
      inline: "policies",
      inlineDocument: "policyDocument",
      inlineName: "policyName",
      managed: "managedPolicyArns",
    },
  })),
];
