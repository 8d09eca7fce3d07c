import * as pulumi from "@pulumi/pulumi";
import { beforeEach, describe, expect, it } from "vitest";
import { installMocks } from "../support/component-mocks";
import { CODE_REVIEW, TICKET_DEFLECTION } from "../support/component-fixtures";

const captured = installMocks();

import { InvalidArgumentsError, type ArgProblem } from "../../components/args";
import {
  AiTeamResource,
  byName,
  governanceArgs,
  outcomeLimits,
  planTeamEndpoints,
  teamChildNames,
  teamEndpointArgs,
  teamEndpointPath,
  type TeamPlan,
} from "../../components/team-plan";

interface E {
  name: string;
  outcome: string;
  monthlyCeilingUsd: number;
}
const team = (endpoints: E[], outcomes = ["a", "b"], monthlyBudgetUsd = 10_000) => ({
  monthlyBudgetUsd,
  outcomes: outcomes.map((id) => ({ id })),
  endpoints,
});
const ep = (name: string, outcome: string, monthlyCeilingUsd = 100): E => ({
  name,
  outcome,
  monthlyCeilingUsd,
});

function problemsOf(t: ReturnType<typeof team>): ArgProblem[] {
  const problems: ArgProblem[] = [];
  planTeamEndpoints(t, problems, () => undefined);
  return problems;
}

describe("planTeamEndpoints", () => {
  it("plans a well-formed team without problems", () => {
    expect(problemsOf(team([ep("x", "a"), ep("y", "b")]))).toEqual([]);
  });

  it("refuses an outcome id declared twice, at the second one", () => {
    expect(problemsOf(team([ep("x", "a")], ["a", "a"]))).toEqual([
      { path: "outcomes[1].id", message: '"a" is declared twice' },
    ]);
  });

  it("refuses an endpoint name used twice, at the second one", () => {
    expect(problemsOf(team([ep("x", "a"), ep("x", "b")])).map((p) => p.path)).toEqual([
      "endpoints[1].name",
    ]);
  });

  it("refuses an endpoint on an unknown outcome and lists the allowed ones", () => {
    expect(problemsOf(team([ep("x", "a"), ep("y", "b"), ep("z", "c")]))).toEqual([
      {
        path: "endpoints[2].outcome",
        message: '"c" is not one of the team\'s outcomes; allowed: a, b',
      },
    ]);
  });

  it("refuses an outcome with no endpoint", () => {
    expect(problemsOf(team([ep("x", "a")])).map((p) => p.path)).toEqual(["outcomes[1]"]);
  });

  it("refuses ceilings that add up to more than the team budget, naming both sums", () => {
    const problems = problemsOf(team([ep("x", "a", 600), ep("y", "b", 500)], ["a", "b"], 1000));
    expect(problems).toEqual([
      {
        path: "monthlyBudgetUsd",
        message: expect.stringContaining(
          "add up to 1100 USD per month, more than its 1000 USD budget",
        ),
      },
    ]);
  });

  it("plans only endpoints on known outcomes, in order, with their outcome's index", () => {
    const planned = planTeamEndpoints(
      team([ep("x", "b"), ep("y", "nope"), ep("z", "a")]),
      [],
      (c) => `${c.endpoint.name}@${c.outcomeIndex}`,
    );
    expect(planned).toEqual(["x@1", "z@0"]);
  });

  it("reports a problem two endpoints share once", () => {
    const problems: ArgProblem[] = [];
    planTeamEndpoints(team([ep("x", "a"), ep("y", "a")], ["a"]), problems, (c) =>
      c.report([{ path: "outcomes[0].statement", message: "vague" }]),
    );
    expect(problems).toEqual([{ path: "outcomes[0].statement", message: "vague" }]);
  });
});

