import { readFileSync } from "node:fs";
import { type PageServer, slashCommandsFromManifest, startPageServer } from "../../src/sandbox/page-server";
import type { Workspace } from "../../src/sandbox/workspace";
import { DEC_1, testWorkspace } from "./people";
import { type StubApp, stubApp } from "./stub-app";

export interface Sandbox {
  workspace: Workspace;
  page: PageServer;
  app: StubApp;
  clock: { now: number; next: number };
  close(): Promise<void>;
}

export const MANIFEST_COMMANDS = slashCommandsFromManifest(
  readFileSync(new URL("../../manifest.yml", import.meta.url), "utf8"),
);

/** The page over a scripted workspace, with the stub app behind it, at 2026-12-01 14:00 UTC. */
export async function startSandbox(): Promise<Sandbox> {
  const clock = { now: DEC_1, next: DEC_1 + 17 * 3600_000 };
  const workspace = testWorkspace(() => clock.now);
  workspace.setUpcoming({ at: clock.next, label: "Pre-read: Monthly revenue review" });
  const app = stubApp(workspace, clock);
  const page = await startPageServer({ workspace, handlers: app.handlers, commands: MANIFEST_COMMANDS });
  return { workspace, page, app, clock, close: () => page.close() };
}
