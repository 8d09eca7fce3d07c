import * as path from "node:path";
import { describe, expect, it } from "vitest";
import {
  listStacks,
  loadProject,
  PACKAGE_ROOT,
  readStackConfigFile,
} from "../../cli/program/project";
import {
  CONFIG_NAMESPACE,
  parseStackConfig,
  StackConfigError,
  type ConfigProblem,
} from "../../stacks/config";

const project = loadProject(PACKAGE_ROOT);

function flatOf(stack: string): Record<string, string> {
  return {
    ...readStackConfigFile(path.join(project.stackConfigDir, `Pulumi.${stack}.yaml`), project.name)
      .config,
  };
}

/** The problems a config fails with (fails the test if it parses). */
function problemsOf(flat: Record<string, string>): ConfigProblem[] {
  try {
    parseStackConfig(flat);
  } catch (e) {
    expect(e).toBeInstanceOf(StackConfigError);
    return [...(e as StackConfigError).problems];
  }
  throw new Error("expected the config to be rejected");
}

/** A valid AWS config, changed by `edit` (which gets the parsed sections to mutate). */
function awsWith(edit: (c: Record<string, unknown>) => void): Record<string, string> {
  const flat = flatOf("aws");
  const sections: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(flat)) {
    if (k.startsWith(`${CONFIG_NAMESPACE}:`))
      sections[k.slice(CONFIG_NAMESPACE.length + 1)] = JSON.parse(v);
  }
  edit(sections);
  const out: Record<string, string> = { "aws:region": flat["aws:region"] ?? "us-east-1" };
  for (const [k, v] of Object.entries(sections)) {
    out[`${CONFIG_NAMESPACE}:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
  }
  return out;
}

type Endpoint = Record<string, unknown>;
const endpoints = (c: Record<string, unknown>) => c.endpoints as Endpoint[];

describe("the example stacks", () => {
  it("are aws, azure and ungoverned", () => {
    expect(listStacks(project)).toEqual(expect.arrayContaining(["aws", "azure", "ungoverned"]));
  });

  it.each(["aws", "azure", "ungoverned"])("%s has a valid config", (stack) => {
    const { config } = parseStackConfig(flatOf(stack));
    expect(Object.keys(config.teams).length).toBeGreaterThan(0);
    expect(config.endpoints.length).toBeGreaterThan(0);
  });

  it("AWS: an economy model for support, a premium one for code review with a hard stop", () => {
    const { config } = parseStackConfig(flatOf("aws"));
    const byName = new Map(config.endpoints.map((e) => [e.name, e]));
    expect(byName.get("support-triage")?.model).toMatch(/haiku/);
    const review = byName.get("code-review");
    expect(review?.model).toMatch(/opus/);
    expect(review?.hardStop).toBe("budget-action");
    expect(config.outcomes["code-review-lead-time"]?.statement).toMatch(/from five days to two/);
  });

  it("ungoverned: the shadow patterns are declared as unmanaged resources", () => {
    const { config } = parseStackConfig(flatOf("ungoverned"));
    const kinds = config.unmanaged.map((u) => `${u.kind}:${u.name}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        "azure-openai-deployment:gpt5-playground",
        "bedrock-iam-policy:bedrock-invoke-anything",
        "azure-openai-deployment:research-burst",
      ]),
    );
  });
});

