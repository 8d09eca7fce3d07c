/**
 * Requests the engine sends the pack, decoded only where a policy reads them.
 *
 * grpc-js decodes every request before a handler runs, with the generated classes of
 * `@pulumi/pulumi/proto/analyzer_pb`: every resource's properties, options and provider, for
 * Remediate (which the pack answers without reading the resource), for Analyze (where most
 * policies read one top-level property, `tags`) and for AnalyzeStack (the whole stack, of which the
 * stack policies read budgets, alarms and endpoints). A lazy request finds where each field lies
 * in the bytes (the protobuf wire format, https://protobuf.dev/programming-guides/encoding/) and
 * decodes a part, with those same generated classes, when it is first read: a string field, one
 * top-level property's `Value`, the options, the provider.
 *
 * Field numbers are not written here: {@link requestLayout} reads them off the generated classes
 * by serializing probes, and checks that a lazy request reads back a probe with every field set
 * as the full decode does; it is undefined (and the pack keeps grpc-js's own decoding) otherwise.
 * A request whose bytes hold anything the lazy reading does not expect (a field we read repeated,
 * with another wire type, a group, truncated bytes) is decoded in full, as grpc-js would.
 */

/** Where one field of a message lies: its number, wire type and value bytes [start, end). */
interface Span {
  readonly number: number;
  readonly wire: number;
  readonly start: number;
  readonly end: number;
}

/** A base-128 varint at `pos`: [value, next position], or undefined when truncated or too long. */
function varint(bytes: Uint8Array, pos: number): [number, number] | undefined {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10 && pos < bytes.length; i++) {
    const b = bytes[pos++]!;
    value += (b & 0x7f) * scale;
    if (b < 0x80) return [value, pos];
    scale *= 128;
  }
  return undefined;
}

/** Every field of the message in `bytes`, in wire order; undefined when it cannot be read. */
export function fieldSpans(bytes: Uint8Array): Span[] | undefined {
  const spans: Span[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const tag = varint(bytes, pos);
    if (!tag) return undefined;
    const [key, at] = tag;
    const number = Math.floor(key / 8);
    const wire = key % 8;
    let start = at;
    let end: number;
    if (wire === 0) {
      const v = varint(bytes, at);
      if (!v) return undefined;
      end = v[1];
    } else if (wire === 1) {
      end = at + 8;
    } else if (wire === 5) {
      end = at + 4;
    } else if (wire === 2) {
      const len = varint(bytes, at);
      if (!len) return undefined;
      [start, end] = [len[1], len[1] + len[0]];
    } else {
      return undefined; // groups (3, 4) and the invalid wire types 6 and 7
    }
    if (number === 0 || end > bytes.length) return undefined;
    spans.push({ number, wire, start, end });
    pos = end;
  }
  return spans;
}

/** A generated message class: what the lazy requests use of it. */
export interface MessageClass {
  new (): GeneratedMessage;
  deserializeBinary(bytes: Uint8Array): GeneratedMessage;
}
export type GeneratedMessage = Record<string, unknown> & {
  serializeBinary(): Uint8Array;
  toObject(): unknown;
};

/** The generated classes of `analyzer_pb` and `struct_pb` the requests are made of. */
export interface RequestClasses {
  readonly AnalyzeRequest: MessageClass;
  readonly AnalyzeStackRequest: MessageClass;
  readonly AnalyzerResource: MessageClass;
  readonly AnalyzerResourceOptions: MessageClass;
  readonly AnalyzerProviderResource: MessageClass;
  readonly Struct: MessageClass;
  readonly Value: MessageClass;
}

/** The field numbers a lazy request reads, as the generated classes serialize them. */
interface Numbers {
  readonly type: number;
  readonly properties: number;
  readonly urn: number;
  readonly name: number;
  readonly options: number;
  readonly provider: number;
  readonly parent: number;
  readonly resources: number;
  readonly structFields: number;
  readonly entryKey: number;
  readonly entryValue: number;
}

/** How to read requests lazily: the classes, and the field numbers read off them. */
export interface RequestLayout {
  readonly classes: RequestClasses;
  readonly n: Numbers;
}

const utf8 = new TextDecoder();
const FULL = Symbol("outcomeguard.fullRequest");

/** A message's fields by number, the last occurrence of each, and which occur more than once. */
class Fields {
  private readonly last = new Map<number, Span>();
  private readonly repeated = new Set<number>();

  constructor(
    readonly bytes: Uint8Array,
    readonly spans: readonly Span[],
  ) {
    for (const s of spans) {
      if (this.last.has(s.number)) this.repeated.add(s.number);
      this.last.set(s.number, s);
    }
  }

