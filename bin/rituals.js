#!/usr/bin/env node
// `npx rituals …`: runs the TypeScript command line through tsx's loader.
import { register } from "tsx/esm/api";

register();
const { main, exitQuietlyOnClosedPipe } = await import("../src/cli.ts");
exitQuietlyOnClosedPipe();
process.exitCode = await main(process.argv.slice(2));
