import type { CliContext } from "./io";

export const usage = "rituals link";

export async function run(ctx: CliContext): Promise<number> {
  ctx.err("rituals link: not available yet");
  return 1;
}
