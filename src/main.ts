import { ConfigError, loadConfig, slackMode } from "./config";
import { openDatabase } from "./store/db";

/** Entry: config → store → mode (sandbox | socket | http) → start. */
async function start(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const db = openDatabase(config.DATABASE_PATH);
  process.stdout.write(`Revenue Rituals: database ${config.DATABASE_PATH}, mode ${slackMode(config)}\n`);
  db.close();
}

await start();
