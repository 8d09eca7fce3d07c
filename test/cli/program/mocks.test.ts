import { describe, expect, it } from "vitest";
import { DEFAULT_CLOUD } from "../../../cli/program/fake-cloud";
import { fakeCloudMocks } from "../../../cli/program/mocks";

const resource = (type: string, custom: boolean, inputs: Record<string, unknown> = {}) => ({
  type,
  name: "r",
  inputs,
  custom,
  provider: "",
  id: "",
});

describe("fakeCloudMocks", () => {
  it("gives a custom resource the fake cloud's id", async () => {
    const { mocks } = fakeCloudMocks(DEFAULT_CLOUD);
    const out = await mocks.newResource(resource("aws:iam/role:Role", true, { name: "invoker" }));
    expect(out.id).toBe("invoker");
  });

  it("gives a component its inputs back and no id", async () => {
    const { mocks } = fakeCloudMocks(DEFAULT_CLOUD);
    const out = await mocks.newResource(resource("acme:x:Team", false, { team: "a" }));
    expect(out).toEqual({ id: undefined, state: { team: "a" } });
  });

  it("answers a known invoke from the fake cloud and records nothing", () => {
    const { mocks, unanswered } = fakeCloudMocks(DEFAULT_CLOUD);
    mocks.call({ token: "aws:index/getRegion:getRegion", inputs: {} });
    expect(unanswered).toEqual([]);
  });

  it("records an unanswered invoke once however often it is called", () => {
    const { mocks, unanswered } = fakeCloudMocks(DEFAULT_CLOUD);
    for (let i = 0; i < 3; i++) mocks.call({ token: "aws:ec2/getVpc:getVpc", inputs: {} });
    expect(unanswered.map((u) => u.token)).toEqual(["aws:ec2/getVpc:getVpc"]);
  });

  it("returns an unanswered invoke's arguments as its result", () => {
    const { mocks } = fakeCloudMocks(DEFAULT_CLOUD);
    expect(mocks.call({ token: "aws:ec2/getVpc:getVpc", inputs: { default: true } })).toEqual({
      default: true,
    });
  });
});
