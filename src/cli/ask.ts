import { createInterface } from "node:readline";
import type { Answer } from "../answers/service.ts";
import type { Language } from "../i18n.ts";
import type { CliDeps } from "./deps.ts";

const usage = `Usage:
  ask [--lang kk|ru] "question"          prints the answer text
  ask --json [--lang kk|ru] "question"   prints {answer, lang, service, citations, confidence}
  ask --jsonl                            reads {"id","question"} lines on stdin, writes one answer per line`;

/** The stable JSON shape of `cli -- ask --json`: scripts and the eval depend on it. */
export function answerJson(answer: Answer) {
  return {
    answer: answer.answer,
    lang: answer.lang,
    service: answer.service,
    citations: answer.citations.map(({ source, title, date, status, locator }) => ({
      source,
      title,
      date,
      status,
      locator,
    })),
    confidence: answer.confidence,
  };
}

const maxQuestionLength = 2000;

type AskArgs = { json: boolean; jsonl: boolean; lang?: Language; question: string };

function parseArgs(args: string[]): AskArgs | null {
  const out: AskArgs = { json: false, jsonl: false, question: "" };
  const words: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    if (arg === "--json") out.json = true;
    else if (arg === "--jsonl") out.jsonl = true;
    else if (arg === "--lang") {
      const lang = args[i + 1];
      if (lang !== "kk" && lang !== "ru") return null;
      out.lang = lang;
      i += 1;
    } else if (arg === "--help" || arg === "-h") return null;
    else words.push(arg);
  }
  out.question = words.join(" ").trim();
  if (!out.jsonl && out.question.length === 0) return null;
  return out;
}

/** `npm run --silent cli -- ask ...` */
export async function run(args: string[], deps: CliDeps): Promise<number> {
  const parsed = parseArgs(args);
  if (!parsed) {
    console.error(usage);
    return 2;
  }
  // A question is a few sentences; a huge argument is a mistake, not something to search.
  if (parsed.question.length > maxQuestionLength) {
    console.error(`The question is longer than ${maxQuestionLength} characters.\n${usage}`);
    return 2;
  }
  // One process answers with the windows as set when it started; a failed load means none.
  const service = (await deps.knowledge()).current().answers;
  const opts: { lang?: Language } = parsed.lang ? { lang: parsed.lang } : {};
  if (parsed.jsonl) {
    const lines = createInterface({ input: deps.stdin, crlfDelay: Number.POSITIVE_INFINITY });
    let failed = 0;
    for await (const line of lines) {
      if (line.trim().length === 0) continue;
      let id: unknown = null;
      try {
        const item = JSON.parse(line) as { id?: unknown; question?: unknown; lang?: unknown };
        id = item.id ?? null;
        if (typeof item.question !== "string" || item.question.trim() === "")
          throw new Error("question must be a non-empty string");
        const lang: { lang?: Language } =
          item.lang === "kk" || item.lang === "ru" ? { lang: item.lang } : opts;
        const answer = await service.answer(item.question, lang);
        deps.stdout.write(`${JSON.stringify({ id, ...answerJson(answer) })}\n`);
      } catch (error) {
        failed += 1;
        const message = error instanceof Error ? error.message : String(error);
        deps.stdout.write(`${JSON.stringify({ id, error: message })}\n`);
      }
    }
    return failed > 0 ? 1 : 0;
  }
  const answer = await service.answer(parsed.question, opts);
  deps.stdout.write(`${parsed.json ? JSON.stringify(answerJson(answer)) : answer.answer}\n`);
  return 0;
}