  /** Whether every field of `numbers` present is length-delimited and, unless `many`, single. */
  readable(numbers: readonly number[], many: readonly number[] = []): boolean {
    return numbers.every((n) => {
      const s = this.last.get(n);
      return !s || (s.wire === 2 && (!this.repeated.has(n) || many.includes(n)));
    });
  }

  bytesOf(s: Span): Uint8Array {
    return this.bytes.subarray(s.start, s.end);
  }

  /** The field's last occurrence (its only one, where the message is readable). */
  span(n: number): Span | undefined {
    return this.last.get(n);
  }

  string(n: number): string {
    const s = this.last.get(n);
    return s ? utf8.decode(this.bytesOf(s)) : "";
  }

  message(n: number, cls: MessageClass): GeneratedMessage | undefined {
    const s = this.last.get(n);
    return s ? cls.deserializeBinary(this.bytesOf(s)) : undefined;
  }

  all(n: number): Span[] {
    return this.spans.filter((s) => s.number === n);
  }
}

/** One top-level property: its name, and its `Value` decoded when asked. */
export interface LazyField {
  readonly key: string;
  value(): { toJavaScript(): unknown };
}

/**
 * A `Struct`'s top-level fields, sorted by key as jspb's map iterates them, a key sent twice
 * taking its last value as jspb's decoding does; undefined when the bytes cannot be read so.
 */
function structFields(bytes: Uint8Array, layout: RequestLayout): LazyField[] | undefined {
  const spans = fieldSpans(bytes);
  if (!spans) return undefined;
  const { n, classes } = layout;
  const byKey = new Map<string, Uint8Array>();
  for (const s of spans) {
    if (s.number !== n.structFields) continue;
    if (s.wire !== 2) return undefined;
    const entryBytes = bytes.subarray(s.start, s.end);
    const entrySpans = fieldSpans(entryBytes);
    if (!entrySpans) return undefined;
    const entry = new Fields(entryBytes, entrySpans);
    if (!entry.readable([n.entryKey, n.entryValue])) return undefined;
    const value = entry.span(n.entryValue);
    byKey.set(entry.string(n.entryKey), value ? entry.bytesOf(value) : new Uint8Array(0));
  }
  return [...byKey.keys()].sort().map((key) => {
    const valueBytes = byKey.get(key)!;
    return {
      key,
      value: () =>
        classes.Value.deserializeBinary(valueBytes) as unknown as { toJavaScript(): unknown },
    };
  });
}

/**
 * A resource of a request (an AnalyzeRequest, an AnalyzerResource or its provider): the getters
 * the pack's handlers call, each decoding its field when called, and `propertyFields` for the
 * properties one by one.
 */
export class LazyResource {
  constructor(
    private readonly fields: Fields,
    private readonly layout: RequestLayout,
    private readonly cls: MessageClass,
  ) {}

  getType(): string {
    return this.fields.string(this.layout.n.type);
  }
  getUrn(): string {
    return this.fields.string(this.layout.n.urn);
  }
  getName(): string {
    return this.fields.string(this.layout.n.name);
  }
  getParent(): string {
    return this.fields.string(this.layout.n.parent);
  }
  getProperties(): GeneratedMessage | undefined {
    return this.fields.message(this.layout.n.properties, this.layout.classes.Struct);
  }
  getOptions(): GeneratedMessage | undefined {
    return this.fields.message(this.layout.n.options, this.layout.classes.AnalyzerResourceOptions);
  }
  getProvider(): LazyResource | undefined {
    const { n, classes } = this.layout;
    const s = this.fields.span(n.provider);
    return s
      ? lazyResource(this.fields.bytesOf(s), this.layout, classes.AnalyzerProviderResource)
      : undefined;
  }

  /** The properties' top-level fields, each decoded when read; undefined: use getProperties. */
  propertyFields(): LazyField[] | undefined {
    const s = this.fields.span(this.layout.n.properties);
    return s && structFields(this.fields.bytesOf(s), this.layout);
  }

  /** The whole message, decoded as grpc-js would have. */
  [FULL](): GeneratedMessage {
    return this.cls.deserializeBinary(this.fields.bytes);
  }
}

/** Resource fields, each read lazily as a string or a message (never as anything else). */
const resourceNumbers = ({ n }: RequestLayout) => [
  n.type,
  n.properties,
  n.urn,
  n.name,
  n.options,
  n.provider,
  n.parent,
];

