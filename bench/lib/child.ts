import { spawn } from "node:child_process";
import fs from "node:fs";

export interface ChildRun {
  seconds: number;
  /** peak resident set size of the child, in MB (from /usr/bin/time -v); null when unavailable */
  peakRssMb: number | null;
  stdout: string;
  stderr: string;
}

const GNU_TIME = "/usr/bin/time";

/**
 * Runs a command to completion as a child process and measures its wall time and peak RSS. Peak RSS
 * comes from GNU time's "Maximum resident set size", so it covers the whole child, not the harness.
 * Throws with the child's stderr when it exits non-zero.
 */
export async function runMeasured(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; stdin?: string } = {},
): Promise<ChildRun> {
  const timed = fs.existsSync(GNU_TIME);
  const [cmd, argv] = timed ? [GNU_TIME, ["-v", command, ...args]] : [command, args];
  const started = performance.now();
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>(
    (resolve, reject) => {
      const child = spawn(cmd, argv, { env: options.env ?? process.env, cwd: options.cwd });
      let out = "";
      let err = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
      });
      child.stderr.on("data", (d: Buffer) => {
        err += d.toString();
      });
      child.on("error", reject);
      child.on("close", (c) => resolve({ code: c ?? 1, stdout: out, stderr: err }));
      child.stdin.end(options.stdin ?? "");
    },
  );
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`${command} ${args.join(" ")} exited ${code}:\n${stderr.slice(-2000)}`);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  return { seconds, peakRssMb: rss ? Number(rss[1]) / 1024 : null, stdout, stderr };
}
