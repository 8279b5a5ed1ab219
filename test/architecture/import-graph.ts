/**
 * The project's import graph, read from the source text, and the rules it must keep: no cycles,
 * and each part importing only the parts below it. `npx tsx test/architecture/import-graph.ts`
 * prints every breach; the architecture test asserts there are none.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const SOURCE_DIRS = ["src", "commands", "blocks", "data"];
const EXTENSIONS = [".ts", ".tsx", ".js", ".mjs"];

/**
 * The parts of the code, by path prefix (first match wins), and what each may import besides
 * itself. Entry points (main, cli, sandbox start) may import anything; nothing imports them.
 */
export const PARTS: { name: string; prefix: string; mayImport: readonly string[] }[] = [
  { name: "errors", prefix: "src/errors.ts", mayImport: [] },
  { name: "domain", prefix: "src/domain/", mayImport: ["errors"] },
  { name: "config", prefix: "src/config.ts", mayImport: ["errors", "domain"] },
  { name: "analytics", prefix: "src/analytics/", mayImport: ["domain", "errors"] },
  { name: "store", prefix: "src/store/", mayImport: ["domain", "errors"] },
  { name: "charts", prefix: "src/charts/", mayImport: ["domain", "errors"] },
  { name: "narrative", prefix: "src/narrative/", mayImport: ["domain", "errors"] },
  { name: "data", prefix: "data/", mayImport: ["domain", "errors"] },
  { name: "ingest", prefix: "src/ingest/", mayImport: ["store", "domain", "errors"] },
  {
    name: "refresh",
    prefix: "src/refresh/",
    mayImport: ["analytics", "store", "domain", "errors", "config"],
  },
  { name: "blocks", prefix: "blocks/", mayImport: ["domain", "errors"] },
  { name: "actions", prefix: "src/actions/", mayImport: ["store", "domain", "errors", "config"] },
  {
    name: "slack",
    prefix: "src/slack/",
    mayImport: ["blocks", "store", "domain", "errors", "config", "actions"],
  },
  {
    name: "rituals",
    prefix: "src/rituals/",
    mayImport: [
      "slack",
      "blocks",
      "charts",
      "narrative",
      "refresh",
      "actions",
      "store",
      "domain",
      "errors",
      "config",
    ],
  },
  {
    name: "commands",
    prefix: "commands/",
    mayImport: ["slack", "blocks", "rituals", "actions", "charts", "store", "domain", "errors", "config"],
  },
  {
    name: "app",
    prefix: "src/app.ts",
    mayImport: [
      "commands",
      "slack",
      "rituals",
      "actions",
      "narrative",
      "refresh",
      "blocks",
      "store",
      "domain",
      "errors",
      "config",
    ],
  },
  {
    name: "startup",
    prefix: "src/startup/",
    mayImport: [
      "ingest",
      "refresh",
      "rituals",
      "actions",
      "slack",
      "store",
      "data",
      "domain",
      "errors",
      "config",
    ],
  },
  { name: "entry", prefix: "src/main.ts", mayImport: ["*"] },
  { name: "entry", prefix: "src/cli.ts", mayImport: ["*"] },
  { name: "cli", prefix: "src/cli/", mayImport: ["*"] },
  { name: "sandbox", prefix: "src/sandbox/", mayImport: ["*"] },
];

/** The processes' entry points: nothing imports them. */
export const ENTRY_FILES = new Set(["src/main.ts", "src/cli.ts"]);

/** Only these parts may import src/app.ts (the entry points and what they start). */
const APP_IMPORTERS = new Set(["entry", "cli", "sandbox"]);

export function partOf(file: string): string | null {
  for (const part of PARTS) if (file === part.prefix || file.startsWith(part.prefix)) return part.name;
  return null;
}

