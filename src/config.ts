import { z } from "zod";
import { AppError } from "./errors";

/** Every environment variable the product reads, in one place, checked at start. */
const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optionalString = (check: z.ZodString) => z.preprocess(emptyToUndefined, check.optional());

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const CURRENCIES = new Set(Intl.supportedValuesOf("currency"));

/** A whole number within [min, max], or the default when unset; one message for every way to miss. */
function integerFrom(min: number, max: number, what: string, fallback: number) {
  const message = `must be ${what} from ${min} to ${max}`;
  return z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ message })
      .int({ message })
      .min(min, { message })
      .max(max, { message })
      .default(fallback),
  );
}

export const configSchema = z
  .object({
    DATABASE_PATH: z.preprocess(emptyToUndefined, z.string().default("data/rituals.db")),
    WORKSPACE_TIMEZONE: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .default("UTC")
        .refine(isTimeZone, { message: "must be an IANA time zone such as America/New_York" }),
    ),
    FISCAL_YEAR_START_MONTH: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number({ message: "must be a month number from 1 to 12" })
        .int({ message: "must be a month number from 1 to 12" })
        .min(1, { message: "must be a month number from 1 to 12" })
        .max(12, { message: "must be a month number from 1 to 12" })
        .default(1),
    ),
    // "usd" means USD: codes are compared upper-cased
    // the monthly review's days: in this many first business days of a month, attainment and
    // /quota default to the month just closed
    REVIEW_BUSINESS_DAYS: integerFrom(0, 10, "a number of business days", 3),
    CURRENCY: z.preprocess(
      (v) => (typeof v === "string" ? emptyToUndefined(v.trim().toUpperCase()) : v),
      z
        .string()
        .default("USD")
        .refine((c) => CURRENCIES.has(c), { message: "must be an ISO 4217 code such as USD or EUR" }),
    ),
    SLACK_BOT_TOKEN: optionalString(z.string().startsWith("xoxb-", { message: "must start with xoxb-" })),
    SLACK_APP_TOKEN: optionalString(z.string().startsWith("xapp-", { message: "must start with xapp-" })),
    SLACK_SIGNING_SECRET: optionalString(
      z.string().min(8, { message: "is too short to be a signing secret" }),
    ),
    SLACK_API_URL: optionalString(
      z.string().url({ message: "must be a URL such as http://127.0.0.1:4000/api/" }),
    ),
    SLACK_ADMIN_USER_IDS: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .default("")
        .transform((s) =>
          s
            .split(",")
            .map((x) => x.trim())
            .filter(Boolean),
        ),
    ),
    ANTHROPIC_API_KEY: optionalString(z.string().min(10, { message: "is too short to be an API key" })),
    ANTHROPIC_BASE_URL: optionalString(z.string().url()),
    ANTHROPIC_MODEL: z.preprocess(emptyToUndefined, z.string().default("claude-sonnet-5-5")),
    // five lines need a few hundred tokens; the cap bounds cost and time if a reply runs on
    ANTHROPIC_MAX_TOKENS: integerFrom(1, 8192, "a number of tokens", 1024),
    // the whole call, retries included; past it the pre-read uses the deterministic summary
    ANTHROPIC_TIMEOUT_MS: integerFrom(100, 600_000, "a number of milliseconds", 20_000),
    PORT: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number({ message: "must be a port number from 0 to 65535" })
        .int({ message: "must be a port number from 0 to 65535" })
        .min(0, { message: "must be a port number from 0 to 65535" })
        .max(65535, { message: "must be a port number from 0 to 65535" })
        .default(3000),
    ),
    HOST: z.preprocess(emptyToUndefined, z.string().default("127.0.0.1")),
    LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(["debug", "info", "warn", "error"]).default("info")),
    // For tests and demos: start-up takes this instant as now (sample data, staleness, refresh)
    AS_OF: optionalString(
      z.string().refine((s) => /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s)), {
        message: "must be an ISO instant such as 2026-11-24T18:00:00Z",
      }),
    ),
  })
  .superRefine((c, ctx) => {
    if (c.SLACK_BOT_TOKEN && !c.SLACK_APP_TOKEN && !c.SLACK_SIGNING_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["SLACK_BOT_TOKEN"],
        message: "needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode) beside it",
      });
    }
    if (!c.SLACK_BOT_TOKEN && (c.SLACK_APP_TOKEN || c.SLACK_SIGNING_SECRET)) {
      ctx.addIssue({
        code: "custom",
        path: ["SLACK_BOT_TOKEN"],
        message: "is required when SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set",
      });
    }
  });

export type Config = z.infer<typeof configSchema>;

export type SlackMode = "sandbox" | "socket" | "http";

export function slackMode(config: Config): SlackMode {
  if (!config.SLACK_BOT_TOKEN) return "sandbox";
  return config.SLACK_APP_TOKEN ? "socket" : "http";
}

export class ConfigError extends AppError {
  constructor(readonly problems: string[]) {
    super("config_invalid", `invalid configuration:\n${problems.map((p) => `  ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

const SECRET_KEYS = new Set([
  "SLACK_BOT_TOKEN",
  "SLACK_APP_TOKEN",
  "SLACK_SIGNING_SECRET",
  "ANTHROPIC_API_KEY",
]);

/** Parses the environment; throws ConfigError with one line per problem. Secret values are never echoed. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? "environment");
    const value = env[key];
    const shown = value === undefined || SECRET_KEYS.has(key) ? "" : ` (got "${value}")`;
    return `${key} ${issue.message}${shown}`;
  });
  throw new ConfigError(problems);
}
