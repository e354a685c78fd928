import { type Logger, pino } from "pino";
import type { Config } from "./config.ts";

export type { Logger };

/** Keys that may carry tokens or personal data; pino replaces their values. */
export const redactPaths = [
  "token",
  "*.token",
  "password",
  "*.password",
  "phone",
  "*.phone",
  "text",
  "*.text",
  "message.text",
  "req.headers.authorization",
  "req.headers.cookie",
  "headers.authorization",
];

export function createLogger(config: Pick<Config, "LOG_LEVEL" | "NODE_ENV">): Logger {
  const pretty = process.stdout.isTTY && config.NODE_ENV !== "production";
  return pino({
    level: config.LOG_LEVEL,
    redact: { paths: redactPaths, censor: "[redacted]" },
    ...(pretty
      ? { transport: { target: "pino-pretty", options: { translateTime: "SYS:HH:MM:ss" } } }
      : {}),
  });
}
