#!/usr/bin/env node
// `npx rituals …`: runs the compiled command line (dist/app/cli.js), building it first when the
// sources changed since the last build (scripts/build.mjs), so a stale build is never run.
import { ensureBuilt } from "../scripts/build.mjs";

await ensureBuilt();
const { main, exitQuietlyOnClosedPipe } = await import("../dist/app/cli.js");
exitQuietlyOnClosedPipe();
process.exitCode = await main(process.argv.slice(2));