describe("a bad stack config fails with every problem named by path", () => {
  it("an endpoint without an outcome", () => {
    const problems = problemsOf(awsWith((c) => delete endpoints(c)[1]!.outcome));
    expect(problems).toContainEqual({
      path: "outcomeguard:endpoints[1].outcome",
      message: expect.stringMatching(/required.*outcome declared under outcomeguard:outcomes/),
    });
  });

  it("an endpoint naming an outcome nobody declared", () => {
    const problems = problemsOf(awsWith((c) => (endpoints(c)[0]!.outcome = "faster-everything")));
    expect(problems).toEqual([
      {
        path: "outcomeguard:endpoints[0].outcome",
        message: expect.stringContaining(
          'unknown outcome "faster-everything"; declared outcomes: support-ticket-deflection, code-review-lead-time',
        ),
      },
    ]);
  });

  it("a ceiling in words", () => {
    const problems = problemsOf(
      awsWith((c) => (endpoints(c)[1]!.monthlyCeilingUsd = "six thousand dollars")),
    );
    expect(problems).toEqual([
      {
        path: "outcomeguard:endpoints[1].monthlyCeilingUsd",
        message: expect.stringMatching(/in digits \(e\.g\. 5000\), not "six thousand dollars"/),
      },
    ]);
  });

  it("a ceiling written as digits in quotes is accepted", () => {
    const { config } = parseStackConfig(
      awsWith((c) => (endpoints(c)[1]!.monthlyCeilingUsd = "6000")),
    );
    expect(config.endpoints[1]?.monthlyCeilingUsd).toBe(6000);
  });

  it("an unknown team", () => {
    const problems = problemsOf(awsWith((c) => (endpoints(c)[0]!.team = "growth")));
    expect(problems).toContainEqual({
      path: "outcomeguard:endpoints[0].team",
      message: 'unknown team "growth"; declared teams: support, platform-engineering',
    });
  });

  it("reports every problem at once, schema and references together", () => {
    const problems = problemsOf(
      awsWith((c) => {
        endpoints(c)[0]!.team = "growth";
        endpoints(c)[1]!.monthlyCeilingUsd = "a lot";
        delete endpoints(c)[1]!.taskClass;
        (c.teams as Record<string, Record<string, unknown>>).support!.notify = [];
        c.budgets = [];
      }),
    );
    expect(problems.map((p) => p.path).sort()).toEqual(
      [
        "outcomeguard:budgets",
        "outcomeguard:endpoints[0].team",
        "outcomeguard:endpoints[1].monthlyCeilingUsd",
        "outcomeguard:endpoints[1].taskClass",
        "outcomeguard:teams.support.notify",
      ].sort(),
    );
    expect(problems.find((p) => p.path === "outcomeguard:budgets")?.message).toMatch(
      /not an OutcomeGuard setting; allowed: .*outcomeguard:teams/,
    );
  });

  it("names an unknown field and what is allowed there", () => {
    const problems = problemsOf(awsWith((c) => (endpoints(c)[0]!.ceiling = 100)));
    expect(problems).toEqual([
      {
        path: "outcomeguard:endpoints[0].ceiling",
        message: expect.stringMatching(
          /not a setting here; allowed: name, team, outcome, .*monthlyCeilingUsd/,
        ),
      },
    ]);
  });

  it("a section written as text instead of YAML structure", () => {
    const flat = { ...flatOf("aws"), "outcomeguard:teams": "support, platform-engineering" };
    expect(problemsOf(flat)).toContainEqual({
      path: "outcomeguard:teams",
      message: expect.stringMatching(/must be structured YAML/),
    });
  });

  it("a team whose endpoints' ceilings exceed its budget", () => {
    const problems = problemsOf(
      awsWith((c) => {
        (c.teams as Record<string, Record<string, unknown>>)[
          "platform-engineering"
        ]!.monthlyBudgetUsd = 1000;
      }),
    );
    expect(problems).toEqual([
      {
        path: "outcomeguard:teams.platform-engineering.monthlyBudgetUsd",
        message: expect.stringMatching(
          /add up to 6000 USD per month, more than its 1000 USD budget/,
        ),
      },
    ]);
  });

  it("a hard stop without the team key it stops", () => {
    const problems = problemsOf(awsWith((c) => (c.keys = [])));
    expect(problems).toEqual([
      {
        path: "outcomeguard:endpoints[1].hardStop",
        message: expect.stringMatching(/declare an AWS key for team "platform-engineering"/),
      },
    ]);
  });

  it("an Azure endpoint in a stack without Azure settings", () => {
    const problems = problemsOf(
      awsWith((c) =>
        endpoints(c).push({
          name: "drafts",
          cloud: "azure",
          team: "support",
          outcome: "support-ticket-deflection",
          model: "gpt-4o-mini",
          monthlyCeilingUsd: 100,
          taskClass: "generation",
          capacity: { sku: "GlobalStandard", units: 1 },
        }),
      ),
    );
    expect(problems.map((p) => p.path)).toEqual(
      expect.arrayContaining(["outcomeguard:azure", "outcomeguard:teams.support.monthlyBudgetUsd"]),
    );
  });
});

describe("issue 16 settings", () => {
  it("caps a team key's Bedrock API key age at 365 days, naming the path and the range", () => {
    const problems = problemsOf(
      awsWith((c) => {
        (c.keys as Record<string, unknown>[])[0]!.apiKeyMaxAgeDays = 400;
      }),
    );
    expect(problems).toEqual([
      {
        path: "outcomeguard:keys[0].apiKeyMaxAgeDays",
        message: expect.stringMatching(/from 1 to 365.*or false for no API key/),
      },
    ]);
  });

  it("accepts a key age of 365 days and false for no API key", () => {
    const { config } = parseStackConfig(
      awsWith((c) => {
        const keys = c.keys as Record<string, unknown>[];
        keys[0]!.apiKeyMaxAgeDays = 365;
        keys[1]!.apiKeyMaxAgeDays = false;
      }),
    );
    expect(config.keys.map((k) => k.apiKeyMaxAgeDays)).toEqual([365, false]);
  });

  it("takes the runaway alarm's days from outcomeguard:runaway (default 7, 1-30)", () => {
    expect(parseStackConfig(awsWith((c) => (c.runaway = {}))).config.runaway?.days).toBe(7);
    expect(parseStackConfig(awsWith((c) => (c.runaway = { days: 3 }))).config.runaway?.days).toBe(
      3,
    );
    expect(problemsOf(awsWith((c) => (c.runaway = { days: 0 })))).toEqual([
      { path: "outcomeguard:runaway.days", message: expect.stringMatching(/from 1 to 30/) },
    ]);
  });
});
