import { describe, expect, it } from "vitest";
import { operatorUser, useConsole } from "../support/console-harness.ts";

/** The `s` (walk state) of the first GET form on a flow page. */
function stateOf(page: string): string {
  return /name="s" value="([^"]+)"/.exec(page)?.[1] ?? "";
}

describe("operator guided flow", () => {
  const suite = useConsole({ users: { operator: operatorUser } });

  it("asks the age, explains a wrong answer, and branches on a valid one", async () => {
    const start = await suite.operator.page("/console/flow?lang=ru");
    expect(start.text).toContain("Какая ситуация ближе к вашей?");
    const age = await suite.operator.page(
      `/console/flow?f=which-service&s=${stateOf(start.text)}&o=first-grade`,
    );
    expect(age.text).toContain("Сколько лет будет ребёнку 1 сентября?");
    expect(age.text).toContain('inputmode="numeric"');

    const wrong = await suite.operator.page(
      `/console/flow?f=which-service&s=${stateOf(age.text)}&text=${encodeURIComponent("шесть")}`,
    );
    expect(wrong.text).toContain("Напишите возраст числом от 3 до 18");
    expect(wrong.text).toContain('aria-invalid="true"');

    const six = await suite.operator.page(
      `/console/flow?f=which-service&s=${stateOf(wrong.text)}&text=6`,
    );
    expect(six.text).toContain("Нужны ли ребёнку особые условия для обучения");
    expect(six.text).toContain("<strong>6</strong>");

    const back = await suite.operator.page(
      `/console/flow?f=which-service&s=${stateOf(six.text)}&back=1`,
    );
    expect(back.text).toContain("Сколько лет будет ребёнку 1 сентября?");
  });

  it("starts again on a tampered or stale walk", async () => {
    const page = await suite.operator.page(
      "/console/flow?f=which-service&s=not-base64-json&o=health",
    );
    expect(page.status).toBe(200);
    expect(page.text).toContain('name="o" value="health"');
  });
});
