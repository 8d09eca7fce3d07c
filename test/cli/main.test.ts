import { describe, expect, it } from "vitest";
import { main, USAGE } from "../../cli/main";

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) } };
}

describe("outcomeguard", () => {
  it("help lists the commands and exits 0", async () => {
    const t = io();
    expect(await main(["help"], t.io)).toBe(0);
    expect(t.out.join("\n")).toBe(USAGE);
    for (const command of ["preview", "report"]) expect(USAGE).toContain(command);
  });

  it("an unknown command exits 2 and names it", async () => {
    const t = io();
    expect(await main(["deploy"], t.io)).toBe(2);
    expect(t.err.join("\n")).toMatch(/unknown command "deploy"/);
  });

  it("selfcheck is gone: the offline preview shows the domain model at work", async () => {
    const t = io();
    expect(await main(["selfcheck"], t.io)).toBe(2);
    expect(t.err.join("\n")).toMatch(/unknown command "selfcheck"/);
    expect(USAGE).not.toContain("selfcheck");
  });

  it("report is wired to the finance report", async () => {
    const t = io();
    expect(await main(["report", "--help"], t.io)).toBe(0);
    expect(t.out.join("\n")).toMatch(/outcomeguard report/);
  });

  it("preview --help explains the command and its exit codes", async () => {
    const t = io();
    expect(await main(["preview", "--help"], t.io)).toBe(0);
    const text = t.out.join("\n");
    expect(text).toMatch(/--stack NAME/);
    expect(text).toMatch(/--policy-pack-config FILE/);
    expect(text).toMatch(
      /0 no mandatory violation; 1 mandatory violations; 2 usage or config errors/,
    );
  });

  it("a preview option it does not know is a usage error (2)", async () => {
    const t = io();
    expect(await main(["preview", "--stack", "aws", "--dry"], t.io)).toBe(2);
    expect(t.err.join("\n")).toMatch(/Unknown option '--dry'/);
  });

  it("options with no command go to preview", async () => {
    const t = io();
    expect(await main(["--help"], t.io)).toBe(0);
    expect(t.out.join("\n")).toBe(USAGE);
    const u = io();
    expect(await main(["--stack", "no-such-stack"], u.io)).toBe(2);
    expect(u.err.join("\n")).toMatch(/no stack "no-such-stack".*stacks: .*aws.*azure.*ungoverned/s);
  });
});
