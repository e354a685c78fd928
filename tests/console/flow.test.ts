import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConsoleClient } from "./client.ts";
import { type ConsoleApp, operatorUser, startConsole } from "./harness.ts";

/** The `s` (walk state) of the first GET form on a flow page. */
function stateOf(page: string): string {
  return /name="s" value="([^"]+)"/.exec(page)?.[1] ?? "";
}

describe("operator guided flow", () => {
  let app: ConsoleApp;
  let operator: ConsoleClient;

  beforeAll(async () => {
    ({
      app,
      clients: { operator },
    } = await startConsole({ users: { operator: operatorUser } }));
  });
  afterAll(async () => {
    await app?.close();
  });

  it("asks the age, explains a wrong answer, and branches on a valid one", async () => {
    const start = await operator.page("/console/flow?lang=ru");
    expect(start.text).toContain("Какая ситуация ближе к вашей?");
    const age = await operator.page(
      `/console/flow?f=which-service&s=${stateOf(start.text)}&o=first-grade`,
    );
    expect(age.text).toContain("Сколько лет будет ребёнку 1 сентября?");
    expect(age.text).toContain('inputmode="numeric"');

    const wrong = await operator.page(
      `/console/flow?f=which-service&s=${stateOf(age.text)}&text=${encodeURIComponent("шесть")}`,
    );
    expect(wrong.text).toContain("Напишите возраст числом от 3 до 18");
    expect(wrong.text).toContain('aria-invalid="true"');

    const six = await operator.page(
      `/console/flow?f=which-service&s=${stateOf(wrong.text)}&text=6`,
    );
    expect(six.text).toContain("Нужны ли ребёнку особые условия для обучения");
    expect(six.text).toContain("<strong>6</strong>");

    const back = await operator.page(`/console/flow?f=which-service&s=${stateOf(six.text)}&back=1`);
    expect(back.text).toContain("Сколько лет будет ребёнку 1 сентября?");
  });

  it("starts again on a tampered or stale walk", async () => {
    const page = await operator.page("/console/flow?f=which-service&s=not-base64-json&o=health");
    expect(page.status).toBe(200);
    expect(page.text).toContain('name="o" value="health"');
  });
});
