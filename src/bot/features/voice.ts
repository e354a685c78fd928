import { createTranscriber, TranscriptionError } from "../../voice/transcribe.ts";
import type { BotContext } from "../context.ts";
import type { BotDeps, FeatureFactory } from "../deps.ts";
import { FeatureComposer } from "../helpers/feature-composer.ts";

/** A question longer than this is cut: no typed question is that long either. */
const MAX_TEXT = 1000;

/** Downloads a file the parent sent, through the Bot API, into memory only. */
async function download(
  ctx: BotContext,
  deps: BotDeps,
  maxBytes: number,
): Promise<Uint8Array | undefined> {
  const file = await ctx.getFile();
  if (!file.file_path || (file.file_size ?? 0) > maxBytes) return undefined;
  const root = deps.config.TELEGRAM_API_ROOT.replace(/\/+$/, "");
  const response = await fetch(`${root}/file/bot${ctx.api.token}/${file.file_path}`, {
    signal: AbortSignal.timeout(deps.config.TRANSCRIPTION_TIMEOUT_MS),
  });
  if (!response.ok || Number(response.headers.get("content-length") ?? 0) > maxBytes) {
    await response.body?.cancel();
    return undefined;
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  return bytes.length > maxBytes ? undefined : bytes;
}

/**
 * Voice notes, answered like typed text: the note is downloaded through the Bot API (getFile),
 * transcribed by the configured speech-to-text model, shown back to the parent ("Түсінгенім:
 * …") and then handed on as a text message, so every later feature (form fields, follow-ups,
 * answers) treats it exactly as typed. Without a model the parent is kindly asked to type. The
 * audio lives only in memory for the request: it is neither stored nor logged, nor is the text.
 */
export const voiceFeature: FeatureFactory = (deps) => {
  const feature = new FeatureComposer<BotContext>();
  const config = deps.config;
  const transcriber =
    config.TRANSCRIPTION_MODEL && config.OPENAI_API_KEY
      ? createTranscriber({
          baseUrl: config.OPENAI_BASE_URL ?? "https://api.openai.com/v1",
          apiKey: config.OPENAI_API_KEY,
          model: config.TRANSCRIPTION_MODEL,
          timeoutMs: config.TRANSCRIPTION_TIMEOUT_MS,
        })
      : undefined;

  feature.on(["message:voice", "message:audio"], async (ctx, next) => {
    if (!transcriber) {
      await ctx.reply(ctx.t("voice-type-please"));
      return;
    }
    const media = ctx.message.voice ?? ctx.message.audio;
    if (
      !media ||
      media.duration > config.VOICE_MAX_SECONDS ||
      (media.file_size ?? 0) > config.VOICE_MAX_BYTES
    ) {
      await ctx.reply(ctx.t("voice-too-long", { seconds: config.VOICE_MAX_SECONDS }));
      return;
    }
    await ctx.replyWithChatAction("typing").catch(() => {});
    let text: string;
    try {
      const audio = await download(ctx, deps, config.VOICE_MAX_BYTES);
      if (!audio) {
        await ctx.reply(ctx.t("voice-too-long", { seconds: config.VOICE_MAX_SECONDS }));
        return;
      }
      text = (await transcriber.transcribe(audio, "voice.ogg")).slice(0, MAX_TEXT);
    } catch (error) {
      const reason = error instanceof TranscriptionError ? error.reason : "unavailable";
      ctx.log?.warn({ reason }, "voice note not transcribed");
      await ctx.reply(ctx.t(reason === "empty" ? "voice-empty" : "voice-failed"));
      return;
    }
    await ctx.reply(ctx.t("voice-understood", { text }));
    asTypedText(ctx, text);
    return next();
  });
  return feature;
};

/**
 * Turns the current message into a typed one with this text, for the features after this one.
 * The media is dropped from the update, so nothing later sees (or logs) a file id.
 */
export function asTypedText(ctx: BotContext, text: string): void {
  const message = ctx.update.message as unknown as Record<string, unknown>;
  for (const key of ["voice", "audio", "photo", "document", "caption", "caption_entities"])
    delete message[key];
  message.text = text;
}
