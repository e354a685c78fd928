import { existsSync } from "node:fs";
import { isIP } from "node:net";
import { z } from "zod";
import { parseRedisUrl } from "./redis-url.ts";

/** The value `.env.example` publishes for PHONE_HASH_SECRET; it must never hash production data. */
export const PUBLISHED_PHONE_HASH_SECRET = "qoldau-dev-phone-pepper";

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
export const configSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    LOG_LEVEL: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
      .default("info"),
    HOST: z.string().min(1).default("127.0.0.1"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /**
     * Which proxies may set X-Forwarded-For: empty (none, the default: the client's own address
     * counts), a hop count, or addresses and CIDR ranges. `true` is refused: it would let any
     * client choose its own address and so escape every per-address limit.
     */
    TRUST_PROXY: z
      .string()
      .optional()
      .transform((value, ctx): false | number | string[] => {
        const text = (value ?? "").trim();
        if (text === "") return false;
        if (/^\d+$/.test(text)) {
          const hops = Number(text);
          if (hops >= 1 && hops <= 10) return hops;
          ctx.addIssue({ code: "custom", message: "a hop count must be 1 to 10" });
          return z.NEVER;
        }
        const entries = text.split(",").map((entry) => entry.trim());
        const wrong = entries.filter((entry) => !isTrustedProxyEntry(entry));
        if (wrong.length === 0) return entries;
        ctx.addIssue({
          code: "custom",
          message: `expected a hop count or addresses/CIDR ranges, not ${wrong.join(", ")}`,
        });
        return z.NEVER;
      }),
    /** Wrong passwords per console account (any address) before it is locked for the lock time. */
    CONSOLE_LOGIN_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).max(100).default(5),
    /** Wrong passwords from one address (any account) before it is refused for the lock time. */
    CONSOLE_LOGIN_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(10_000).default(30),
    CONSOLE_LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
    /** Requests per minute per address to console pages before signing in. */
    CONSOLE_ANONYMOUS_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).default(300),
    /**
     * When absent, a local redis-server is started with its data under REDIS_DATA_DIR. Else
     * `redis://` (one Redis), `redis+sentinel://host:port,…/<master>` or
     * `redis+cluster://host:port,…` (see `src/redis-url.ts`).
     */
    REDIS_URL: optionalString.pipe(
      z
        .string()
        .superRefine((value, ctx) => {
          try {
            parseRedisUrl(value);
          } catch (error) {
            ctx.addIssue({ code: "custom", message: (error as Error).message });
          }
        })
        .optional(),
    ),
    REDIS_DATA_DIR: z.string().min(1).default(".data/redis"),
    LOCAL_REDIS_PORT: z.coerce.number().int().min(1).max(65535).default(6380),
    DATABASE_PATH: z.string().min(1).default(".data/qoldau.sqlite"),
    /** `postgres://user:password@host:5432/qoldau`: PostgreSQL instead of the SQLite file. */
    DATABASE_URL: optionalString.pipe(
      z.url({ protocol: /^postgres(ql)?$/, error: "expected a postgres:// URL" }).optional(),
    ),
    /** Connections per instance in the PostgreSQL pool (ignored for SQLite). */
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    KNOWLEDGE_DIR: z.string().min(1).default("knowledge"),
    /** Validated knowledge kept between starts (`src/knowledge/validated-cache.ts`); empty: off. */
    CACHE_DIR: z.string().default(".cache"),
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
      .default(PUBLISHED_PHONE_HASH_SECRET),
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
    /** `<system>=http://host:port,...`: one adapter per information system (names as in `knowledge/organisations.yaml`). */
    INFORMATION_SYSTEMS: optionalString.pipe(
      z
        .string()
        .refine(
          (value) => value.split(",").every((pair) => isSystemEntry(pair.trim())),
          "expected Name=http(s)://host:port pairs separated by commas",
        )
        .optional(),
    ),
    INFORMATION_SYSTEM_TIMEOUT_MS: z.coerce.number().int().positive().default(1500),
    INFORMATION_SYSTEM_RETRIES: z.coerce.number().int().min(0).max(5).default(1),
    /** `provider-id:token,...`: bearer tokens for the provider stage-update API (min 24 chars each). */
    PROVIDER_API_TOKENS: optionalString.pipe(
      z
        .string()
        .refine(
          (value) => value.split(",").every((pair) => /^[\w-]+:[^\s,]{24,}$/.test(pair.trim())),
          "expected provider-id:token pairs separated by commas, each token 24+ characters",
        )
        .optional(),
    ),
    /** Broadcast send ceiling over all chats (Telegram allows about 30 messages per second). */
    BROADCAST_RATE_PER_SECOND: z.coerce.number().int().positive().default(30),
    /** Send jobs processed at once (requests in flight); the rate limiter still caps the rate. */
    BROADCAST_CONCURRENCY: z.coerce.number().int().positive().default(8),
    /** No broadcast is delivered in this local (Asia/Almaty) span; "" turns quiet hours off. */
    QUIET_HOURS: z
      .string()
      .regex(
        /^$|^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/,
        "expected HH:MM-HH:MM or empty",
      )
      .default("21:00-09:00"),
    QUIET_HOURS_TIMEZONE: z
      .string()
      .min(1)
      .refine(isTimeZone, "expected an IANA time zone such as Asia/Almaty")
      .default("Asia/Almaty"),
    /** Automatic reminder this many days before an admission window closes. */
    REMINDER_DAYS_BEFORE_CLOSE: z.coerce.number().int().min(1).max(60).default(7),
    /**
     * Logged questions, answer verdicts and the parents' texts of closed handoff conversations
     * older than this are deleted by the daily purge.
     */
    ANALYTICS_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    /**
     * An operator who said "online" stays online only while their console's live queue is open,
     * or this long after it was last seen (a closed browser drops out on its own).
     */
    HANDOFF_PRESENCE_TIMEOUT_SECONDS: z.coerce.number().int().min(3).max(3600).default(90),

    /**
     * Origins (scheme://host[:port]) whose pages may embed the web chat with `/chat/embed.js`:
     * they go into the chat page's CSP `frame-ancestors` and its CORS answers; any other is refused.
     */
    WEBCHAT_ALLOWED_ORIGINS: z
      .string()
      .optional()
      .transform((value, ctx): string[] => {
        const entries = (value ?? "")
          .split(",")
          .map((entry) => entry.trim())
          .filter((entry) => entry !== "");
        const wrong = entries.filter((entry) => originOf(entry) !== entry);
        if (wrong.length === 0) return entries;
        ctx.addIssue({
          code: "custom",
          message: `expected origins such as https://school.edu.kz, not ${wrong.join(", ")}`,
        });
        return z.NEVER;
      }),
    /** Messages and button presses per minute from one web chat. */
    WEBCHAT_MESSAGES_PER_MINUTE: z.coerce.number().int().min(1).default(30),
    /** Messages and button presses per minute from one address over all its web chats. */
    WEBCHAT_ADDRESS_MESSAGES_PER_MINUTE: z.coerce.number().int().min(1).default(600),
    /** New web chats per hour from one address (each is a few Redis keys for 30 days). */
    WEBCHAT_NEW_CHATS_PER_HOUR: z.coerce.number().int().min(1).default(200),
    /**
     * The first-run setup link (printed when no administrator exists) answers on loopback only;
     * `1` also accepts it from other addresses (a server set up over SSH port forwarding).
     */
    SETUP_LINK_REMOTE: bool.default(false),

    /**
     * Voice messages: an OpenAI-compatible speech-to-text model (`/audio/transcriptions` at
     * OPENAI_BASE_URL, OPENAI_API_KEY), e.g. whisper-1. Unset: parents are asked to type.
     */
    TRANSCRIPTION_MODEL: optionalString,
    TRANSCRIPTION_TIMEOUT_MS: z.coerce.number().int().positive().default(20000),
    /** Longer or larger voice notes are not downloaded. */
    VOICE_MAX_SECONDS: z.coerce.number().int().min(1).max(600).default(120),
    VOICE_MAX_BYTES: z.coerce.number().int().min(1000).max(25_000_000).default(5_000_000),
  })
  .superRefine((config, ctx) => {
    if (config.NODE_ENV !== "production") return;
    // A published or guessable pepper turns the phone and PIN hashes back into phones and PINs.
    if (config.PHONE_HASH_SECRET === PUBLISHED_PHONE_HASH_SECRET)
      ctx.addIssue({
        code: "custom",
        path: ["PHONE_HASH_SECRET"],
        message: "the published example value must not be used in production; set your own",
      });
    else if (config.PHONE_HASH_SECRET.length < 32)
      ctx.addIssue({
        code: "custom",
        path: ["PHONE_HASH_SECRET"],
        message: "at least 32 characters in production",
      });
    // Without it each instance makes up its own and registers it with Telegram: the last one
    // to start would be the only one whose webhook calls are accepted.
    if (config.WEBHOOK_URL && !config.WEBHOOK_SECRET)
      ctx.addIssue({
        code: "custom",
        path: ["WEBHOOK_SECRET"],
        message: "required in production with WEBHOOK_URL, the same on every instance",
      });
    if (!config.SESSION_SECRET)
      ctx.addIssue({
        code: "custom",
        path: ["SESSION_SECRET"],
        message: "required in production (32+ random characters), so sessions survive a restart",
      });
  });

export type Config = z.infer<typeof configSchema>;

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** `https://host:port` as the browser's `Origin` header spells it, or undefined. */
function originOf(entry: string): string | undefined {
  try {
    const url = new URL(entry);
    return ["http:", "https:"].includes(url.protocol) ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

function isSystemEntry(pair: string): boolean {
  const at = pair.indexOf("=");
  if (at <= 0 || !/^[A-Za-z][\w-]*$/.test(pair.slice(0, at))) return false;
  try {
    const url = new URL(pair.slice(at + 1));
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** `10.0.0.1`, `10.0.0.0/8`, `::1`, `fd00::/8`, or proxy-addr's names for reserved ranges. */
function isTrustedProxyEntry(entry: string): boolean {
  if (["loopback", "linklocal", "uniquelocal"].includes(entry)) return true;
  const [address, prefix, extra] = entry.split("/");
  if (extra !== undefined || !address) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d+$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

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
