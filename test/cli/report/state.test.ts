import { describe, expect, it } from "vitest";
import { isUnknown } from "../../../cli/report/resource";
import { readStackExport } from "../../../cli/report/state";
import { problemsOf, realisticStack } from "../../support/report-fixtures";

/** Line and column (1-based) of a character offset. */
function posOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}

/** Line and column (1-based) of the first occurrence of `needle` in `text`. */
function where(text: string, needle: string): { line: number; column: number } {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`${needle} not in text`);
  return posOf(text, i);
}

describe("reading a pulumi stack export", () => {
  it("reads resources with inputs, outputs, ids and parents; skips providers and pending deletes", () => {
    const s = realisticStack();
    s.resources.push({
      ...s.resources.find((r) => r.type === "aws:bedrock/inferenceProfile:InferenceProfile")!,
      delete: true,
    });
    const resources = readStackExport(s.text(), "prod.json");
    expect(resources.some((r) => r.type.startsWith("pulumi:providers:"))).toBe(false);
    const profiles = resources.filter(
      (r) => r.type === "aws:bedrock/inferenceProfile:InferenceProfile",
    );
    expect(profiles.map((r) => r.name)).toEqual([
      "support-bot-profile",
      "invoice-reader-profile",
      "summarizer-experiment",
    ]);
    const support = profiles[0]!;
    expect(support.id).toBe("sup4bot9x1");
    expect(support.parent).toMatch(
      /outcomeguard:aws:TeamAi\$outcomeguard:aws:GatedEndpoint::support-bot$/,
    );
    expect(support.outputs?.tagsAll).toMatchObject({ "ai-cost-center": "CC-4410" });
  });

  it("unwraps secrets exported with --show-secrets and treats encrypted ones as unknown", () => {
    const s = realisticStack();
    const sig = "4dabf18193072939515e22adb298388d";
    s.add({
      type: "aws:bedrock/inferenceProfile:InferenceProfile",
      name: "secretive",
      parent: s.root,
      inputs: {
        modelSource: {
          copyFrom: {
            [sig]: "1b47061264138c4ac30d75fd1eb44270",
            plaintext: '"amazon.nova-pro-v1:0"',
          },
        },
        tags: { [sig]: "1b47061264138c4ac30d75fd1eb44270", ciphertext: "AAAAAQ==" },
      },
    });
    const r = readStackExport(s.text(), "prod.json").find((x) => x.name === "secretive")!;
    expect(r.inputs.modelSource).toEqual({ copyFrom: "amazon.nova-pro-v1:0" });
    expect(isUnknown(r.inputs.tags)).toBe(true);
  });

  it("malformed JSON fails naming the line and column of the fault", () => {
    const good = realisticStack().text();
    // Drop the comma after the first resource's "custom": false.
    const at = good.indexOf('"custom": false,') + '"custom": false'.length;
    const broken = `${good.slice(0, at)}${good.slice(at + 1)}`;
    // The fault is the next property name, on the following line.
    const next = at + (/^\s*/.exec(broken.slice(at))?.[0].length ?? 0);
    const e = problemsOf(() => readStackExport(broken, "prod.json"));
    expect(e.problems[0]).toMatchObject(posOf(broken, next));
    expect(e.message).toMatch(
      /^prod\.json:\d+:\d+: not valid JSON: expected "," or "}" after the value of "custom", found "\\""/,
    );
  });

  it("a resource without a type fails naming the field by path, line and column", () => {
    const s = realisticStack();
    const victim = s.resources[4]!;
    delete (victim as { type?: string }).type;
    const text = s.text();
    const e = problemsOf(() => readStackExport(text, "prod.json"));
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0]?.where).toBe("deployment.resources[4].type");
    // A missing field is placed at the start of the object it belongs in: the "{" before its urn.
    const urnAt = text.indexOf(`"urn": "${victim.urn}"`);
    expect(e.problems[0]).toMatchObject(posOf(text, text.lastIndexOf("{", urnAt)));
    expect(e.message).toMatch(/^prod\.json:\d+:\d+: deployment\.resources\[4\]\.type: /);
  });

  it("names every bad field, each at its own line", () => {
    const s = realisticStack();
    (s.resources[3] as { urn: string }).urn = "support-bot";
    (s.resources[5] as { inputs: unknown }).inputs = "tags=none";
    const text = s.text();
    const e = problemsOf(() => readStackExport(text, "prod.json"));
    expect(e.problems.map((p) => p.where)).toEqual([
      "deployment.resources[3].urn",
      "deployment.resources[5].inputs",
    ]);
    expect(e.problems[0]).toMatchObject(where(text, '"support-bot"'));
    expect(e.problems[0]?.message).toMatch(/urn:pulumi:<stack>::<project>::<type>::<name>/);
    expect(e.problems[1]).toMatchObject(where(text, '"tags=none"'));
  });

  it("an export in another format version is refused with what to do", () => {
    const text = JSON.stringify({ version: 2, deployment: { resources: [] } }, null, 2);
    const e = problemsOf(() => readStackExport(text, "old.json"));
    expect(e.problems[0]).toMatchObject({ where: "version", ...where(text, "2,") });
    expect(e.message).toMatch(/must be 3/);
  });

  it("a stack with no resources yet is an empty stack, not an error", () => {
    expect(readStackExport('{"version":3,"deployment":{"manifest":{}}}', "new.json")).toEqual([]);
  });
});
