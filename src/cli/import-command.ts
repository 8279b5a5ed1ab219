import type { CliContext } from "./io";

export const usage = "rituals import";

export async function run(ctx: CliContext): Promise<number> {
  ctx.err("rituals import: not available yet");
  return 1;
}
