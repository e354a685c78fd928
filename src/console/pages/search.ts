import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Answer, Citation, SearchHit } from "../../answers/service.ts";
import type { ServiceCard } from "../../cards/service-card.ts";
import type { Language } from "../../i18n.ts";
import { scrubPii } from "../../privacy/pii.ts";
import { type Translate, userOf } from "../context.ts";
import { highlight, html, type SafeHtml } from "../html.ts";
import { consoleBase, csrfField, csrfToken } from "../layout.ts";
import type { ConsolePage, PageContext } from "./page.ts";

const path = `${consoleBase}/search`;
const apiPath = `${consoleBase}/api/search`;
const answerApiPath = `${consoleBase}/api/answer`;
const flagPath = `${consoleBase}/flags`;
const roles = ["operator", "admin"] as const;

/**
 * The typed query, `q`: a string of at most 300 characters, "" when absent; undefined when it
 * is given twice or is too long (the caller's mistake). Checked by hand rather than with a zod
 * schema because it runs on every keystroke, where zod's parse was about 2% of the CPU.
 */
function typedQuery(query: unknown): string | undefined {
  const q = (query as Record<string, unknown> | undefined)?.q;
  if (q === undefined) return "";
  return typeof q === "string" && q.length <= 300 ? q : undefined;
}
const flagSchema = z.object({
  kind: z.enum(["wrong", "missing"]),
  query: z.string().trim().min(1).max(300),
  lang: z.enum(["kk", "ru"]),
  answerRef: z.string().max(100).optional(),
  comment: z.string().trim().min(1).max(2000),
});

/** The answer as an operator reads it to a caller: without the bracketed citations. */
export function readAloud(answer: string): string {
  return answer
    .replace(/\s*\[[^\]]*\]/g, "")
    .replace(/[ \t]+\n/g, "\n")
    .trim();
}

function citationList(citations: Citation[], t: Translate): SafeHtml {
  if (citations.length === 0) return html``;
  return html`<h3 class="sr-only">${t("console-search-citations")}</h3><ol class="citations">${citations.map(
    (c) =>
      html`<li>${c.title}${c.date ? html`, ${c.date}` : ""} — ${c.locator}${
        c.status === "repealed"
          ? html` <span class="badge repealed">${t("console-search-repealed")}</span>`
          : ""
      }</li>`,
  )}</ol>`;
}

function termText(term: NonNullable<ServiceCard["term"]>, t: Translate): string {
  const amount =
    term.amount !== undefined ? String(term.amount) : `${term.min ?? ""}–${term.max ?? ""}`;
  return t(`console-unit-${term.unit}`, { amount });
}

export function cardView(card: ServiceCard, lang: Language, t: Translate): SafeHtml {
  const term = card.term;
  return html`<article class="card service-card result-item" tabindex="-1" data-copy="${`${card.name[lang]}\n${card.summary.text[lang]}`}">
<h3>${card.shortName[lang]}</h3>
<p>${card.summary.text[lang]}</p>
<dl class="facts">
${term ? html`<dt>${t("console-card-term")}</dt><dd>${termText(term, t)}</dd>` : ""}
${card.deadline ? html`<dt>${t("console-card-deadline")}</dt><dd>${card.deadline.dueDate}</dd>` : ""}
${card.fee ? html`<dt>${t("console-card-fee")}</dt><dd>${card.fee.text[lang]}</dd>` : ""}
<dt>${t("console-card-office")}</dt><dd>${card.office.acceptingDocuments ? t("console-card-office-open") : t("console-card-office-closed")}</dd>
${card.providers.length > 0 ? html`<dt>${t("console-card-providers")}</dt><dd>${card.providers.map((p) => p.name[lang]).join(", ")}</dd>` : ""}
</dl>
${
  card.channels.length > 0
    ? html`<details><summary>${t("console-card-documents")}</summary>${card.channels.map(
        (channel) =>
          html`<p><strong>${channel.label?.[lang] ?? channel.kind}</strong></p><ul>${channel.documents.map(
            (d) => html`<li>${d.name[lang]}</li>`,
          )}</ul>`,
      )}</details>`
    : ""
}
</article>`;
}

