import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BotHarness, startBotHarness } from "../support/bot-harness.ts";
import { testRedisUrl } from "../support/suite-redis.ts";
import type { SimulatedUser } from "../support/telegram-api/index.ts";
import {
  startTranscriptionServer,
  type TranscriptionServer,
} from "../support/transcription-server.ts";

const speak = (text: string) => new TextEncoder().encode(text);

describe("voice notes with speech-to-text configured", () => {
  let h: BotHarness;
  let stt: TranscriptionServer;
  beforeAll(async () => {
    stt = await startTranscriptionServer();
    h = await startBotHarness({
      redisUrl: testRedisUrl(),
      env: {
        OPENAI_API_KEY: "sk-loopback",
        OPENAI_BASE_URL: stt.baseURL,
        TRANSCRIPTION_MODEL: "whisper-1",
        TRANSCRIPTION_TIMEOUT_MS: "500",
        VOICE_MAX_SECONDS: "60",
      },
    });
  });
  afterAll(async () => {
    await h?.close();
    await stt?.close();
  });

  async function voice(parent: SimulatedUser, text: string, duration = 5) {
    parent.sendVoice(speak(text), { duration });
    return parent.waitForMessage(undefined, 5000);
  }

  it("downloads the note through getFile, shows what was understood and answers it like text", async () => {
    stt.fault = undefined;
    const parent = h.user("kk");
    const echo = await voice(parent, "Үйде оқытуға қандай құжаттар керек?");
    expect(echo.text).toBe("Түсінгенім: «Үйде оқытуға қандай құжаттар керек?»");
    const answer = await parent.waitForMessage();
    expect(answer.text).toMatch(/ДКК/);
    expect(h.api.calls.count("getfile")).toBeGreaterThan(0);
    const request = stt.requests.at(-1);
    expect(request).toMatchObject({ authorization: "Bearer sk-loopback", model: "whisper-1" });
    expect(request?.bytes).toBe(speak("Үйде оқытуға қандай құжаттар керек?").length);
  });

  it("answers a Russian note in Russian", async () => {
    stt.fault = undefined;
    const parent = h.user("ru");
    const echo = await voice(parent, "Сколько дней рассматривают заявление на обучение на дому?");
    expect(echo.text).toMatch(/^Я понял: «Сколько дней/);
    expect((await parent.waitForMessage()).text).toMatch(/2 рабочих дня/);
  });

  it("asks to type when the service times out, fails or hears no words", async () => {
    const parent = h.user("ru");
    stt.fault = { kind: "hang" };
    expect((await voice(parent, "вопрос")).text).toMatch(/Не получилось распознать/);
    stt.fault = { kind: "status", status: 503 };
    expect((await voice(parent, "вопрос")).text).toMatch(/Не получилось распознать/);
    stt.fault = { kind: "empty" };
    expect((await voice(parent, "вопрос")).text).toMatch(/не слышно слов/);
    stt.fault = undefined;
  });

  it("does not download a note longer than the limit", async () => {
    const parent = h.user("kk");
    const before = stt.requests.length;
    expect((await voice(parent, "ұзын хабарлама", 600)).text).toMatch(/60 секундтан артық/);
    expect(stt.requests.length).toBe(before);
  });

  it("answers a photo whose caption is a question, and gently declines a copy of a document", async () => {
    const parent = h.user("ru");
    parent.sendPhoto(speak("jpeg"), "Какие документы нужны для обучения на дому?");
    expect((await parent.waitForMessage()).text).toMatch(/ВКК|врачебно/);
    parent.sendPhoto(speak("jpeg"));
    expect((await parent.waitForMessage()).text).toMatch(/Копии документов мне не нужны/);
    parent.sendDocument(speak("%PDF-"), "vkk.pdf", "заключение ВКК");
    expect((await parent.waitForMessage()).text).toMatch(/канцелярию школы/);
  });
});

describe("voice notes without speech-to-text", () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ redisUrl: testRedisUrl() });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("kindly asks to type, in the parent's language, without downloading", async () => {
    const parent = h.user("kk");
    parent.sendVoice(speak("сұрақ"), { duration: 3 });
    expect((await parent.waitForMessage()).text).toMatch(/мәтінмен жазыңызшы/);
    expect(h.api.calls.count("getfile")).toBe(0);
  });
});
