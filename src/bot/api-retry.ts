import { type AutoRetryOptions, autoRetry } from "@grammyjs/auto-retry";
import type { Transformer } from "grammy";

type Prev = Parameters<Transformer>[0];

/**
 * `@grammyjs/auto-retry` for a call that fails, and nothing for one that succeeds. Its transformer
 * makes two async functions and awaits twice for every Bot API call, every button press's
 * included, to retry the rare one that failed. Here a call goes to Telegram once; only a failed
 * one is handed to auto-retry, whose first attempt then receives that same outcome instead of
 * calling again, so what is retried, when and how often is exactly auto-retry's.
 */
export function retryFailedCalls(options: Partial<AutoRetryOptions>): Transformer {
  const retrying = autoRetry(options);
  return (prev, method, payload, signal) =>
    prev(method, payload, signal).then(
      (response) =>
        response.ok
          ? response
          : retrying(
              replayFirst(prev, () => Promise.resolve(response)),
              method,
              payload,
              signal,
            ),
      (error: unknown) =>
        retrying(
          replayFirst(prev, () => Promise.reject(error)),
          method,
          payload,
          signal,
        ),
    );
}

/** `prev`, except that its first call gives back the outcome already received. */
function replayFirst(prev: Prev, outcome: () => Promise<unknown>): Prev {
  let replayed = false;
  return ((method, payload, signal) => {
    if (replayed) return prev(method, payload, signal);
    replayed = true;
    return outcome();
  }) as Prev;
}
