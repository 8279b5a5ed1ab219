/**
 * Runs the `rituals` command line in the test's process, as a user would type it, and returns its
 * exit code and what it printed; shared by the command suites. The clock is the test's.
 */
import { main } from "../../src/cli";

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** `rituals ...args` at `now` with `env` as the environment (DATABASE_PATH and the like). */
export async function runCli(args: string[], now: Date | string, env: NodeJS.ProcessEnv): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const at = new Date(now);
  const code = await main(args, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    now: () => new Date(at),
    env,
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}
