import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LONG_FUNCTION_LINES, longFunctions } from "./function-length";

describe("function length", () => {
  it(`has no function over ${LONG_FUNCTION_LINES} lines without a "// long:" reason next to it`, () => {
    const unexplained = longFunctions().filter((f) => !f.reason);
    expect(unexplained.map((f) => `${f.where} (${f.lines} lines)`)).toEqual([]);
  });
});

describe("the length check", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  const tree = (file: string, text: string) => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "rituals-length-"));
    dirs.push(root);
    fs.mkdirSync(path.join(root, path.dirname(file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
    return longFunctions(root, 5);
  };
  const body = (n: number) => Array.from({ length: n }, (_, i) => `  const v${i} = ${i};`).join("\n");

  it("counts a function's body from its opening line to its closing one, arrows and methods too", () => {
    const found = tree(
      "src/a.ts",
      `export function short() {\n${body(3)}\n}\nexport function tall() {\n${body(4)}\n}\n` +
        `const arrow = () => {\n${body(6)}\n};\nclass K {\n  method() {\n${body(5)}\n  }\n}\n`,
    );
    expect(found.map((f) => [f.where, f.lines])).toEqual([
      ["src/a.ts:12 arrow", 8],
      ["src/a.ts:21 method", 7],
      ["src/a.ts:6 tall", 6],
    ]);
  });

  it(`lets a body of ${LONG_FUNCTION_LINES} lines pass by default and finds one line more`, () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "rituals-length-"));
    dirs.push(root);
    fs.mkdirSync(path.join(root, "src"));
    fs.writeFileSync(
      path.join(root, "src/c.ts"),
      `export function fits() {\n${body(LONG_FUNCTION_LINES - 2)}\n}\n` +
        `export function over() {\n${body(LONG_FUNCTION_LINES - 1)}\n}\n`,
    );
    expect(longFunctions(root).map((f) => [f.where.split(" ")[1], f.lines])).toEqual([
      ["over", LONG_FUNCTION_LINES + 1],
    ]);
  });

  it("takes a // long: comment above the function, or above the statement holding it, as its reason", () => {
    const found = tree(
      "src/b.ts",
      `// long: one table, row by row\nexport function a() {\n${body(6)}\n}\n` +
        `/** docs */\n// long: a spec read as one\nexport const b = async () => {\n${body(6)}\n};\n` +
        `// longer than most, for no stated reason\nfunction c() {\n${body(6)}\n}\n`,
    );
    expect(found.map((f) => [f.where.split(" ")[1], f.reason])).toEqual([
      ["a", true],
      ["b", true],
      ["c", false],
    ]);
  });
});