describe("a team endpoint's check", () => {
  const refuse = (...paths: string[]) => {
    throw new InvalidArgumentsError(
      "test:Endpoint",
      "e",
      paths.map((path) => ({ path, message: "bad" })),
    );
  };

  it("reports a refused endpoint's problems at the team's paths and returns no decision", () => {
    const problems: ArgProblem[] = [];
    const decided = planTeamEndpoints(team([ep("x", "a"), ep("y", "b")]), problems, (c) =>
      c.index === 1
        ? c.check(
            () => refuse("outcome.statement", "model", "team"),
            (p) => p === "team",
          )
        : "fine",
    );
    expect([decided, problems.map((p) => p.path)]).toEqual([
      ["fine", undefined],
      ["outcomes[1].statement", "endpoints[1].model", "team"],
    ]);
  });

  it("returns an accepted endpoint's decision", () => {
    const decided = planTeamEndpoints(team([ep("x", "a"), ep("y", "b")]), [], (c) =>
      c.check(
        () => `decided ${c.endpoint.name}`,
        () => false,
      ),
    );
    expect(decided).toEqual(["decided x", "decided y"]);
  });
});

describe("teamEndpointArgs", () => {
  const e = {
    name: "x",
    outcome: "a",
    model: "m",
    monthlyCeilingUsd: 100,
    taskClass: "code" as const,
  };

  it("gives the endpoint its team, cost center and declared governance options", () => {
    const a = { team: "search", costCenter: "CC-1", tagPrefix: "acme:", maxCeilingUsd: undefined };
    expect(teamEndpointArgs(a, e, CODE_REVIEW)).toEqual({
      team: "search",
      outcome: CODE_REVIEW,
      model: "m",
      monthlyCeilingUsd: 100,
      taskClass: "code",
      costCenter: "CC-1",
      tagPrefix: "acme:",
    });
  });

  it("passes expected tokens on only when the endpoint declares them", () => {
    const expectedTokens = { inputTokensPerMonth: 1, outputTokensPerMonth: 2 };
    const a = { team: "search", costCenter: "CC-1" };
    expect([
      teamEndpointArgs(a, { ...e, expectedTokens }, CODE_REVIEW).expectedTokens,
      "expectedTokens" in teamEndpointArgs(a, e, CODE_REVIEW),
    ]).toEqual([expectedTokens, false]);
  });
});

describe("teamChildNames", () => {
  it("names a team's children after the team", () => {
    const n = teamChildNames("support");
    expect([n.endpoint("bot"), n.outcomeBudget("deflection"), n.teamBudget, n.key]).toEqual([
      "support-bot",
      "support-deflection-budget",
      "support-team-budget",
      "support-key",
    ]);
  });
});

