/**
 * Line and column for JSON: where a syntax error is, and where the value at a path starts. Files
 * are parsed with JSON.parse; this slower scanner runs only when a message needs a position.
 */

export interface Position {
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units. */
  readonly column: number;
}

export type JsonPath = readonly (string | number)[];

export interface JsonSyntaxProblem extends Position {
  readonly message: string;
}

/** The line and column of a character offset. */
export function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

class Found {
  constructor(readonly offset: number) {}
}
class SyntaxProblem {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

function describe(text: string, i: number): string {
  if (i >= text.length) return "the end of the file";
  return JSON.stringify(text[i]);
}

/** A recursive-descent JSON scanner that reports the offset of a path or of the first error. */
class Scanner {
  private i = 0;
  private readonly path: (string | number)[] = [];

  constructor(
    private readonly text: string,
    private readonly target: JsonPath | undefined,
  ) {
    if (text.charCodeAt(0) === 0xfeff) this.i = 1;
  }

  run(): void {
    this.ws();
    this.value();
    this.ws();
    if (this.i < this.text.length) {
      throw new SyntaxProblem(
        this.i,
        `unexpected ${describe(this.text, this.i)} after the JSON value`,
      );
    }
  }

  private ws(): void {
    while (this.i < this.text.length && WS.has(this.text.charCodeAt(this.i))) this.i++;
  }

  private atTarget(): boolean {
    const t = this.target;
    if (!t || t.length !== this.path.length) return false;
    for (let k = 0; k < t.length; k++) if (t[k] !== this.path[k]) return false;
    return true;
  }

  private value(): void {
    if (this.atTarget()) throw new Found(this.i);
    const c = this.text[this.i];
    switch (c) {
      case "{":
        return this.object();
      case "[":
        return this.array();
      case '"':
        this.string();
        return;
      case "t":
        return this.literal("true");
      case "f":
        return this.literal("false");
      case "n":
        return this.literal("null");
      default:
        if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return this.number();
        throw new SyntaxProblem(
          this.i,
          `expected a value (object, array, string, number, true, false or null), found ${describe(this.text, this.i)}`,
        );
    }
  }

  private literal(word: string): void {
    if (this.text.startsWith(word, this.i)) {
      this.i += word.length;
      return;
    }
    throw new SyntaxProblem(this.i, `expected ${word}, found ${describe(this.text, this.i)}`);
  }

  private number(): void {
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    m.lastIndex = this.i;
    const r = m.exec(this.text);
    if (!r) throw new SyntaxProblem(this.i, `malformed number`);
    this.i += r[0].length;
  }

  private string(): string {
    const start = this.i;
    this.i++; // opening quote
    let out = "";
    for (;;) {
      if (this.i >= this.text.length)
        throw new SyntaxProblem(start, "string is not closed before the end of the file");
      const ch = this.text.charCodeAt(this.i);
      if (ch === 0x22) {
        this.i++;
        return out;
      }
      if (ch < 0x20)
        throw new SyntaxProblem(this.i, "control character (such as a line break) inside a string");
      if (ch === 0x5c) {
        const e = this.text[this.i + 1];
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.i + 2, this.i + 6)))
            throw new SyntaxProblem(this.i, "malformed \\u escape in a string");
          out += String.fromCharCode(parseInt(this.text.slice(this.i + 2, this.i + 6), 16));
          this.i += 6;
          continue;
        }
        const map: Record<string, string> = {
          '"': '"',
          "\\": "\\",
          "/": "/",
          b: "\b",
          f: "\f",
          n: "\n",
          r: "\r",
          t: "\t",
        };
        const decoded = e === undefined ? undefined : map[e];
        if (decoded === undefined)
          throw new SyntaxProblem(this.i, `unknown escape \\${e ?? ""} in a string`);
        out += decoded;
        this.i += 2;
        continue;
      }
      out += this.text[this.i];
      this.i++;
    }
  }

  private object(): void {
    this.i++; // {
    this.ws();
    if (this.text[this.i] === "}") {
      this.i++;
      return;
    }
    for (;;) {
      this.ws();
      if (this.text[this.i] !== '"')
        throw new SyntaxProblem(
          this.i,
          `expected a property name in double quotes, found ${describe(this.text, this.i)}`,
        );
      const key = this.string();
      this.ws();
      if (this.text[this.i] !== ":")
        throw new SyntaxProblem(
          this.i,
          `expected ":" after property name ${JSON.stringify(key)}, found ${describe(this.text, this.i)}`,
        );
      this.i++;
      if (this.member(key, "}", `the value of ${JSON.stringify(key)}`)) return;
    }
  }

  private array(): void {
    this.i++; // [
    this.ws();
    if (this.text[this.i] === "]") {
      this.i++;
      return;
    }
    for (let index = 0; ; index++) {
      if (this.member(index, "]", `array element ${index}`)) return;
    }
  }

  /** One value of an object or array at `segment`, then its comma; true when `close` ends it. */
  private member(segment: string | number, close: "}" | "]", what: string): boolean {
    this.ws();
    this.path.push(segment);
    this.value();
    this.path.pop();
    this.ws();
    const c = this.text[this.i];
    if (c === "," || c === close) {
      this.i++;
      return c === close;
    }
    throw new SyntaxProblem(
      this.i,
      `expected "," or "${close}" after ${what}, found ${describe(this.text, this.i)}`,
    );
  }
}

/** Where the JSON text first goes wrong, or undefined when it is valid JSON. */
export function findJsonSyntaxProblem(text: string): JsonSyntaxProblem | undefined {
  try {
    new Scanner(text, undefined).run();
    return undefined;
  } catch (e) {
    if (e instanceof SyntaxProblem) return { ...positionAt(text, e.offset), message: e.message };
    throw e;
  }
}

/**
 * Where the value at `path` starts; for a path that does not exist, where its nearest existing
 * parent starts (the object a missing property belongs in).
 */
export function locateJsonPath(text: string, path: JsonPath): Position | undefined {
  for (let len = path.length; len >= 0; len--) {
    try {
      new Scanner(text, path.slice(0, len)).run();
    } catch (e) {
      if (e instanceof Found) return positionAt(text, e.offset);
      if (e instanceof SyntaxProblem) return undefined;
      throw e;
    }
  }
  return undefined;
}

/** `deployment.resources[3].type` */
export function formatJsonPath(path: JsonPath): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(p)) out += out ? `.${p}` : p;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out || "(top level)";
}
