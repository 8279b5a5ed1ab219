import type { CliContext } from "./io";

export const usage = "rituals analyze";

export async function run(ctx: CliContext): Promise<number> {
  ctx.err("rituals analyze: not available yet");
  return 1;
}
