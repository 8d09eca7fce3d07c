import * as pulumi from "@pulumi/pulumi";
import { FAKE_KEY_PREFIX } from "../../cli/program/fake-cloud";
import { describe, expect, it } from "vitest";
import { installMocks, valueOf, type CapturedResource } from "../support/component-mocks";
import { awsTeam, azureTeam } from "../support/component-fixtures";

const captured = installMocks();

import { AwsAiTeam, AzureAiTeam } from "../../components";

/** Every string in a value, with its path. */
function strings(value: unknown, path = ""): { path: string; value: string }[] {
  if (typeof value === "string") return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
  }
  return [];
}

/** Where key material appears outside secrets: in tags, in plain inputs, in plain outputs. */
function exposures(secrets: readonly string[], resources: readonly CapturedResource[]) {
  const found: string[] = [];
  const hit = (s: string) => secrets.some((k) => k !== "" && s.includes(k));
  for (const r of resources) {
    for (const { path, value } of strings(r.inputs)) {
      if (!hit(value)) continue;
      if (path.startsWith("tags")) found.push(`${r.name} tag ${path}`);
      else if (
        !r.secretInputs.some(
          (p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`),
        )
      )
        found.push(`${r.name} plain input ${path}`);
    }
  }
  for (const o of captured.outputs.values()) {
    for (const { path, value } of strings(o.outputs)) {
      if (hit(value) && !o.secretPaths.some((p) => path === p || path.startsWith(`${p}.`)))
        found.push(`${o.urn} plain output ${path}`);
    }
  }
  return found;
}

describe("key material", () => {
  it("AWS: the Bedrock API key is a secret output, stored only as a secret, never in a tag", async () => {
    captured.reset();
    const team = new AwsAiTeam("platform", awsTeam());
    await captured.settle();
    const key = team.key!;
    expect(await pulumi.isSecret(key.apiKey!)).toBe(true);
    // The check can tell: the ARN is not secret.
    expect(await pulumi.isSecret(key.userArn)).toBe(false);
    const material = await valueOf(key.apiKey!);
    expect(material).toMatch(/^ABSK/);
    expect(captured.one("aws:secretsmanager/secretVersion:SecretVersion").secretInputs).toEqual([
      "secretString",
    ]);
    expect(
      captured.one("aws:iam/serviceSpecificCredential:ServiceSpecificCredential").inputs,
    ).not.toHaveProperty("serviceCredentialSecret");
    const keyOutputs = captured.outputs.get(captured.one("outcomeguard:aws:TeamKey").urn);
    expect(keyOutputs?.secretPaths).toContain("apiKey");
    expect(exposures([material], captured.resources)).toEqual([]);
  });

  it("Azure: subscription keys are secret outputs, never in a tag or plain output", async () => {
    captured.reset();
    const team = new AzureAiTeam("sales", azureTeam());
    await captured.settle();
    const key = team.key!;
    expect(await pulumi.isSecret(key.primaryKey)).toBe(true);
    expect(await pulumi.isSecret(key.secondaryKey)).toBe(true);
    const material = [await valueOf(key.primaryKey), await valueOf(key.secondaryKey)];
    expect(material.every((m) => m.startsWith(FAKE_KEY_PREFIX))).toBe(true);
    const keyOutputs = captured.outputs.get(captured.one("outcomeguard:azure:TeamKey").urn);
    expect(keyOutputs?.secretPaths).toEqual(expect.arrayContaining(["primaryKey", "secondaryKey"]));
    expect(exposures(material, captured.resources)).toEqual([]);
  });

  it("the exposure check finds key material put in a tag (it can fail)", () => {
    captured.reset();
    const leaked: CapturedResource = {
      type: "aws:iam/user:User",
      name: "leaky",
      urn: "urn:pulumi:test::outcomeguard::aws:iam/user:User::leaky",
      inputs: { tags: { note: "key ABSKsecret" }, path: "ABSKsecret" },
      secretInputs: [],
      state: {},
      id: "leaky",
      custom: true,
    };
    expect(exposures(["ABSKsecret"], [leaked])).toEqual([
      "leaky tag tags.note",
      "leaky plain input path",
    ]);
  });
});
