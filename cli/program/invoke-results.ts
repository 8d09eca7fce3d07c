/**
 * What the clouds' provider functions (invokes) answer, offline: the one implementation behind the
 * preview's mocks (`./mocks.ts`) and the engine tests' test-double providers.
 */

/** `aws:index/getCallerIdentity:getCallerIdentity` for an IAM user of the account. */
export function awsCallerIdentity(accountId: string, userName: string, userId: string) {
  return {
    accountId,
    arn: `arn:aws:iam::${accountId}:user/${userName}`,
    userId,
    id: accountId,
  };
}

/** `aws:index/getRegion:getRegion`. */
export function awsRegion(region: string) {
  return {
    name: region,
    region,
    id: region,
    endpoint: `ec2.${region}.amazonaws.com`,
  };
}

/** `aws:index/getPartition:getPartition` (the commercial partition). */
export function awsPartition() {
  return {
    partition: "aws",
    dnsSuffix: "amazonaws.com",
    id: "aws",
    reverseDnsPrefix: "com.amazonaws",
  };
}

/** `azure-native:authorization:getClientConfig`. */
export function azureClientConfig(ids: {
  readonly subscriptionId: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly objectId: string;
}) {
  return {
    subscriptionId: ids.subscriptionId,
    tenantId: ids.tenantId,
    clientId: ids.clientId,
    objectId: ids.objectId,
  };
}