/** A lazy resource over `bytes`, or the full decode when they hold what it does not expect. */
function lazyResource(
  bytes: Uint8Array,
  layout: RequestLayout,
  cls: MessageClass,
): LazyResource | undefined {
  const spans = fieldSpans(bytes);
  if (!spans) return undefined;
  const fields = new Fields(bytes, spans);
  return fields.readable(resourceNumbers(layout))
    ? new LazyResource(fields, layout, cls)
    : undefined;
}

/** An AnalyzeStack request: its resources, each lazy. */
export class LazyStackRequest {
  constructor(
    private readonly resources: readonly LazyResource[],
    private readonly bytes: Uint8Array,
    private readonly layout: RequestLayout,
  ) {}

  getResourcesList(): readonly LazyResource[] {
    return this.resources;
  }

  [FULL](): GeneratedMessage {
    return this.layout.classes.AnalyzeStackRequest.deserializeBinary(this.bytes);
  }
}

/** An Analyze or Remediate request's deserializer: lazy where the bytes allow, else in full. */
export function lazyAnalyzeRequest(layout: RequestLayout) {
  const cls = layout.classes.AnalyzeRequest;
  return (bytes: Uint8Array): LazyResource | GeneratedMessage =>
    lazyResource(bytes, layout, cls) ?? cls.deserializeBinary(bytes);
}

/** An AnalyzeStack request's deserializer: lazy where the bytes allow, else in full. */
export function lazyAnalyzeStackRequest(layout: RequestLayout) {
  const { AnalyzeStackRequest, AnalyzerResource } = layout.classes;
  return (bytes: Uint8Array): LazyStackRequest | GeneratedMessage => {
    const spans = fieldSpans(bytes);
    const fields = spans && new Fields(bytes, spans);
    if (fields?.readable([layout.n.resources], [layout.n.resources])) {
      const resources: LazyResource[] = [];
      for (const s of fields.all(layout.n.resources)) {
        const r = lazyResource(fields.bytesOf(s), layout, AnalyzerResource);
        if (!r) return AnalyzeStackRequest.deserializeBinary(bytes);
        resources.push(r);
      }
      return new LazyStackRequest(resources, bytes, layout);
    }
    return AnalyzeStackRequest.deserializeBinary(bytes);
  };
}

/** The request as the generated class decodes it (a lazy one decoded in full; others as they are). */
export function fullRequest(request: unknown): unknown {
  return request instanceof LazyResource || request instanceof LazyStackRequest
    ? request[FULL]()
    : request;
}

/** The one field number a message with only `set` applied serializes; undefined if not one. */
function numberOf(cls: MessageClass, set: (m: GeneratedMessage) => void): number | undefined {
  const m = new cls();
  set(m);
  const spans = fieldSpans(m.serializeBinary());
  return spans && spans.length === 1 && spans[0]!.wire === 2 ? spans[0]!.number : undefined;
}

const call = (m: GeneratedMessage, method: string, ...args: unknown[]) => {
  const f = m[method];
  if (typeof f !== "function") throw new TypeError(`no ${method}`);
  return (f as (...a: unknown[]) => unknown).apply(m, args);
};

/**
 * The field numbers, read off the generated classes by serializing one probe per field, and
 * checked: a lazy request must read a probe with every field set as the full decode reads it.
 * Undefined when a class lacks a setter, a probe does not serialize to one field, or the check
 * fails: the pack then keeps grpc-js's own decoding.
 */
export function requestLayout(classes: RequestClasses): RequestLayout | undefined {
  try {
    const { AnalyzerResource: R, AnalyzeStackRequest: S, Struct } = classes;
    const str = (method: string) => (m: GeneratedMessage) => call(m, method, "x");
    const msg = (method: string, cls: MessageClass) => (m: GeneratedMessage) =>
      call(m, method, new cls());
    const structProbe = (Struct as unknown as { fromJavaScript(v: unknown): GeneratedMessage })
      .fromJavaScript({ x: "y" })
      .serializeBinary();
    const structSpans = fieldSpans(structProbe);
    const entrySpans =
      structSpans?.length === 1
        ? fieldSpans(structProbe.subarray(structSpans[0]!.start, structSpans[0]!.end))
        : undefined;
    const numbers = {
      type: numberOf(R, str("setType")),
      properties: numberOf(R, msg("setProperties", Struct)),
      urn: numberOf(R, str("setUrn")),
      name: numberOf(R, str("setName")),
      options: numberOf(R, msg("setOptions", classes.AnalyzerResourceOptions)),
      provider: numberOf(R, msg("setProvider", classes.AnalyzerProviderResource)),
      parent: numberOf(R, str("setParent")),
      resources: numberOf(S, (m) => call(m, "setResourcesList", [new R()])),
      structFields: structSpans?.length === 1 ? structSpans[0]!.number : undefined,
      entryKey: entrySpans?.[0]?.number,
      entryValue: entrySpans?.[1]?.number,
    };
    if (!Object.values(numbers).every((v) => typeof v === "number")) return undefined;
    const layout: RequestLayout = { classes, n: numbers as Numbers };
    // The same numbers must hold for an Analyze request and a provider: probes with every field
    // set must read back the same lazily as in full.
    return probesReadBack(layout) ? layout : undefined;
  } catch {
    return undefined;
  }
}

