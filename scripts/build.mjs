// The compiled build: the app (`npm start`), the command line (`npx rituals`) and the worker threads
// bundled by esbuild into dist/, with the packages left to node_modules. `npm ci` runs it (the
// `prepare` script); each start checks the build's source hash and rebuilds first when a source
// changed since, so a stale build is never run. `node scripts/build.mjs` builds; `--check` only
// says whether the build is current (exit 1 when not).
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** What the bundle is made of: our sources, and the files that decide how they are compiled. */
const SOURCE_DIRS = ["src", "blocks", "commands", "data/sample"];
const SOURCE_FILES = ["package.json", "tsconfig.json", "scripts/build.mjs"];
const SOURCE_EXT = /\.(ts|mts|js|mjs|json|html|css)$/;
/** Assets read from beside the module that uses them: copied into the bundle's directory. */
const ASSETS = { web: "src/sandbox/web" };
/** Where the bundles go, inside the build directory. */
const APP = "app";

/**
 * Entry points, each a file of its own in dist/app/; the workers sit next to the code that starts
 * them. dist/app/ is two levels under the root, as src/<room>/ is, so a module that finds a file by
 * a path relative to itself (the sandbox's manifest.yml and web/ pages) finds it from the bundle
 * too; the assets it reads beside itself are copied next to the bundle.
 */
const ENTRIES = {
  main: "src/main.ts",
  cli: "src/cli.ts",
  "parse-worker": "src/ingest/parse-worker.ts",
  "range-reader-worker": "src/store/range-reader-worker.ts",
  "history-columns-worker": "src/store/history-columns-worker.ts",
  "payload-check-worker": "src/refresh/payload-check-worker.ts",
};

function sourceFiles(root) {
  const files = [];
  const walk = (dir) => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (SOURCE_EXT.test(e.name)) files.push(full);
    }
  };
  for (const dir of SOURCE_DIRS) walk(path.join(root, dir));
  for (const file of SOURCE_FILES)
    if (fs.existsSync(path.join(root, file))) files.push(path.join(root, file));
  return files.map((f) => path.relative(root, f).split(path.sep).join("/")).sort();
}

/** SHA-256 over every source's path and bytes: any edit, addition or removal changes it. */
export function sourceHash(root = ROOT) {
  const hash = createHash("sha256");
  for (const file of sourceFiles(root)) {
    hash.update(file);
    hash.update("\0");
    hash.update(fs.readFileSync(path.join(root, file)));
    hash.update("\0");
  }
  return hash.digest("hex");
}

/** The sources' paths, sizes and modification times: a cheap first look (no file is read). */
export function sourceFingerprint(root = ROOT) {
  const hash = createHash("sha256");
  for (const file of sourceFiles(root)) {
    const stat = fs.statSync(path.join(root, file));
    hash.update(`${file}\0${stat.size}\0${stat.mtimeMs}\0`);
  }
  return hash.digest("hex");
}

/**
 * Why the build in `dist` cannot be run as it is, or null when it is current. Unchanged times and
 * sizes mean current; otherwise the sources' contents decide (a checkout that only touched files
 * is still current, and its new times are remembered).
 */
export function staleReason(root = ROOT, dist = path.join(root, "dist")) {
  const infoFile = path.join(dist, "build-info.json");
  let info;
  try {
    info = JSON.parse(fs.readFileSync(infoFile, "utf8"));
  } catch {
    return "no build yet";
  }
  for (const name of Object.keys(ENTRIES))
    if (!fs.existsSync(path.join(dist, APP, `${name}.js`))) return `dist/${APP}/${name}.js is missing`;
  const fingerprint = sourceFingerprint(root);
  if (info.fingerprint === fingerprint) return null;
  if (info.sourceHash !== sourceHash(root)) return "the sources changed since the last build";
  try {
    fs.writeFileSync(infoFile, `${JSON.stringify({ ...info, fingerprint }, null, 2)}\n`);
  } catch {
    // a read-only install still runs; it only compares contents again next time
  }
  return null;
}

/**
 * Builds into a directory of its own, then puts it in place of `dist`: two starts that build at
 * once never see each other's half-written files (the second to finish keeps the first's build).
 */
export async function build(root = ROOT, dist = path.join(root, "dist")) {
  const started = performance.now();
  const esbuild = await import("esbuild");
  const hash = sourceHash(root);
  const fingerprint = sourceFingerprint(root);
  const out = `${dist}.building-${process.pid}-${Date.now()}`;
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: ENTRIES,
    outdir: path.join(out, APP),
    bundle: true,
    splitting: true,
    chunkNames: "chunk-[hash]",
    packages: "external",
    platform: "node",
    format: "esm",
    target: "node20",
    sourcemap: true,
    logLevel: "warning",
  });
  for (const [name, from] of Object.entries(ASSETS))
    fs.cpSync(path.join(root, from), path.join(out, APP, name), { recursive: true });
  fs.writeFileSync(
    path.join(out, "build-info.json"),
    `${JSON.stringify({ sourceHash: hash, fingerprint, builtAt: new Date().toISOString() }, null, 2)}\n`,
  );
  const old = `${out}.old`;
  try {
    if (fs.existsSync(dist)) fs.renameSync(dist, old);
    fs.renameSync(out, dist);
  } catch (error) {
    // another start put its build in place first: keep it when it is of the same sources
    if (staleReason(root, dist) !== null) throw error;
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
    fs.rmSync(old, { recursive: true, force: true });
  }
  return { ms: performance.now() - started };
}

/** Builds first when the build is missing or stale (saying so on stderr), so what runs is current. */
export async function ensureBuilt() {
  const why = staleReason();
  if (why === null) return;
  process.stderr.write(`rituals: building (${why})… `);
  const { ms } = await build();
  process.stderr.write(`done in ${(ms / 1000).toFixed(1)} s\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--check")) {
    const why = staleReason();
    process.stdout.write(why === null ? "the build is current\n" : `the build is not current: ${why}\n`);
    process.exitCode = why === null ? 0 : 1;
  } else {
    const { ms } = await build();
    process.stdout.write(
      `built ${Object.keys(ENTRIES).join(", ")} into dist/ in ${(ms / 1000).toFixed(1)} s\n`,
    );
  }
}
