/**
 * The Pulumi type tokens the pack reads, each written once. The registry (./index.ts) says what
 * each one is and how to read it; policies and the report match on the registry, never on a token.
 */
export const RESOURCE_TYPES = {
  // ---- AWS (pulumi-aws) ----
  bedrockInferenceProfile: "aws:bedrock/inferenceProfile:InferenceProfile",
  bedrockProvisionedThroughput: "aws:bedrock/provisionedModelThroughput:ProvisionedModelThroughput",
  bedrockAgent: "aws:bedrock/agentAgent:AgentAgent",
  bedrockKnowledgeBase: "aws:bedrock/agentKnowledgeBase:AgentKnowledgeBase",
  bedrockCustomModel: "aws:bedrock/customModel:CustomModel",
  bedrockFlow: "aws:bedrock/agentFlow:AgentFlow",
  bedrockPrompt: "aws:bedrock/agentPrompt:AgentPrompt",
  agentcoreHarness: "aws:bedrock/agentcoreHarness:AgentcoreHarness",
  agentcoreEvaluator: "aws:bedrock/agentcoreEvaluator:AgentcoreEvaluator",
  sagemakerEndpointConfiguration: "aws:sagemaker/endpointConfiguration:EndpointConfiguration",
  awsBudget: "aws:budgets/budget:Budget",
  iamPolicy: "aws:iam/policy:Policy",
  iamRolePolicy: "aws:iam/rolePolicy:RolePolicy",
  iamUserPolicy: "aws:iam/userPolicy:UserPolicy",
  iamGroupPolicy: "aws:iam/groupPolicy:GroupPolicy",
  iamRole: "aws:iam/role:Role",
  iamRolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  iamUserPolicyAttachment: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
  iamGroupPolicyAttachment: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
  iamPolicyAttachment: "aws:iam/policyAttachment:PolicyAttachment",
  // ---- AWS Cloud Control (pulumi-aws-native) ----
  nativeApplicationInferenceProfile: "aws-native:bedrock:ApplicationInferenceProfile",
  nativeBedrockAgent: "aws-native:bedrock:Agent",
  nativeIamManagedPolicy: "aws-native:iam:ManagedPolicy",
  nativeIamRolePolicy: "aws-native:iam:RolePolicy",
  nativeIamUserPolicy: "aws-native:iam:UserPolicy",
  nativeIamGroupPolicy: "aws-native:iam:GroupPolicy",
  nativeIamRole: "aws-native:iam:Role",
  nativeIamUser: "aws-native:iam:User",
  nativeIamGroup: "aws-native:iam:Group",
  // ---- Azure (pulumi-azure-native; any API version, see normalizeType) ----
  azureDeployment: "azure-native:cognitiveservices:Deployment",
  azureAccount: "azure-native:cognitiveservices:Account",
  azureProject: "azure-native:cognitiveservices:Project",
  azureServerlessEndpoint: "azure-native:machinelearningservices:ServerlessEndpoint",
  azureBudget: "azure-native:consumption:Budget",
  // ---- Azure classic (pulumi-azure) ----
  classicDeployment: "azure:cognitive/deployment:Deployment",
  classicAccount: "azure:cognitive/account:Account",
  classicAiServices: "azure:cognitive/aIServices:AIServices",
  // ---- GCP (pulumi-gcp), by token only ----
  vertexEndpoint: "gcp:vertex/aiEndpoint:AiEndpoint",
  vertexModelGardenEndpoint:
    "gcp:vertex/aiEndpointWithModelGardenDeployment:AiEndpointWithModelGardenDeployment",
  vertexModelGardenEnable: "gcp:vertex/aiModelGardenEnableModel:AiModelGardenEnableModel",
  gcpProjectService: "gcp:projects/service:Service",
} as const;

/**
 * Tokens the rules read that are not AI resources of the registry: what guards them (runaway
 * alarms) and the credential that is a Bedrock API key.
 */
export const GUARD_TYPES = {
  /** A long-term Bedrock API key when its service is Bedrock. */
  iamServiceSpecificCredential: "aws:iam/serviceSpecificCredential:ServiceSpecificCredential",
  /** Runaway alarms: CloudWatch on AWS, Azure Monitor metric alerts on Azure. */
  cloudwatchMetricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  azureMetricAlert: "azure-native:monitor:MetricAlert",
} as const;

/**
 * A token without its API-version module segment: `azure-native:<module>/vYYYYMMDD[preview]:Type`
 * becomes `azure-native:<module>:Type`, as azure-native's version-specific modules alias the default.
 */
export function normalizeType(type: string): string {
  let normal = normalized.get(type);
  if (normal === undefined) {
    normal = type.replace(/^(azure-native:[^:/]+)\/v\d{8}(?:-?preview)?:/i, "$1:");
    if (normalized.size >= 4096) normalized.clear();
    normalized.set(type, normal);
  }
  return normal;
}

/** Tokens already normalized: the rules ask for the same few types over and over. */
const normalized = new Map<string, string>();
