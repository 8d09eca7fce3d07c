import { describe, expect, it } from "vitest";
import {
  findJsonSyntaxProblem,
  formatJsonPath,
  locateJsonPath,
  positionAt,
} from "../../../cli/report/json-locate";

describe("JSON positions", () => {
  it("finds the line and column of a value by path", () => {
    const text = '{\n  "a": [\n    1,\n    {"b": true}\n  ]\n}';
    expect(locateJsonPath(text, ["a", 1, "b"])).toEqual({ line: 4, column: 11 });
    expect(locateJsonPath(text, ["a", 0])).toEqual({ line: 3, column: 5 });
    // A path that does not exist: its nearest parent.
    expect(locateJsonPath(text, ["a", 1, "c"])).toEqual({ line: 4, column: 5 });
  });

  it("reports the first syntax error", () => {
    expect(findJsonSyntaxProblem('{"a": 1,\n "b": }')).toMatchObject({ line: 2, column: 7 });
    expect(findJsonSyntaxProblem('{"a": "x')).toMatchObject({ line: 1, column: 7 });
    expect(findJsonSyntaxProblem('{"a": [1, 2]}')).toBeUndefined();
  });
});

describe("positionAt", () => {
  it("counts lines and columns from 1", () => {
    expect(positionAt("ab\ncd", 4)).toEqual({ line: 2, column: 2 });
  });
});

describe("findJsonSyntaxProblem", () => {
  it("says what it expected and what it found", () => {
    expect(findJsonSyntaxProblem('{"a": 1 "b": 2}')?.message).toMatch(/expected "," or "}"/);
  });

  it("places a fault after a multi-line string on its own line", () => {
    expect(findJsonSyntaxProblem('{\n"a": "x\\ny",\n"b": ]}')).toMatchObject({ line: 3 });
  });
});

describe("locateJsonPath", () => {
  it("finds a key that needs escaping", () => {
    expect(locateJsonPath('{"a b": {"c\\"d": 1}}', ["a b", 'c"d'])).toEqual({
      line: 1,
      column: 18,
    });
  });

  it("gives no position in text that is not JSON", () => {
    expect(locateJsonPath('{"x" 1, "a": 2}', ["a"])).toBeUndefined();
  });
});

describe("formatJsonPath", () => {
  it("writes names with dots and indexes in brackets", () => {
    expect(formatJsonPath(["deployment", "resources", 3, "type"])).toBe(
      "deployment.resources[3].type",
    );
  });

  it("quotes a name that is not an identifier", () => {
    expect(formatJsonPath(["tags", "ai-team"])).toBe('tags["ai-team"]');
  });

  it("calls the empty path the top level", () => {
    expect(formatJsonPath([])).toBe("(top level)");
  });
});
