import { describe, expect, it } from "vitest";
import { commandArgs } from "../../cli/args";

const io = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) } };
};

describe("a subcommand's command line", () => {
  it("gives the command's own options and the pack options every such command takes", () => {
    const t = io();
    const v = commandArgs(
      "audit",
      ["--state", "a.json", "--json"],
      { state: { type: "string" } },
      "usage",
      t.io,
    );
    expect(v).toMatchObject({ state: "a.json", json: true });
  });

  it("ends with exit 2 and the usage on an unknown option, exit 0 and the usage on --help", () => {
    const bad = io();
    expect(commandArgs("audit", ["--sate", "x"], {}, "USAGE", bad.io)).toBe(2);
    expect(bad.err[0]).toMatch(/^outcomeguard audit: .*--sate[\s\S]*USAGE$/);
    const help = io();
    expect(commandArgs("audit", ["-h"], {}, "USAGE", help.io)).toBe(0);
    expect(help.out).toEqual(["USAGE"]);
  });
});
