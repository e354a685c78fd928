import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { createWorkingTime } from "../calendar/working-time.ts";
import { genderOfName } from "../documents/declension/ru.ts";
import {
  checkConclusionDate,
  checkConclusionNumber,
  checkGrade,
  checkPersonName,
  checkSchool,
  type FieldProblem,
  type FieldResult,
} from "../documents/fields.ts";
import { createDocumentService } from "../documents/service.ts";
import type { CliDeps } from "./deps.ts";

const usage = `Usage:
  form <service> --kind official|plain --lang kk|ru --parent "..." --child "..." --grade N
       --school "..." [--relation son|daughter] [--vkk-number N --vkk-date YYYY-MM-DD]
       --out FILE.pdf`;

/** What went wrong with a value, for an operator reading the terminal. */
const problems: Record<FieldProblem, string> = {
  empty: "is empty",
  "too-long": "is too long",
  "not-a-name": "must be a name in letters, spaces and hyphens",
  question: "looks like a question or a sentence, not a name",
  "one-word": "needs at least a surname and a first name",
  grade: "must be a whole number from 0 to 12",
  school: "must be the school's name in letters and figures",
  number: "must be a number (figures, letters, / and -)",
  date: "must be a date YYYY-MM-DD",
  "future-date": "is in the future",
};
const examples: Record<string, string> = {
  parent: '"Сейітова Айгүл Нұрланқызы"',
  child: '"Сейітов Әлішер Ерланұлы"',
  grade: "3",
  school: '"№ 12 мектеп-гимназия"',
  "vkk-number": "45",
  "vkk-date": "2025-09-12",
};

/**
 * `npm run --silent cli -- form home_schooling --kind plain --lang kk --parent "..." ...`:
 * the same PDF the bot sends, written to `--out`. Exit 2 with a message on bad input.
 */
export async function run(args: string[], deps: CliDeps): Promise<number> {
  const fail = (message: string) => {
    console.error(`form: ${message}\n${usage}`);
    return 2;
  };
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    return fail((error as Error).message);
  }
  const { values, positionals } = parsed;
  const serviceId = positionals[0];
  if (!serviceId || positionals.length > 1) return fail("name one service, e.g. home_schooling");
  const catalogue = await deps.catalogue();
  const documents = await createDocumentService(catalogue);
  const offered = documents.templatesFor(serviceId).map((t) => t.kind);
  if (offered.length === 0)
    return fail(
      `no documents for "${serviceId}"; services with documents: ${documents.services().join(", ")}`,
    );
  const kind = values.kind;
  if (kind !== "official" && kind !== "plain") return fail("--kind must be official or plain");
  if (!offered.includes(kind))
    return fail(`"${serviceId}" has no ${kind} document; it has: ${offered.join(", ")}`);
  const lang = values.lang;
  if (lang !== "kk" && lang !== "ru") return fail("--lang must be kk or ru");
  if (!values.out?.endsWith(".pdf")) return fail("--out must name a .pdf file");

  const checked = <T>(
    option: string,
    value: string | undefined,
    check: (v: string) => FieldResult<T>,
  ) => {
    if (value === undefined)
      throw new InputError(`--${option} is required (e.g. ${examples[option]})`);
    const result = check(value);
    if (!result.ok)
      throw new InputError(`--${option} ${problems[result.problem]} (e.g. ${examples[option]})`);
    return result.value;
  };
  try {
    const parent = checked("parent", values.parent, checkPersonName);
    const child = checked("child", values.child, checkPersonName);
    const grade = checked("grade", values.grade, checkGrade);
    const school = checked("school", values.school, checkSchool);
    const relation =
      values.relation ??
      { male: "son", female: "daughter", none: undefined }[genderOfName(child) ?? "none"];
    if (relation !== "son" && relation !== "daughter")
      throw new InputError("--relation son|daughter is needed: the child's name does not show it");
    const hasNumber = values["vkk-number"] !== undefined;
    if (hasNumber !== (values["vkk-date"] !== undefined))
      throw new InputError("--vkk-number and --vkk-date go together");
    const today = createWorkingTime(catalogue.calendar, catalogue.workingHours).localDate(
      new Date(),
    );
    const conclusion = hasNumber
      ? {
          conclusionNumber: checked("vkk-number", values["vkk-number"], checkConclusionNumber),
          conclusionDate: checked("vkk-date", values["vkk-date"], (v) =>
            /^\d{4}-\d{2}-\d{2}$/.test(v)
              ? checkConclusionDate(v, today)
              : { ok: false, problem: "date" },
          ),
        }
      : {};
    const { pdf } = await documents.produce(serviceId, kind, lang, {
      parent,
      child,
      relation,
      grade,
      school,
      ...conclusion,
    });
    await writeFile(values.out, pdf);
    console.error(`form: wrote ${values.out} (${pdf.length} bytes)`);
    return 0;
  } catch (error) {
    if (error instanceof InputError) return fail(error.message);
    throw error;
  }
}

class InputError extends Error {}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      kind: { type: "string" },
      lang: { type: "string" },
      parent: { type: "string" },
      child: { type: "string" },
      relation: { type: "string" },
      grade: { type: "string" },
      school: { type: "string" },
      "vkk-number": { type: "string" },
      "vkk-date": { type: "string" },
      out: { type: "string" },
    },
  });
}
