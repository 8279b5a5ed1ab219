import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { forbiddenImports, importCycles, importGraph, unplacedFiles } from "./import-graph";

describe("the import graph", () => {
  const graph = importGraph();

  it("has no import cycle in src, commands, blocks or data", () => {
    expect(importCycles(graph).map((c) => c.join(" ⇄ "))).toEqual([]);
  });

  it("imports only in the allowed directions (commands → slack → blocks → domain; analytics and store on domain only)", () => {
    expect(forbiddenImports(graph)).toEqual([]);
  });

  it("places every source file in a part with rules", () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(unplacedFiles(graph)).toEqual([]);
  });
});

describe("the checker", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  const tree = (files: Record<string, string>) => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "rituals-graph-"));
    dirs.push(root);
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    }
    return importGraph(root);
  };

  it("finds a cycle, type-only imports included", () => {
    const g = tree({
      "src/analytics/a.ts": 'import { b } from "./b";\nexport const a = 1;\n',
      "src/analytics/b.ts": 'import type { A } from "./a";\nexport const b = 2;\n',
      "src/analytics/c.ts": 'import { a } from "./a";\n',
    });
    expect(importCycles(g)).toEqual([["src/analytics/a.ts", "src/analytics/b.ts"]]);
  });

  it("finds wrong-way imports and imports of the app or an entry point", () => {
    const g = tree({
      "src/store/repo.ts": 'import { x } from "../analytics/x";\n',
      "src/analytics/x.ts": "export const x = 1;\n",
      "blocks/view.ts": 'import { y } from "../src/slack/y";\n',
      "src/slack/y.ts": 'import { app } from "../app";\n',
      "src/app.ts": "export const app = 1;\n",
      "src/domain/d.ts": 'export const d = () => import("../main");\n',
      "src/main.ts": "export {};\n",
    });
    expect(forbiddenImports(g)).toEqual([
      "blocks/view.ts → src/slack/y.ts: blocks may not import slack",
      "src/domain/d.ts → src/main.ts: nothing imports an entry point",
      "src/slack/y.ts → src/app.ts: only entry points import the app",
      "src/store/repo.ts → src/analytics/x.ts: store may not import analytics",
    ]);
  });

  it("ignores imports quoted in comments", () => {
    const g = tree({
      "src/store/repo.ts": '// import { x } from "../analytics/x";\n/* import "../analytics/x"; */\n',
      "src/analytics/x.ts": "export const x = 1;\n",
    });
    expect(forbiddenImports(g)).toEqual([]);
  });
});
