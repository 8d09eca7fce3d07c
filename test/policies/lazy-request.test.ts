/**
 * Requests decoded only where a policy reads them (policies/lazy-request.ts), checked against the
 * generated classes of the installed `@pulumi/pulumi` (3.248.0 when written): what a lazy request
 * reads equals the full decode on the bench workload, anything unexpected is decoded in full, and
 * the field numbers come from the classes or not at all.
 */
import { describe, expect, it } from "vitest";
import {
  fieldSpans,
  fullRequest,
  LazyResource,
  LazyStackRequest,
  lazyAnalyzeRequest,
  lazyAnalyzeStackRequest,
  requestLayout,
  type RequestClasses,
} from "../../policies/lazy-request";
import { requestLayoutOf } from "../../policies/sdk-compat";
import { pb, request, stackRequest, structPb, workload } from "../support/analyzer-requests";

const layout = requestLayoutOf(pb, structPb)!;
const classes = layout.classes;
type Message = Record<string, (...a: unknown[]) => unknown>;

/** What the pack's handlers read of a resource, from a lazy one or a generated one. */
function read(r: object): Record<string, unknown> {
  const m = r as Message;
  const props =
    r instanceof LazyResource
      ? Object.fromEntries(r.propertyFields()!.map((f) => [f.key, f.value().toJavaScript()]))
      : (m.getProperties!() as Message).toJavaScript!();
  const provider = m.getProvider?.() as object | undefined;
  return {
    type: m.getType!(),
    urn: m.getUrn!(),
    name: m.getName!(),
    parent: m.getParent?.() ?? "",
    props,
    keys: Object.keys(props as object),
    options: (m.getOptions?.() as Message | undefined)?.toObject!(),
    provider: provider && read(provider),
  };
}

const bytesOf = (m: unknown) => (m as Message).serializeBinary!() as Uint8Array;

describe("lazy requests", () => {
  it("read every resource of the bench workload as the generated classes decode it", () => {
    const items = workload(300);
    let withProvider = 0;
    for (const { res, provider } of items) {
      const bytes = bytesOf(request(res, provider));
      const lazy = lazyAnalyzeRequest(layout)(bytes);
      expect(lazy).toBeInstanceOf(LazyResource);
      expect(read(lazy)).toEqual(read(classes.AnalyzeRequest.deserializeBinary(bytes)));
      if (provider) withProvider++;
    }
    expect(withProvider).toBeGreaterThan(10);
    const bytes = bytesOf(stackRequest(items));
    const stack = lazyAnalyzeStackRequest(layout)(bytes) as LazyStackRequest;
    const full = classes.AnalyzeStackRequest.deserializeBinary(bytes) as unknown as Message;
    expect(stack.getResourcesList().map(read)).toEqual(
      (full.getResourcesList!() as object[]).map(read),
    );
    expect(stack.getResourcesList()).toHaveLength(300);
  });

  it("decode a property's value only when it is read", () => {
    const { res } = workload(20).find(({ res }) => Object.keys(res.properties).length > 2)!;
    const decoded: string[] = [];
    const Value = {
      deserializeBinary: (b: Uint8Array) => {
        decoded.push(String(b.length));
        return classes.Value.deserializeBinary(b);
      },
    };
    const counting = { ...layout, classes: { ...classes, Value } } as typeof layout;
    const lazy = lazyAnalyzeRequest(counting)(bytesOf(request(res))) as LazyResource;
    const fields = lazy.propertyFields()!;
    expect(fields.length).toBeGreaterThan(1);
    fields[0]!.value();
    expect(decoded).toHaveLength(1);
  });

  it("give the SDK's handlers the request decoded in full, and leave a generated one as it is", () => {
    const { res, provider } = workload(1)[0]!;
    const generated = request(res, provider);
    const lazy = lazyAnalyzeRequest(layout)(bytesOf(generated));
    const full = fullRequest(lazy);
    expect(full).toBeInstanceOf(classes.AnalyzeRequest);
    expect((full as Message).toObject!()).toEqual(generated.toObject!());
    expect(fullRequest(generated)).toBe(generated);
    const stack = lazyAnalyzeStackRequest(layout)(bytesOf(stackRequest(workload(3))));
    expect(fullRequest(stack)).toBeInstanceOf(classes.AnalyzeStackRequest);
  });

  it("decode in full a request whose bytes hold what the lazy reading does not expect", () => {
    const { res } = workload(1)[0]!;
    const bytes = bytesOf(request(res));
    const extra = bytesOf(request({ ...res, properties: { more: 1 } }));
    // The properties twice: protobuf merges the two, which only the generated decoder does.
    const twice = new Uint8Array([...bytes, ...extra]);
    const merged = lazyAnalyzeRequest(layout)(twice);
    expect(merged).toBeInstanceOf(classes.AnalyzeRequest);
    expect(read(merged)).toEqual(read(classes.AnalyzeRequest.deserializeBinary(twice)));
    // The type as a varint: not a string field as the lazy reading reads one.
    const odd = new Uint8Array([(layout.n.type << 3) | 0, 1, ...bytes]);
    expect(() => lazyAnalyzeRequest(layout)(odd)).toThrow();
    // Truncated: grpc-js's own decoder decides (it throws).
    expect(() => lazyAnalyzeRequest(layout)(bytes.subarray(0, bytes.length - 3))).toThrow();
    // A group: the generated decoder decides (it throws).
    const stack = bytesOf(stackRequest(workload(2)));
    expect(() => lazyAnalyzeStackRequest(layout)(new Uint8Array([...stack, 0x0b]))).toThrow();
  });
});

