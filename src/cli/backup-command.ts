import type { CliContext } from "./io";

export const usage = "rituals backup";

export async function run(ctx: CliContext): Promise<number> {
  ctx.err("rituals backup: not available yet");
  return 1;
}
