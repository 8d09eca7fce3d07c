/**
 * Analyzer requests as the engine sends them, built with the generated classes of the
 * `@pulumi/pulumi` the SDK loads: the bench's mixed workload (with unknown values and AWS provider
 * default tags), each resource as an Analyze request, and the whole as an AnalyzeStack request.
 */
import { createRequire } from "node:module";
import type { AnalyzerResource } from "../../cli/analyzer/client";
import { UNKNOWN_SENTINELS as WIRE_SENTINELS } from "../../cli/analyzer/protocol";
import { mixedResources } from "./mixed-stack";

const req = createRequire(__filename);
/** `require` as `@pulumi/pulumi/proto/analyzer_pb` resolves modules. */
export const pulumiRequire = createRequire(
  createRequire(req.resolve("@pulumi/policy/server")).resolve("@pulumi/pulumi/proto/analyzer_pb"),
);
/** The generated classes of `analyzer_pb`, as the SDK's server loads them. */
export const pb = pulumiRequire("./analyzer_pb") as Record<
  string,
  new () => Record<string, (...a: unknown[]) => unknown>
>;
/** google-protobuf's struct_pb, as `analyzer_pb` loads it. */
export const structPb = pulumiRequire("google-protobuf/google/protobuf/struct_pb") as {
  Struct: { fromJavaScript: (v: unknown) => unknown };
  Value: unknown;
};
const { Struct } = structPb;

export type Workload = ReturnType<typeof workload>;

/** The bench's mixed workload, with unknown values and AWS provider default tags mixed in. */
export function workload(
  count: number,
): { res: AnalyzerResource; provider?: Record<string, unknown> }[] {
  return mixedResources(count, 11).map((res, i) => {
    const properties: Record<string, unknown> = structuredClone(res.properties);
    const tags = properties.tags as Record<string, unknown> | undefined;
    if (i % 4 === 1 && tags) {
      const key = Object.keys(tags)[i % Math.max(1, Object.keys(tags).length)];
      if (key) tags[key] = WIRE_SENTINELS.string;
    } else if (i % 4 === 2 && tags) {
      properties.tags = WIRE_SENTINELS.object;
    } else if (i % 4 === 3) {
      for (const k of Object.keys(properties).slice(0, 1)) properties[k] = WIRE_SENTINELS.number;
    }
    const provider =
      i % 5 === 0 && res.type.startsWith("aws:")
        ? { defaultTags: { tags: { "ai-team": "platform", "cost-center": "cc-1" } } }
        : undefined;
    return { res: { ...res, properties }, ...(provider ? { provider } : {}) };
  });
}

export function request(r: AnalyzerResource, provider?: Record<string, unknown>) {
  const rq = new pb.AnalyzeRequest!();
  rq.setUrn!(r.urn);
  rq.setType!(r.type);
  rq.setName!(r.name);
  rq.setProperties!(Struct.fromJavaScript(r.properties));
  const opts = new pb.AnalyzerResourceOptions!();
  if (r.parent) opts.setParent!(r.parent);
  rq.setOptions!(opts);
  if (provider) rq.setProvider!(providerResource(provider));
  return rq;
}

function providerResource(props: Record<string, unknown>) {
  const p = new pb.AnalyzerProviderResource!();
  p.setUrn!("urn:pulumi:dev::p::pulumi:providers:aws::default");
  p.setType!("pulumi:providers:aws");
  p.setName!("default");
  p.setProperties!(Struct.fromJavaScript(props));
  return p;
}

export function stackRequest(items: ReturnType<typeof workload>) {
  const rq = new pb.AnalyzeStackRequest!();
  rq.setResourcesList!(
    items.map(({ res, provider }) => {
      const r = new pb.AnalyzerResource!();
      r.setUrn!(res.urn);
      r.setType!(res.type);
      r.setName!(res.name);
      r.setProperties!(Struct.fromJavaScript(res.properties));
      if (res.parent) r.setParent!(res.parent);
      r.setOptions!(new pb.AnalyzerResourceOptions!());
      if (provider) r.setProvider!(providerResource(provider));
      return r;
    }),
  );
  return rq;
}
