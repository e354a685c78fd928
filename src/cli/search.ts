import type { CliDeps } from "./deps.ts";

const usage = `Usage:
  search [--json] [--limit N] [--lang kk|ru] [--service ID] "query"`;

/** `npm run --silent cli -- search --json "query"`: top passages with scores and citations. */
export async function run(args: string[], deps: CliDeps): Promise<number> {
  let json = false;
  let limit = 5;
  let lang: "kk" | "ru" | undefined;
  let service: string | undefined;
  const words: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    if (arg === "--json") json = true;
    else if (arg === "--limit") {
      limit = Number(args[i + 1]);
      i += 1;
    } else if (arg === "--lang") {
      const value = args[i + 1];
      if (value !== "kk" && value !== "ru") {
        console.error(usage);
        return 2;
      }
      lang = value;
      i += 1;
    } else if (arg === "--service") {
      service = args[i + 1];
      i += 1;
    } else words.push(arg);
  }
  const query = words.join(" ").trim();
  if (query.length === 0 || !Number.isInteger(limit) || limit < 1) {
    console.error(usage);
    return 2;
  }
  const { answers } = (await deps.knowledge()).current();
  const hits = answers.search(query, {
    limit,
    ...(lang ? { lang } : {}),
    ...(service ? { service } : {}),
  });
  const results = hits.map((hit) => ({
    id: hit.passage.id,
    score: hit.score,
    kind: hit.passage.kind,
    lang: hit.passage.lang,
    service: hit.passage.serviceId,
    field: hit.passage.field ?? null,
    current: hit.passage.current,
    text: hit.passage.text,
    matchedTerms: hit.matchedTerms,
    highlights: hit.highlights,
    citation: {
      source: hit.passage.citation.source,
      title: hit.passage.citation.title,
      date: hit.passage.citation.date,
      status: hit.passage.citation.status,
      locator: hit.passage.citation.locator,
    },
  }));
  if (json) {
    deps.stdout.write(`${JSON.stringify({ query, results })}\n`);
    return 0;
  }
  for (const r of results) {
    const c = r.citation;
    deps.stdout.write(
      `${r.score.toFixed(2)}  ${r.id}  [${c.title}, ${c.date || "—"}, ${c.locator}; ${c.status}]\n`,
    );
    deps.stdout.write(`      ${r.text.replace(/\s+/g, " ").slice(0, 200)}\n`);
  }
  return 0;
}
