/**
 * Functions longer than a screen, read with the TypeScript compiler: each function's body, from
 * its opening line to its closing one. A function over LONG_FUNCTION_LINES needs its reason next
 * to it, a `// long: why` comment just above it (or on its first line).
 * `npx tsx test/architecture/function-length.ts` lists every function over the limit.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { ROOT } from "./import-graph";

export const LONG_FUNCTION_LINES = 80;
const SOURCE_DIRS = ["src", "commands", "blocks", "data", "scripts", "bench"];
const REASON = /\/\/\s*long:\s*\S/;

export interface LongFunction {
  /** "src/main.ts:29 start" */
  where: string;
  lines: number;
  reason: boolean;
}

function nameOf(node: ts.Node, sf: ts.SourceFile): string {
  const own = (node as { name?: ts.Node }).name;
  if (own) return own.getText(sf);
  const parent = node.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)))
    return parent.name.getText(sf);
  if (parent && ts.isCallExpression(parent))
    return `callback of ${parent.expression.getText(sf).slice(0, 40)}`;
  return "(anonymous)";
}

/** Whether a `// long:` comment is on the function's first line or in the comments just above its statement. */
function hasReason(node: ts.Node, sf: ts.SourceFile, text: string): boolean {
  let statement: ts.Node = node;
  while (statement.parent && !ts.isSourceFile(statement.parent) && !ts.isBlock(statement.parent)) {
    if (ts.isClassDeclaration(statement.parent) || ts.isObjectLiteralExpression(statement.parent)) break;
    statement = statement.parent;
  }
  const leading = text.slice(statement.getFullStart(), statement.getStart(sf));
  const firstLine = text.slice(node.getStart(sf)).split("\n", 1)[0] ?? "";
  return REASON.test(leading) || REASON.test(firstLine);
}

/** Every function whose body runs over `minLines` lines in the source folders under `root`. */
export function longFunctions(root = ROOT, minLines = LONG_FUNCTION_LINES): LongFunction[] {
  const found: LongFunction[] = [];
  const visitFile = (file: string) => {
    const text = readFileSync(file, "utf8");
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      const body = ts.isFunctionLike(node) ? (node as { body?: ts.Node }).body : undefined;
      if (body) {
        const first = sf.getLineAndCharacterOfPosition(body.getStart(sf)).line;
        const last = sf.getLineAndCharacterOfPosition(body.getEnd()).line;
        const lines = last - first + 1;
        if (lines > minLines) {
          const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
          found.push({
            where: `${relative(root, file)}:${line} ${nameOf(node, sf)}`,
            lines,
            reason: hasReason(node, sf, text),
          });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  };
  const walk = (dir: string) => {
    let entries: import("node:fs").Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules") walk(path);
      } else if (/\.(ts|tsx|mts|mjs|js)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) {
        visitFile(path);
      }
    }
  };
  for (const dir of SOURCE_DIRS) walk(join(root, dir));
  return found.sort((a, b) => b.lines - a.lines);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const f of longFunctions(ROOT, LONG_FUNCTION_LINES))
    console.log(`${String(f.lines).padStart(4)} ${f.where}${f.reason ? " (long: reason given)" : ""}`);
}