function passageView(hit: SearchHit, t: Translate): SafeHtml {
  const { passage } = hit;
  const ranges = hit.highlights.map(([start, end]) => ({ start, end }));
  return html`<li class="passage result-item" tabindex="-1" lang="${passage.lang}" data-copy="${passage.text}">
<p class="source">${passage.citation.title}${passage.citation.date ? `, ${passage.citation.date}` : ""} — ${passage.citation.locator}${
    passage.current
      ? ""
      : html` <span class="badge repealed">${t("console-search-not-current")}</span>`
  }</p>
<p><strong>${passage.title}</strong></p>
<p>${highlight(passage.text, ranges)}</p>
</li>`;
}

/** Short-lived HTML fragments per key, computed once even when asked for at the same moment. */
function createFragmentCache(generation: () => unknown, ttlMs = 30_000, size = 2000) {
  const entries = new Map<string, { html: string; at: number; generation: unknown }>();
  const pending = new Map<string, Promise<string>>();
  const fresh = (key: string) => {
    const entry = entries.get(key);
    return entry && Date.now() - entry.at < ttlMs && entry.generation === generation()
      ? entry
      : undefined;
  };
  return {
    peek: (key: string) => fresh(key)?.html,
    get(key: string, compute: () => Promise<string>): Promise<string> {
      const entry = fresh(key);
      if (entry) return Promise.resolve(entry.html);
      let running = pending.get(key);
      if (!running) {
        running = compute()
          .then((value) => {
            if (entries.size >= size) entries.delete(entries.keys().next().value as string);
            entries.set(key, { html: value, at: Date.now(), generation: generation() });
            return value;
          })
          .finally(() => pending.delete(key));
        pending.set(key, running);
      }
      return running;
    },
  };
}

// A card depends on the clock (office open now, today's deadline): rebuilt once a minute.
const cardCache = new WeakMap<object, Map<string, { card: ServiceCard | undefined; at: number }>>();
function cardFor(ctx: PageContext, serviceId: string): ServiceCard | undefined {
  const modules = ctx.modules();
  let cards = cardCache.get(modules);
  if (!cards) {
    cards = new Map();
    cardCache.set(modules, cards);
  }
  const now = Date.now();
  const hit = cards.get(serviceId);
  if (hit && now - hit.at < 60_000) return hit.card;
  const card = modules.cards.build(serviceId, new Date(now));
  cards.set(serviceId, { card, at: now });
  return card;
}

// A card's HTML changes only with the card (rebuilt once a minute, above) and the languages:
// a miss renders up to three cards that most other queries show too.
const cardHtmlCache = new WeakMap<ServiceCard, Map<string, SafeHtml>>();
function cardHtml(card: ServiceCard, callerLang: Language, lang: Language, t: Translate): SafeHtml {
  let views = cardHtmlCache.get(card);
  if (!views) {
    views = new Map();
    cardHtmlCache.set(card, views);
  }
  const key = `${callerLang}\n${lang}`;
  let view = views.get(key);
  if (!view) {
    view = cardView(card, callerLang, t);
    views.set(key, view);
  }
  return view;
}

/** The best answer, ready to read aloud, with its citations and the flag form. */
function answerView(
  ctx: PageContext,
  reply: FastifyReply,
  lang: Language,
  query: string,
  answer: Answer | undefined,
): SafeHtml {
  const t = ctx.t(lang);
  if (!answer)
    return html`<p class="notice warn" role="status">${t("console-search-unavailable")}</p>`;
  const answerLang: Language = answer.lang;
  return html`<section class="card answer result-item" tabindex="-1" aria-labelledby="best-answer" data-copy="${readAloud(answer.answer)}" lang="${answerLang}">
<div class="answer-head"><h2 id="best-answer">${t("console-search-best-answer")}</h2>
<button type="button" class="primary copy" data-copy-target="best-answer" data-copied="${t("console-search-copied")}">${t("console-search-copy")}</button></div>
${answer.outOfScope ? html`<p class="notice warn">${t("console-search-out-of-scope")}</p>` : ""}
<p class="read-aloud">${answer.answer}</p>
${citationList(answer.citations, t)}
<details class="flag-form"><summary>${t("console-flag-open")}</summary>
<form method="post" action="${flagPath}" class="stack">${csrfField(reply)}
<input type="hidden" name="query" value="${query}">
<input type="hidden" name="lang" value="${answerLang}">
<input type="hidden" name="answerRef" value="${answer.service ?? ""}">
<fieldset><legend>${t("console-flag-kind")}</legend>
<label><input type="radio" name="kind" value="wrong" checked> ${t("console-flag-wrong")}</label>
<label><input type="radio" name="kind" value="missing"> ${t("console-flag-missing")}</label></fieldset>
<label for="flag-comment">${t("console-flag-comment")}</label>
<textarea id="flag-comment" name="comment" required maxlength="2000"></textarea>
<button type="submit">${t("console-flag-submit")}</button>
</form></details>
</section>`;
}

