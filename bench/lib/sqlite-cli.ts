import { execFileSync } from "node:child_process";

/**
 * The Debian sqlite3 CLI, the reference the import budget is measured against. Installed with
 * apt-get on first use when missing (the benchmark machines are Debian).
 */
export function ensureSqlite3(log: (line: string) => void): string {
  const found = (): boolean => {
    try {
      execFileSync("sqlite3", ["--version"], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  };
  if (found()) return "sqlite3";
  log("sqlite3 CLI not found: installing Debian's sqlite3 with apt-get");
  execFileSync("apt-get", ["update"], { stdio: "ignore" });
  execFileSync("apt-get", ["install", "-y", "sqlite3"], { stdio: "ignore" });
  if (!found()) throw new Error("sqlite3 is still missing after apt-get install -y sqlite3");
  return "sqlite3";
}
