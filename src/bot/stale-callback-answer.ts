import type { Transformer } from "grammy";

/**
 * Answering a button press only stops its spinner, and Telegram refuses a second answer or one
 * given after about 15 s ("query is too old ... or query ID is invalid"). Both happen in normal
 * operation: an update handled by an instance that died after answering is delivered again to
 * another one, and a slow moment can pass 15 s. The refusal must not end the handling before
 * the edit or reply the parent is waiting for, so it counts as answered. Other methods pass
 * straight through, without a frame of this transformer.
 */
export const ignoreStaleCallbackAnswers: Transformer = (prev, method, payload, signal) => {
  if (method !== "answerCallbackQuery") return prev(method, payload, signal);
  return prev(method, payload, signal).then(
    (response): Awaited<ReturnType<typeof prev>> =>
      !response.ok &&
      response.error_code === 400 &&
      /query is too old|query ID is invalid/i.test(response.description)
        ? ({ ok: true, result: true } as Awaited<ReturnType<typeof prev>>)
        : response,
  );
};