/** Matching service cards and highlighted passages, in the caller's language first. */
function listsView(
  ctx: PageContext,
  lang: Language,
  callerLang: Language,
  found: SearchHit[],
  preferService: string | null,
): SafeHtml {
  const t = ctx.t(lang);
  const hits = [
    ...found.filter((h) => h.passage.lang === callerLang),
    ...found.filter((h) => h.passage.lang !== callerLang),
  ].slice(0, 6);
  const serviceIds = [
    ...new Set(
      [preferService, ...hits.map((h) => h.passage.serviceId)].filter((id): id is string => !!id),
    ),
  ].slice(0, 3);
  const cards = serviceIds.flatMap((id) => {
    const card = cardFor(ctx, id);
    return card ? [card] : [];
  });
  return html`${
    cards.length > 0
      ? html`<section aria-labelledby="cards-title"><h2 id="cards-title">${t("console-search-cards")}</h2><div class="service-cards">${cards.map((c) => cardHtml(c, callerLang, lang, t))}</div></section>`
      : ""
  }
${
  hits.length > 0
    ? html`<section aria-labelledby="passages-title"><h2 id="passages-title">${t("console-search-passages")}</h2><ol class="passages">${hits.map((h) => passageView(h, t))}</ol></section>`
    : ""
}`;
}

/** Passages for a query: one unfiltered search (cheap), the caller's language sorted first. */
function searchHits(ctx: PageContext, query: string): SearchHit[] {
  return ctx.modules().answers.search(query, { limit: 12 });
}

function callerLanguage(ctx: PageContext, query: string): Language {
  return ctx.modules().detectLanguage(query);
}