/** Requests with every field a lazy request reads set, and then some: an Analyze, a stack. */
function probes(classes: RequestClasses): { analyze: GeneratedMessage; stack: GeneratedMessage } {
  const struct = (v: unknown) =>
    (classes.Struct as unknown as { fromJavaScript(v: unknown): GeneratedMessage }).fromJavaScript(
      v,
    );
  const fill = (r: GeneratedMessage, i: number) => {
    call(r, "setType", `aws:bedrock/inferenceProfile:InferenceProfile${i}`);
    call(r, "setUrn", `urn:pulumi:dev::p::t::r${i}`);
    call(r, "setName", `r${i}é`);
    call(r, "setProperties", struct({ tags: { team: "a", n: i }, b: [1, "two", null], a: true }));
    return r;
  };
  const full = (r: GeneratedMessage, i: number) => {
    fill(r, i);
    const options = new classes.AnalyzerResourceOptions();
    call(options, "setParent", `urn:pulumi:dev::p::parent${i}`);
    call(options, "setProtect", true);
    call(r, "setOptions", options);
    call(r, "setProvider", fill(new classes.AnalyzerProviderResource(), i + 10));
    return r;
  };
  const resource = (i: number) => {
    const r = full(new classes.AnalyzerResource(), i);
    call(r, "setParent", `urn:pulumi:dev::p::parent${i}`);
    call(r, "addDependencies", `urn:pulumi:dev::p::dep${i}`);
    return r;
  };
  const stack = new classes.AnalyzeStackRequest();
  call(stack, "setResourcesList", [resource(1), resource(2)]);
  return { analyze: full(new classes.AnalyzeRequest(), 3), stack };
}

const method = (r: object, name: string): (() => unknown) | undefined => {
  const f = (r as Record<string, unknown>)[name];
  return typeof f === "function" ? (f as () => unknown).bind(r) : undefined;
};

/** What a handler reads of a resource, read the same way from a lazy or a generated one. */
function readOf(r: object): unknown {
  const props =
    r instanceof LazyResource
      ? Object.fromEntries(
          (r.propertyFields() ?? []).map((f) => [f.key, f.value().toJavaScript()] as const),
        )
      : (
          method(r, "getProperties")!() as { toJavaScript(): Record<string, unknown> }
        ).toJavaScript();
  const provider = method(r, "getProvider")?.() as object | undefined;
  const options = method(r, "getOptions")?.() as GeneratedMessage | undefined;
  return {
    type: method(r, "getType")!(),
    urn: method(r, "getUrn")!(),
    name: method(r, "getName")!(),
    parent: method(r, "getParent")?.() ?? "",
    props,
    keys: Object.keys(props),
    options: options?.toObject(),
    provider: provider && readOf(provider),
  };
}

function probesReadBack(layout: RequestLayout): boolean {
  const { analyze, stack } = probes(layout.classes);
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const aBytes = analyze.serializeBinary();
  const aLazy = lazyAnalyzeRequest(layout)(aBytes);
  const aFull = layout.classes.AnalyzeRequest.deserializeBinary(aBytes);
  const sBytes = stack.serializeBinary();
  const sLazy = lazyAnalyzeStackRequest(layout)(sBytes);
  const sFull = layout.classes.AnalyzeStackRequest.deserializeBinary(sBytes);
  if (!(aLazy instanceof LazyResource) || !(sLazy instanceof LazyStackRequest)) return false;
  const theirs = (call(sFull, "getResourcesList") as GeneratedMessage[]).map(readOf);
  const ours = sLazy.getResourcesList().map(readOf);
  return (
    ours.length === 2 &&
    same(ours, theirs) &&
    same(readOf(aLazy), readOf(aFull)) &&
    same((aLazy[FULL]() as GeneratedMessage).toObject(), aFull.toObject()) &&
    same((sLazy[FULL]() as GeneratedMessage).toObject(), sFull.toObject())
  );
}