describe("fieldSpans", () => {
  it("finds varint, fixed and length-delimited fields, with multi-byte tags and lengths", () => {
    const long = new Uint8Array(300).fill(7);
    // field 1000 (tag 8002 = 0xc2 0x3e), length 300 (0xac 0x02); field 2 varint 150; 3 fixed32; 4 fixed64
    const bytes = new Uint8Array([
      0xc2,
      0x3e,
      0xac,
      0x02,
      ...long,
      0x10,
      0x96,
      0x01,
      0x1d,
      1,
      2,
      3,
      4,
      0x21,
      1,
      2,
      3,
      4,
      5,
      6,
      7,
      8,
    ]);
    expect(fieldSpans(bytes)).toEqual([
      { number: 1000, wire: 2, start: 4, end: 304 },
      { number: 2, wire: 0, start: 305, end: 307 },
      { number: 3, wire: 5, start: 308, end: 312 },
      { number: 4, wire: 1, start: 313, end: 321 },
    ]);
  });

  it("reads no message with a group, a field number 0, or a value past the end", () => {
    expect(fieldSpans(new Uint8Array([0x0b, 0x0c]))).toBeUndefined();
    expect(fieldSpans(new Uint8Array([0x02, 0x00]))).toBeUndefined();
    expect(fieldSpans(new Uint8Array([0x0a, 0x05, 1, 2]))).toBeUndefined();
    expect(fieldSpans(new Uint8Array([0x08, 0x80]))).toBeUndefined();
    expect(fieldSpans(new Uint8Array([]))).toEqual([]);
  });
});

describe("requestLayout", () => {
  it("reads the field numbers off the generated classes", () => {
    const probe = new classes.AnalyzerResource();
    (probe as unknown as Message).setParent!("p");
    expect(fieldSpans(bytesOf(probe))![0]!.number).toBe(layout.n.parent);
    expect(requestLayout(classes)?.n).toEqual(layout.n);
  });

  it("is undefined when a class lacks a setter the probes use, or a module a class", () => {
    const without: RequestClasses = {
      ...classes,
      AnalyzerResource: classes.AnalyzerProviderResource,
    };
    expect(requestLayout(without)).toBeUndefined();
    const swapped: RequestClasses = { ...classes, AnalyzeRequest: classes.AnalyzerResourceOptions };
    expect(requestLayout(swapped)).toBeUndefined();
    expect(requestLayoutOf(pb, {})).toBeUndefined();
  });

  it("is undefined when a probe reads back otherwise lazily than in full", () => {
    const { Value } = structPb as unknown as { Value: { fromJavaScript(v: unknown): unknown } };
    // A Value class that decodes every property as the same string: every setter is there.
    const other = { deserializeBinary: () => Value.fromJavaScript("other") };
    expect(requestLayout({ ...classes, Value: other as unknown as typeof classes.Value })).toBe(
      undefined,
    );
    expect(requestLayout(classes)).toBeDefined();
  });
});