export const searchPage: ConsolePage = {
  id: "search",
  nav: { path, labelKey: "console-nav-search", roles },
  register(app, ctx) {
    const answerFor = async (query: string): Promise<Answer | undefined> => {
      const answers = ctx.modules().answers;
      if (!answers || !query.trim()) return undefined;
      const started = performance.now();
      // Extractive only: an operator types, so each keystroke must not wait for an LLM.
      const answer = answers.answerExtractive(query);
      ctx.metrics.answerLatency.observe(
        { channel: "console", lang: answer.lang },
        (performance.now() - started) / 1000,
      );
      void ctx.deps.questionLog.record({ channel: "console", question: query, answer });
      return answer;
    };

    app.get(path, { config: { roles }, logLevel: "warn" }, async (request, reply) => {
      const t = ctx.t(request.lang);
      const q = typedQuery(request.query);
      if (q === undefined)
        return ctx.render(request, reply, {
          status: 400,
          title: t("console-search-title"),
          active: path,
          body: html`<p class="notice error" role="alert">${t("security-bad-query")}</p><p><a href="${path}">${t("console-search-title")}</a></p>`,
        });
      const flagged = (request.query as { flagged?: string }).flagged === "1";
      const answer = await answerFor(q);
      return ctx.render(request, reply, {
        title: t("console-search-title"),
        active: path,
        body: html`${flagged ? html`<p class="notice ok" role="status">${t("console-flag-saved")}</p>` : ""}
<form method="get" action="${path}" class="search-box" role="search" data-live="${apiPath}" data-found="${t("console-search-found")}">
<label for="q">${t("console-search-label")}</label>
<div class="search-row"><input type="search" id="q" name="q" value="${q}" autocomplete="off" autofocus spellcheck="false" aria-describedby="search-keys" aria-controls="results">
<button type="submit">${t("console-search-submit")}</button></div>
<p class="hint" id="search-keys">${t("console-search-keys")}</p>
</form>
<div id="live" class="sr-only" aria-live="polite"></div>
<div id="results" class="results">${
          q.trim()
            ? html`${answerView(ctx, reply, request.lang, q, answer)}${listsView(ctx, request.lang, answer?.lang ?? callerLanguage(ctx, q), searchHits(ctx, q), answer?.service ?? null)}`
            : html`<p class="hint">${t("console-search-empty")}</p>`
        }</div>`,
      });
    });

    // Operators type the same opening words all day: fragments for a (language, query) are
    // kept briefly (cards show "open now" and today's deadline, so not for long), without the
    // per-session CSRF token, which is put in on the way out. Operators typing the same words
    // at once share one computation.
    const csrfMarker = "\u0000csrf\u0000";
    const neutral = { generateCsrf: () => csrfMarker } as unknown as FastifyReply;
    const searchCache = createFragmentCache(() => ctx.modules());
    const answerCache = createFragmentCache(() => ctx.modules());
    const send = (reply: FastifyReply, fragment: string) =>
      reply
        .type("text/html; charset=utf-8")
        .header("cache-control", "no-store")
        .send(
          fragment.includes(csrfMarker)
            ? fragment.replaceAll(csrfMarker, csrfToken(reply))
            : fragment,
        );
    // A query that is too long or given twice is the caller's mistake, not a server error.
    const badQuery = (request: FastifyRequest, reply: FastifyReply) =>
      send(
        reply.code(400),
        html`<p class="notice error" role="alert">${ctx.t(request.lang)("security-bad-query")}</p>`
          .value,
      );
    // The same words on every keystroke until the answer is ready: looked up once per language.
    const pendingText = new Map<Language, string>();
    const pending = (lang: Language) => {
      let text = pendingText.get(lang);
      if (text === undefined) {
        text = ctx.t(lang)("console-search-answer-pending");
        pendingText.set(lang, text);
      }
      return text;
    };
    const answerFragment = (lang: Language, q: string) =>
      answerCache.get(
        `${lang}\n${q.trim().toLowerCase()}`,
        async () => answerView(ctx, neutral, lang, q, await answerFor(q)).value,
      );

    // Each keystroke: passages and cards only (one index search, well under a millisecond).
    // The best answer costs ten times more, so the script asks for it once typing pauses
    // (or it comes inline when another operator's identical question already computed it).
    // Not logged per request: the query is what a caller said (it may hold a name or an IIN),
    // and a line per keystroke would drown the log.
    app.get(
      apiPath,
      { config: { roles }, logLevel: "warn" },
      async (request: FastifyRequest, reply) => {
        const q = typedQuery(request.query);
        const lang = request.lang;
        if (q === undefined) return badQuery(request, reply);
        if (!q.trim())
          return send(
            reply,
            html`<p class="hint">${ctx.t(lang)("console-search-empty")}</p>`.value,
          );
        if (!ctx.modules().answers)
          return send(
            reply,
            html`<p class="notice warn" role="status">${ctx.t(lang)("console-search-unavailable")}</p>`
              .value,
          );
        const key = `${lang}\n${q.trim().toLowerCase()}`;
        const lists = await searchCache.get(
          key,
          async () => listsView(ctx, lang, callerLanguage(ctx, q), searchHits(ctx, q), null).value,
        );
        const ready = answerCache.peek(key);
        const slot =
          ready ??
          html`<div id="answer-slot" class="card muted" data-answer="${answerApiPath}?q=${encodeURIComponent(q)}" aria-busy="true">${pending(lang)}</div>`
            .value;
        return send(reply, slot + lists);
      },
    );

    app.get(
      answerApiPath,
      { config: { roles }, logLevel: "warn" },
      async (request: FastifyRequest, reply) => {
        const q = typedQuery(request.query);
        if (q === undefined) return badQuery(request, reply);
        if (!q.trim()) return send(reply, "");
        return send(reply, await answerFragment(request.lang, q));
      },
    );

    app.post(flagPath, { config: { roles } }, async (request, reply) => {
      const parsed = flagSchema.safeParse(request.body);
      if (!parsed.success)
        return ctx.render(request, reply, {
          status: 400,
          title: ctx.t(request.lang)("console-search-title"),
          active: path,
          body: html`<p class="notice error" role="alert">${ctx.t(request.lang)("security-bad-flag")}</p>`,
        });
      const user = userOf(request);
      // What the caller said may hold an IIN, a phone or a child's name and diagnosis; every
      // operator reads the flags, so they keep only the scrubbed text (as bot feedback does).
      const query = scrubPii(parsed.data.query);
      const row = await ctx.deps.db
        .insertInto("console_flag")
        .values({
          kind: parsed.data.kind,
          query,
          lang: parsed.data.lang,
          answer_ref: parsed.data.answerRef || null,
          comment: scrubPii(parsed.data.comment),
          created_by: user.id,
          created_at: new Date().toISOString(),
          resolved_at: null,
          resolved_by: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await ctx.audit.record(user.id, "answer.flag", `flag:${row.id}`, { kind: parsed.data.kind });
      return reply.redirect(`${path}?q=${encodeURIComponent(query)}&flagged=1`);
    });
  },
};