function listFiles(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (entry === "node_modules") continue;
    if (statSync(path).isDirectory()) listFiles(path, out);
    else if (EXTENSIONS.some((ext) => entry.endsWith(ext)) && !entry.endsWith(".d.ts")) out.push(path);
  }
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^"'`;]*?\sfrom\s+)?["']([^"']+)["']/g;
const DYNAMIC = /import\(\s*["']([^"']+)["']\s*\)/g;

function resolveImport(fromFile: string, spec: string): string | null {
  if (!spec.startsWith(".")) return null;
  const base = resolve(dirname(fromFile), spec);
  const candidates = [
    base,
    ...EXTENSIONS.map((e) => base + e),
    ...EXTENSIONS.map((e) => join(base, `index${e}`)),
  ];
  // "./x.js" written for a TypeScript file
  if (base.endsWith(".js")) candidates.push(`${base.slice(0, -3)}.ts`);
  for (const candidate of candidates)
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  return null;
}

/** file (relative to the root) → the project files it imports (relative). Type-only imports count. */
export function importGraph(root = ROOT): Map<string, Set<string>> {
  const files: string[] = [];
  for (const dir of SOURCE_DIRS) if (existsSync(join(root, dir))) listFiles(join(root, dir), files);
  const graph = new Map<string, Set<string>>();
  for (const file of files) {
    // Comments may quote import lines; template strings holding code are read too, on purpose.
    const text = readFileSync(file, "utf8")
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/^\s*\/\/.*$/gm, "");
    const targets = new Set<string>();
    for (const pattern of [IMPORT, DYNAMIC]) {
      for (const match of text.matchAll(pattern)) {
        const target = resolveImport(file, match[1] as string);
        if (target) targets.add(relative(root, target));
      }
    }
    graph.set(relative(root, file), targets);
  }
  return graph;
}

/** Strongly connected components of more than one file (or a file importing itself). */
export function importCycles(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string) => {
    indexOf.set(node, index);
    low.set(node, index);
    index++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indexOf.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next))
        low.set(node, Math.min(low.get(node) as number, indexOf.get(next) as number));
    }
    if (low.get(node) === indexOf.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || graph.get(node)?.has(node)) cycles.push(component.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!indexOf.has(node)) visit(node);
  return cycles;
}

/** Imports that run the wrong way: "from → to (fromPart may not import toPart)". */
export function forbiddenImports(graph: Map<string, Set<string>>): string[] {
  const breaches: string[] = [];
  for (const [from, targets] of graph) {
    const fromPart = partOf(from);
    for (const to of targets) {
      const toPart = partOf(to);
      if (ENTRY_FILES.has(to)) {
        breaches.push(`${from} → ${to}: nothing imports an entry point`);
        continue;
      }
      if (toPart === "app" && !APP_IMPORTERS.has(fromPart ?? "")) {
        breaches.push(`${from} → ${to}: only entry points import the app`);
        continue;
      }
      if (fromPart === null || toPart === null || fromPart === toPart) continue;
      const rule = PARTS.find((p) => p.name === fromPart);
      if (!rule || rule.mayImport.includes("*") || rule.mayImport.includes(toPart)) continue;
      breaches.push(`${from} → ${to}: ${fromPart} may not import ${toPart}`);
    }
  }
  return breaches.sort();
}

/** Files of the source folders that belong to no part (a new folder needs a rule). */
export function unplacedFiles(graph: Map<string, Set<string>>): string[] {
  return [...graph.keys()].filter((file) => partOf(file) === null).sort();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const graph = importGraph();
  const cycles = importCycles(graph);
  const breaches = forbiddenImports(graph);
  const unplaced = unplacedFiles(graph);
  for (const cycle of cycles) console.log(`cycle: ${cycle.join(" ⇄ ")}`);
  for (const breach of breaches) console.log(`direction: ${breach}`);
  for (const file of unplaced) console.log(`unplaced: ${file}`);
  console.log(
    `${graph.size} files, ${cycles.length} cycles, ${breaches.length} wrong-way imports, ${unplaced.length} unplaced`,
  );
  process.exitCode = cycles.length + breaches.length + unplaced.length > 0 ? 1 : 0;
}
