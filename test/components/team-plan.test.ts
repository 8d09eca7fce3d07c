import { describe, expect, it } from "vitest";
import type { ArgProblem } from "../../components/args";
import {
  byName,
  governanceArgs,
  outcomeLimits,
  planTeamEndpoints,
  teamEndpointPath,
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