describe("AiTeamResource", () => {
  beforeEach(() => captured.reset());

  class Endpoint extends pulumi.ComponentResource {
    readonly tier = "economy" as const;
    readonly tags = { "ai-team": "t" };
    constructor(
      readonly label: string,
      readonly args: { readonly outcome: string },
      opts?: pulumi.ComponentResourceOptions,
    ) {
      super("test:Endpoint", label, {}, opts);
    }
  }
  interface BudgetArgs {
    readonly limit: number;
    readonly endpoints?: readonly string[];
    readonly keyed?: boolean;
  }
  class Budget extends pulumi.ComponentResource {
    constructor(
      name: string,
      readonly args: BudgetArgs,
      opts?: pulumi.ComponentResourceOptions,
    ) {
      super("test:Budget", name, {}, opts);
    }
  }
  class Key extends pulumi.ComponentResource {
    constructor(
      name: string,
      readonly args: { readonly endpoints: readonly string[] },
      opts?: pulumi.ComponentResourceOptions,
    ) {
      super("test:Key", name, {}, opts);
    }
  }
  type Plan = TeamPlan<{ readonly team: string }, { outcome: string }, BudgetArgs, { grant: true }>;

  /** Two outcomes, three endpoints (x and z on the code-review outcome), a key. */
  function plan(name: string, raw: unknown): Plan {
    if (raw !== "ok") {
      throw new InvalidArgumentsError("test:Team", name, [{ path: "team", message: "bad" }]);
    }
    const endpoint = (n: string, outcome: string) => ({ name: n, outcome, args: { outcome } });
    return {
      args: { team: "t" },
      endpoints: [
        endpoint("x", CODE_REVIEW.id),
        endpoint("y", TICKET_DEFLECTION.id),
        endpoint("z", CODE_REVIEW.id),
      ],
      outcomeBudgets: [
        { outcome: CODE_REVIEW, args: { limit: 2 } },
        { outcome: TICKET_DEFLECTION, args: { limit: 1 } },
      ],
      teamBudget: { limit: 3 },
      key: { grant: true },
    };
  }

  class Team extends AiTeamResource<Plan, Endpoint, Budget, Key, Key["args"]> {
    constructor(name: string, raw: unknown) {
      super("test:Team", plan, name, raw, {
        Endpoint,
        Budget,
        Key,
        keyArgs: (_k, endpoints) => ({ endpoints: endpoints.map((e) => e.label) }),
        outcomeBudgetArgs: (b, own, key) => ({
          ...b.args,
          endpoints: own.map((e) => e.label),
          keyed: key !== undefined,
        }),
      });
      this.registerTeamOutputs((e) => ({ label: e.label }), { extra: 1 });
    }
  }

  it("creates the planned children under the team, named after it", async () => {
    new Team("t", "ok");
    await captured.settle();
    const teamUrn = captured.one("test:Team").urn;
    const children = captured.resources.filter((r) => r.parentUrn === teamUrn).map((r) => r.name);
    expect(children.sort()).toEqual(
      [
        "t-x",
        "t-y",
        "t-z",
        "t-key",
        `t-${CODE_REVIEW.id}-budget`,
        `t-${TICKET_DEFLECTION.id}-budget`,
        "t-team-budget",
      ].sort(),
    );
  });

  it("gives the key every endpoint in order, and each outcome budget its own endpoints and the key", async () => {
    const t = new Team("t", "ok");
    await captured.settle();
    expect([t.key?.args, t.outcomeBudgets[CODE_REVIEW.id]?.args, t.teamBudget.args]).toEqual([
      { endpoints: ["t-x", "t-y", "t-z"] },
      { limit: 2, endpoints: ["t-x", "t-z"], keyed: true },
      { limit: 3 },
    ]);
  });

  it("registers nothing when the plan refuses the arguments", async () => {
    expect(() => new Team("t", "bad")).toThrow(InvalidArgumentsError);
    await captured.settle();
    expect(captured.resources).toEqual([]);
  });

  it("registers the team's name and each endpoint's outputs with its tier and tags", async () => {
    new Team("t", "ok");
    await captured.settle();
    const outputs = captured.outputs.get(captured.one("test:Team").urn)?.outputs;
    expect(outputs).toEqual({
      team: "t",
      endpoints: {
        x: { label: "t-x", tier: "economy", tags: { "ai-team": "t" } },
        y: { label: "t-y", tier: "economy", tags: { "ai-team": "t" } },
        z: { label: "t-z", tier: "economy", tags: { "ai-team": "t" } },
      },
      extra: 1,
    });
  });
});

describe("teamEndpointPath", () => {
  const rewrite = teamEndpointPath({ index: 2, outcomeIndex: 1 }, (p) => p === "team");

  it("puts an endpoint's outcome fields under its outcome", () => {
    expect(rewrite("outcome.statement")).toBe("outcomes[1].statement");
  });

  it("keeps team-level arguments as they are", () => {
    expect(rewrite("team")).toBe("team");
  });

  it("puts everything else under the endpoint", () => {
    expect(rewrite("model")).toBe("endpoints[2].model");
  });
});

describe("outcomeLimits", () => {
  it("limits each outcome's budget to the sum of its endpoints' ceilings, in cents", () => {
    const limits = outcomeLimits(
      team([ep("x", "a", 33.333), ep("y", "a", 33.333), ep("z", "b", 7)]),
    );
    expect(limits.map((l) => [l.outcome.id, l.monthlyLimitUsd])).toEqual([
      ["a", 66.67],
      ["b", 7],
    ]);
  });

  it("gives no budget to an outcome without endpoints", () => {
    expect(outcomeLimits(team([ep("x", "a")])).map((l) => l.outcome.id)).toEqual(["a"]);
  });
});

describe("governanceArgs", () => {
  it("passes on only the governance options the team declares", () => {
    expect(governanceArgs({ tagPrefix: "acme:" })).toEqual({ tagPrefix: "acme:" });
  });
});

describe("byName", () => {
  it("keys children by name, created in order", () => {
    const order: string[] = [];
    const out = byName(
      [{ name: "b" }, { name: "a" }],
      (i) => (order.push(i.name), i.name.toUpperCase()),
    );
    expect([out, order]).toEqual([{ b: "B", a: "A" }, ["b", "a"]]);
  });
});
