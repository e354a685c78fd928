/**
 * The updates the bot has taken from Telegram and not finished yet (reply sent, session
 * written). Shutdown waits for them before the session Redis connection closes, and confirms to
 * Telegram only what was finished, so an update is either handled or fetched again next start.
 */
export interface UpdatesInHand {
  /** Follows one update's handling; the promise must not reject. */
  track(updateId: number, handling: Promise<void>): void;
  readonly size: number;
  /** Highest update id ever tracked (-1 before the first). */
  readonly highestId: number;
  /** Lowest id still in hand, or undefined when none is. */
  lowestPendingId(): number | undefined;
  /** Resolves when nothing is in hand, or after `limitMs` with what is still there. */
  drain(limitMs: number): Promise<{ unfinished: number }>;
}

export function createUpdatesInHand(): UpdatesInHand {
  const pending = new Map<number, Promise<void>>();
  let highestId = -1;
  let emptied: (() => void) | undefined;
  return {
    track(updateId, handling) {
      if (updateId > highestId) highestId = updateId;
      pending.set(updateId, handling);
      void handling.finally(() => {
        pending.delete(updateId);
        if (pending.size === 0) emptied?.();
      });
    },
    get size() {
      return pending.size;
    },
    get highestId() {
      return highestId;
    },
    lowestPendingId() {
      let lowest: number | undefined;
      for (const id of pending.keys()) if (lowest === undefined || id < lowest) lowest = id;
      return lowest;
    },
    async drain(limitMs) {
      if (pending.size > 0) {
        let timer: NodeJS.Timeout | undefined;
        await new Promise<void>((resolve) => {
          emptied = resolve;
          timer = setTimeout(resolve, limitMs);
        });
        clearTimeout(timer);
        emptied = undefined;
      }
      return { unfinished: pending.size };
    },
  };
}
