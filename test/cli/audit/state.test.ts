import { describe, expect, it } from "vitest";
import { SECRET_SIG, SECRET_SIG_KEY, UNKNOWN_SENTINELS } from "../../../cli/analyzer/protocol";
import { readDeployedStack, StateFileError } from "../../../cli/audit/state";
import { thrownMessage } from "../../support/errors";

const URN = "urn:pulumi:prod::acme::aws:sns/topic:Topic::alerts";
const topic = (over: Record<string, unknown> = {}) => ({
  urn: URN,
  type: "aws:sns/topic:Topic",
  custom: true,
  id: "arn:aws:sns:us-east-1:1:alerts",
  inputs: { name: "alerts" },
  outputs: { name: "alerts", arn: "arn:aws:sns:us-east-1:1:alerts" },
  ...over,
});
const exportOf = (resources: unknown[]) =>
  JSON.stringify({ version: 3, deployment: { resources } });
const checkpointOf = (resources: unknown[]) =>
  JSON.stringify({ version: 3, checkpoint: { stack: "prod", latest: { resources } } });

const stateError = (text: string) =>
  thrownMessage(StateFileError, () => readDeployedStack(text, "prod.json"));

describe("readDeployedStack", () => {
  it("reads the stack and project from a stack export's URNs", () => {
    const s = readDeployedStack(exportOf([topic()]), "prod.json");
    expect([s.stack, s.project]).toEqual(["prod", "acme"]);
  });

  it("reads a DIY backend's checkpoint the same as a stack export", () => {
    expect(readDeployedStack(checkpointOf([topic()]), "c.json")).toEqual(
      readDeployedStack(exportOf([topic()]), "c.json"),
    );
  });

  it("names a resource after the last part of its URN", () => {
    expect(readDeployedStack(exportOf([topic()]), "f").resources[0]?.name).toBe("alerts");
  });

  it("gives the inputs as props and the outputs as outputs", () => {
    const r = readDeployedStack(exportOf([topic()]), "f").resources[0];
    expect([r?.props, r?.outputs?.arn]).toEqual([
      { name: "alerts" },
      "arn:aws:sns:us-east-1:1:alerts",
    ]);
  });

  it("leaves out resources pending deletion", () => {
    expect(readDeployedStack(exportOf([topic({ delete: true })]), "f").resources).toEqual([]);
  });

  it("unwraps a secret revealed with --show-secrets", () => {
    const secret = { [SECRET_SIG_KEY]: SECRET_SIG, plaintext: '"s3cret"' };
    const r = readDeployedStack(exportOf([topic({ inputs: { token: secret } })]), "f");
    expect(r.resources[0]?.props.token).toBe("s3cret");
  });

  it("treats an encrypted secret as a value not known", () => {
    const secret = { [SECRET_SIG_KEY]: SECRET_SIG, ciphertext: "AAAA" };
    const r = readDeployedStack(exportOf([topic({ inputs: { token: secret } })]), "f");
    expect(r.resources[0]?.props.token).toBe(UNKNOWN_SENTINELS.string);
  });

  it("reads a file that starts with a byte-order mark", () => {
    expect(readDeployedStack(`\ufeff${exportOf([topic()])}`, "f").resources).toHaveLength(1);
  });

  it("reads a stack with no resources as empty", () => {
    expect(readDeployedStack('{"version":3,"deployment":{}}', "f").resources).toEqual([]);
  });

  it("says a file that is not JSON is not valid JSON, naming the file", () => {
    expect(stateError("{")).toMatch(/^prod\.json: not valid JSON/);
  });

  it("names a resource with a malformed URN by its path", () => {
    expect(stateError(exportOf([topic({ urn: "alerts" })]))).toContain(
      "deployment.resources[0].urn: must be a Pulumi URN",
    );
  });

  it("refuses another deployment format", () => {
    expect(stateError('{"version":2,"deployment":{}}')).toContain("deployment format 3");
  });
});
