import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type CliContext, type Subcommand, UsageError } from "./cli/io";
import { stderrProgress } from "./cli/progress";
import { ConfigError, loadConfig } from "./config";
import { isSettingError } from "./errors";

/** Each subcommand lives in src/cli/<name>-command.ts and is loaded only when called. */
const SUBCOMMANDS: Record<
  string,
  { summary: string; load: () => Promise<{ run: Subcommand; usage: string }> }
> = {
  import: { summary: "import a CRM export (CSV) into the store", load: () => import("./cli/import-command") },
  sample: {
    summary: "generate the sample company's CRM exports",
    load: () => import("./cli/sample-command"),
  },
  backup: {
    summary: "make a consistent online copy of the database",
    load: () => import("./cli/backup-command"),
  },
  refresh: { summary: "compute and store every analysis", load: () => import("./cli/refresh-command") },
  analyze: { summary: "print a stored analysis", load: () => import("./cli/analyze-command") },
  link: { summary: "link a Slack user to a rep", load: () => import("./cli/link-command") },
  ritual: {
    summary: "set up and inspect rituals and their schedules",
    load: () => import("./cli/ritual-command"),
  },
  actions: { summary: "list or export the action items", load: () => import("./cli/actions-command") },
  deck: { summary: "build a review's board deck (.pptx)", load: () => import("./cli/deck-command") },
};

function helpText(): string {
  const width = Math.max(...Object.keys(SUBCOMMANDS).map((k) => k.length));
  return [
    "usage: rituals <command> [options]",
    "",
    ...Object.entries(SUBCOMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    "",
    "rituals <command> --help shows a command's options.",
  ].join("\n");
}

export async function main(
  argv: string[],
  io: Partial<Pick<CliContext, "out" | "err" | "now" | "progress">> & { env?: NodeJS.ProcessEnv } = {},
): Promise<number> {
  const out = io.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = io.err ?? ((line: string) => process.stderr.write(`${line}\n`));
  const [name, ...args] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    out(helpText());
    return name ? 0 : 2;
  }
  const entry = SUBCOMMANDS[name];
  if (!entry) {
    err(`rituals: unknown command "${name}"\n\n${helpText()}`);
    return 2;
  }
  let config: CliContext["config"];
  try {
    config = loadConfig(io.env ?? process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      err(error.message);
      return 2;
    }
    throw error;
  }
  const command = await entry.load();
  if (args.includes("--help") || args.includes("-h")) {
    out(command.usage);
    return 0;
  }
  try {
    const progress = io.progress ?? (io.out ? undefined : stderrProgress(io.env ?? process.env));
    return await command.run({ args, config, out, err, now: io.now ?? (() => new Date()), progress });
  } catch (error) {
    if (error instanceof UsageError) {
      err(`rituals ${name}: ${error.message}\n\n${command.usage}`);
      return 2;
    }
    err(`rituals ${name}: ${(error as Error).message}`);
    return isSettingError(error) ? 2 : 1;
  }
}

// `npm run rituals -- …` runs this file directly (tsx src/cli.ts); bin/rituals.js imports it instead.
if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  exitQuietlyOnClosedPipe();
  process.exitCode = await main(process.argv.slice(2));
}

/** Output piped into `head` and closed early is not an error: stop quietly. */
export function exitQuietlyOnClosedPipe(): void {
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(process.exitCode ?? 0);
  });
}
