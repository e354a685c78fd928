import type { Language } from "../i18n.ts";

/** Why a transcription gave no text: the parent is told to type, nothing is retried. */
export class TranscriptionError extends Error {
  constructor(readonly reason: "timeout" | "unavailable" | "empty") {
    super(`transcription ${reason}`);
    this.name = "TranscriptionError";
  }
}

export interface Transcriber {
  /** The words of a voice note. The audio is only held in memory for the request. */
  transcribe(audio: Uint8Array, fileName: string, language?: Language): Promise<string>;
}

export interface TranscriberOptions {
  /** OpenAI-compatible API root, e.g. `https://api.openai.com/v1`. */
  baseUrl: string;
  apiKey: string;
  model: string;
  timeoutMs: number;
}

/**
 * Speech-to-text through an OpenAI-compatible `POST /audio/transcriptions` (Whisper and
 * compatible servers). Errors carry a reason only: neither the audio nor the text is logged.
 */
export function createTranscriber(options: TranscriberOptions): Transcriber {
  const url = `${options.baseUrl.replace(/\/+$/, "")}/audio/transcriptions`;
  return {
    async transcribe(audio, fileName, language) {
      const form = new FormData();
      form.append("file", new Blob([audio]), fileName);
      form.append("model", options.model);
      form.append("response_format", "json");
      // Whisper takes ISO-639-1 codes; Kazakh is "kk", Russian "ru".
      if (language) form.append("language", language);
      let response: Response;
      try {
        response = await fetch(url, {
          method: "POST",
          headers: { authorization: `Bearer ${options.apiKey}` },
          body: form,
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (error) {
        const name = (error as Error).name;
        throw new TranscriptionError(
          name === "TimeoutError" || name === "AbortError" ? "timeout" : "unavailable",
        );
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new TranscriptionError("unavailable");
      }
      const body = (await response.json().catch(() => ({}))) as { text?: unknown };
      const text = typeof body.text === "string" ? body.text.trim() : "";
      if (!text) throw new TranscriptionError("empty");
      return text;
    },
  };
}
