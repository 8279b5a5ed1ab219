import type { CliContext } from "./io";

export const usage = "rituals refresh";

export async function run(ctx: CliContext): Promise<number> {
  ctx.err("rituals refresh: not available yet");
  return 1;
}
