#!/usr/bin/env node
// `npm start`: runs the compiled app (dist/app/main.js), building it first when the sources changed
// since the last build (scripts/build.mjs), so a stale build is never run.
import { ensureBuilt } from "../scripts/build.mjs";

await ensureBuilt();
await import("../dist/app/main.js");
