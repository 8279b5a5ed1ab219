import fs from "node:fs";
import path from "node:path";
import { backupDatabase, openDatabase } from "../store/db";
import { type CliContext, UsageError } from "./io";

export const usage = `usage: rituals backup FILE

Writes a consistent copy of the database (DATABASE_PATH) to FILE while the bot may keep running.
To restore, stop the bot and copy FILE back to DATABASE_PATH (or point DATABASE_PATH at it).`;

export async function run(ctx: CliContext): Promise<number> {
  const [destination, ...extra] = ctx.args;
  if (!destination || destination.startsWith("-"))
    throw new UsageError("needs the FILE to write the copy to");
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const source = path.resolve(ctx.config.DATABASE_PATH);
  if (path.resolve(destination) === source) throw new UsageError("FILE must differ from DATABASE_PATH");
  if (!fs.existsSync(source)) {
    ctx.err(`rituals backup: no database at ${ctx.config.DATABASE_PATH}; nothing to back up`);
    return 1;
  }
  const db = openDatabase(source);
  try {
    await backupDatabase(db, destination);
  } finally {
    db.close();
  }
  const bytes = fs.statSync(destination).size;
  ctx.out(`backed up ${ctx.config.DATABASE_PATH} to ${destination} (${bytes.toLocaleString("en-US")} bytes)`);
  return 0;
}
