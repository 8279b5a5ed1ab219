import type { CliContext } from "./io";

export const usage = "rituals sample";

export async function run(ctx: CliContext): Promise<number> {
  ctx.err("rituals sample: not available yet");
  return 1;
}
