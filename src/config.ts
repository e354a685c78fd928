import { existsSync } from "node:fs";
import { z } from "zod";

const bool = z.stringbool({
  truthy: ["1", "true", "yes", "on"],
  falsy: ["0", "false", "no", "off", ""],
});
const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === "" ? undefined : value));

/**
 * Every environment variable Qoldau reads. `.env.example` documents each one;
 * this is the only module that looks at `process.env`.
 */
export const configSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** When absent, a local redis-server is started with its data under REDIS_DATA_DIR. */
  REDIS_URL: optionalString.pipe(z.url({ protocol: /^rediss?$/ }).optional()),
  REDIS_DATA_DIR: z.string().min(1).default(".data/redis"),
  LOCAL_REDIS_PORT: z.coerce.number().int().min(1).max(65535).default(6380),
  DATABASE_PATH: z.string().min(1).default(".data/qoldau.sqlite"),
  KNOWLEDGE_DIR: z.string().min(1).default("knowledge"),
  FLOWS_DIR: z.string().min(1).default("flows"),
  LOCALES_DIR: z.string().min(1).default("locales"),
  BOT_TOKEN: optionalString.pipe(
    z
      .string()
      .regex(/^\d+:[\w-]+$/, "expected a Telegram bot token such as 123456:ABC-def")
      .optional(),
  ),
  TELEGRAM_API_ROOT: z.url().default("https://api.telegram.org"),
  /** Public HTTPS URL; when set the bot uses a webhook on the HTTP server instead of long polling. */
  WEBHOOK_URL: optionalString.pipe(z.url().optional()),
  WEBHOOK_SECRET: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, "expected 16-256 characters A-Z a-z 0-9 _ -")
      .optional(),
  ),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString.pipe(z.url().optional()),
  OPENAI_MODEL: z.string().min(1).default("gpt-4o-mini"),
  OPENAI_EMBEDDINGS_MODEL: optionalString,
  OPENAI_TIMEOUT_MS: z.coerce.number().int().positive().default(8000),
  DEMO_DATA: bool.default(false),
  ADMIN_EMAIL: optionalString.pipe(z.email().optional()),
  ADMIN_PASSWORD: optionalString.pipe(z.string().min(10, "at least 10 characters").optional()),
  /** Signs console session cookies; a random one is used per start when absent. */
  SESSION_SECRET: optionalString.pipe(z.string().min(32, "at least 32 characters").optional()),
  /** Pepper for hashing applicants' phone numbers; must stay the same across restarts. */
  PHONE_HASH_SECRET: z
    .string()
    .min(16, "at least 16 characters")
    .default("qoldau-dev-phone-pepper"),
  /** Application status: lookup workers, cache, rate limits, information systems. */
  /** BullMQ key prefix of the status queues and keys; tests give each app its own. */
  STATUS_QUEUE_PREFIX: z
    .string()
    .regex(/^[\w-]+$/)
    .default("bull"),
  STATUS_LOOKUP_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(64),
  STATUS_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  STATUS_STILL_CHECKING_MS: z.coerce.number().int().min(100).default(2000),
  STATUS_USER_LOOKUPS_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  STATUS_ID_LOOKUPS_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  STATUS_UNKNOWN_IDS_PER_HOUR: z.coerce.number().int().min(1).default(5),
  STATUS_PROOF_FAILURES_PER_HOUR: z.coerce.number().int().min(1).default(5),
  /** `Bilimal=http://host:port,Malahit=http://host:port`: one adapter per information system. */
  INFORMATION_SYSTEMS: optionalString,
  INFORMATION_SYSTEM_TIMEOUT_MS: z.coerce.number().int().positive().default(1500),
  INFORMATION_SYSTEM_RETRIES: z.coerce.number().int().min(0).max(5).default(1),
  /** `provider-id:token,...`: bearer tokens for the provider stage-update API (min 24 chars each). */
  PROVIDER_API_TOKENS: optionalString,
  /** Broadcast send ceiling over all chats (Telegram allows about 30 messages per second). */
  BROADCAST_RATE_PER_SECOND: z.coerce.number().int().positive().default(30),
  /** Send jobs processed at once (requests in flight); the rate limiter still caps the rate. */
  BROADCAST_CONCURRENCY: z.coerce.number().int().positive().default(8),
  /** No broadcast is delivered in this local (Asia/Almaty) span; "" turns quiet hours off. */
  QUIET_HOURS: z
    .string()
    .regex(/^$|^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, "expected HH:MM-HH:MM or empty")
    .default("21:00-09:00"),
  QUIET_HOURS_TIMEZONE: z.string().min(1).default("Asia/Almaty"),
  /** Automatic reminder this many days before an admission window closes. */
  REMINDER_DAYS_BEFORE_CLOSE: z.coerce.number().int().min(1).max(60).default(7),

  /**
   * Voice messages: an OpenAI-compatible speech-to-text model (`/audio/transcriptions` at
   * OPENAI_BASE_URL, OPENAI_API_KEY), e.g. whisper-1. Unset: parents are asked to type.
   */
  TRANSCRIPTION_MODEL: optionalString,
  TRANSCRIPTION_TIMEOUT_MS: z.coerce.number().int().positive().default(20000),
  /** Longer or larger voice notes are not downloaded. */
  VOICE_MAX_SECONDS: z.coerce.number().int().min(1).max(600).default(120),
  VOICE_MAX_BYTES: z.coerce.number().int().min(1000).max(25_000_000).default(5_000_000),
});

export type Config = z.infer<typeof configSchema>;

/** The process environment, with `.env` from the working directory loaded first when present. */
export function readEnvironment(): NodeJS.ProcessEnv {
  if (existsSync(".env")) process.loadEnvFile(".env");
  return process.env;
}

/** Parses the environment once; a bad value names the variable and what is expected. */
export function loadConfig(env: NodeJS.ProcessEnv = readEnvironment()): Config {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  const details = result.error.issues
    .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
    .join("; ");
  throw new Error(`Invalid config: ${details}`, { cause: result.error });
}
