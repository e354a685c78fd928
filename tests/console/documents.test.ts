import { describe, expect, it } from "vitest";
import { operatorUser, school12User, useConsole } from "../support/console-harness.ts";
import { loose, pdfText } from "../support/pdf-text.ts";

const page = "/console/documents";

describe("console: documents for a caller", () => {
  const suite = useConsole({
    env: { DEMO_DATA: "1" },
    users: { operator: operatorUser, school: school12User },
  });

  it("makes the bot's PDF from the form, declined, and audits only which document", async () => {
    const form = await suite.operator.page(`${page}?service=home_schooling`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('value="home_schooling:official"');
    expect(form.text).toContain('value="home_schooling:plain" selected');
    const response = await suite.operator.post(page, {
      _csrf: form.csrf,
      document: "home_schooling:plain",
      lang: "ru",
      parent: "Сейтова Айгуль Нурлановна",
      child: "Сейтов Алишер Ерланович",
      relation: "son",
      grade: "4",
      school: "КГУ «Школа-гимназия № 12»",
      conclusionNumber: "45",
      conclusionDate: "2025-09-12",
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toContain(
      "zayavlenie-obuchenie-na-domu.pdf",
    );
    const text = await pdfText(new Uint8Array(await response.arrayBuffer()));
    expect(text).toContain("от Сейтовой Айгуль Нурлановны");
    expect(loose(text)).toContain(
      loose("моего сына Сейтова Алишера Ерлановича, ученика 4-го класса"),
    );
    const audit = await suite.app.deps.db
      .selectFrom("console_audit")
      .selectAll()
      .where("action", "=", "document.produce")
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toMatch(/Сейтов/);
  });

  it("shows the problem next to the field, in the operator's language, and makes nothing", async () => {
    const form = await suite.operator.page(page);
    const response = await suite.operator.post(page, {
      _csrf: form.csrf,
      document: "home_schooling:official",
      lang: "kk",
      parent: "Сейітова Айгүл Нұрланқызы",
      child: "а зачем вам имя ребенка",
      relation: "son",
      grade: "3",
      school: "№ 12 мектеп-гимназия",
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toMatch(/id="doc-child-error"[^>]*>[^<]*(сұраққа ұқсайды|похоже на вопрос)/);
    expect(text).toContain('value="Сейітова Айгүл Нұрланқызы"');
  });

  it("refuses a post without the CSRF token and hides the page from a school admin", async () => {
    const noToken = await suite.operator.post(page, { document: "home_schooling:plain" });
    expect(noToken.status).toBe(403);
    expect((await suite.school.get(page)).status).toBe(403);
  });
});
