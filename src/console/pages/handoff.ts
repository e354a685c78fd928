import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { readContext } from "../../handoff/context.ts";
import type { HandoffEvent } from "../../handoff/events.ts";
import type { MessageRow } from "../../handoff/messages.ts";
import type { ConversationRow } from "../../handoff/queue.ts";
import { isOutcome, outcomes } from "../../handoff/queue.ts";
import type { Language } from "../../i18n.ts";
import { formatDateTime, fromLocal, localDate, localTime } from "../../time/local-time.ts";
import { type Translate, userOf } from "../context.ts";
import { html, type SafeHtml } from "../html.ts";
import { assetsBase, consoleBase, csrfField, csrfToken } from "../layout.ts";
import type { ConsolePage, PageContext } from "./page.ts";

const path = `${consoleBase}/handoff`;
const roles = ["operator", "admin"] as const;
const adminOnly = ["admin"] as const;

const idParams = z.object({ id: z.coerce.number().int().positive() });
const textBody = z.object({ text: z.string().trim().min(1).max(4000) });
const sendBody = z.object({
  what: z.enum(["card", "section", "form"]),
  service: z.string().regex(/^[a-z][a-z0-9_]*$/),
  section: z.enum(["d0", "d1", "d2", "e", "r", "s"]).optional(),
});
const quickBody = z.object({ quick: z.string().regex(/^[a-z][a-z0-9_]*:(summary|fee)$/) });
const presenceBody = z.object({ status: z.enum(["online", "away"]) });
const transferBody = z.object({ to: z.coerce.number().int().positive() });
const closeBody = z.object({ outcome: z.string().refine(isOutcome) });
const flagBody = z.object({ turn: z.coerce.number().int().min(0).max(4) });

const minutes = (from: string, now: Date) =>
  Math.max(0, Math.round((now.getTime() - Date.parse(from)) / 60_000));

/** The first question of each waiting conversation, for the queue table. */
async function firstQuestions(ctx: PageContext, ids: number[]) {
  if (ids.length === 0) return new Map<number, string>();
  const rows = await ctx.deps.db
    .selectFrom("handoff_message")
    .select(["conversation_id", "text"])
    .where("conversation_id", "in", ids)
    .where("author", "=", "parent")
    .orderBy("id")
    .execute();
  const first = new Map<number, string>();
  for (const row of rows)
    if (!first.has(row.conversation_id)) first.set(row.conversation_id, row.text);
  return first;
}

function topicName(ctx: PageContext, topic: string | null, lang: Language) {
  if (!topic) return "—";
  return ctx.deps.knowledge.current().catalogue.getService(topic)?.shortName[lang] ?? topic;
}

/** The waiting list: replaced live by the events stream. */
async function queueFragment(ctx: PageContext, t: Translate, lang: Language, token: string) {
  const waiting = await ctx.deps.handoff.waiting();
  const questions = await firstQuestions(
    ctx,
    waiting.map((c) => c.id),
  );
  const now = new Date();
  if (waiting.length === 0) return html`<p class="muted">${t("handoff-console-empty")}</p>`;
  return html`<div class="table-wrap"><table><thead><tr><th scope="col">№</th><th scope="col">${t("handoff-console-waited")}</th><th scope="col">${t("handoff-console-language")}</th><th scope="col">${t("handoff-console-topic")}</th><th scope="col">${t("handoff-console-question")}</th><th scope="col"></th></tr></thead>
<tbody>${waiting.map(
    (
      c,
    ) => html`<tr data-conversation="${c.id}"><td><a href="${path}/${c.id}">${c.id}</a></td><td class="nowrap">${t("handoff-console-minutes", { minutes: minutes(c.createdAt, now) })}</td><td>${c.language}</td><td>${topicName(ctx, c.topic, lang)}</td><td lang="${c.language}">${(questions.get(c.id) ?? "").slice(0, 160)}</td>
<td><form method="post" action="${path}/${c.id}/take" class="inline"><input type="hidden" name="_csrf" value="${token}"><button type="submit">${t("handoff-console-take")}</button></form></td></tr>`,
  )}</tbody></table></div>`;
}

function messageItem(t: Translate, message: MessageRow, names: Map<number, string>): SafeHtml {
  const who =
    message.author === "parent"
      ? t("handoff-console-parent")
      : message.author === "operator"
        ? (names.get(message.operatorId ?? 0) ?? t("handoff-console-operator"))
        : t("handoff-console-bot");
  const body =
    message.kind === "card" || message.kind === "section" || message.kind === "form"
      ? html`<span class="badge">${t(`handoff-console-kind-${message.kind}`)}</span> ${message.text}`
      : html`${message.text}`;
  return html`<li id="m-${message.id}" class="msg ${message.author}"><span class="muted">${localTime(new Date(message.createdAt))} · ${who}</span><div>${body}</div></li>`;
}

async function operatorNames(ctx: PageContext) {
  const rows = await ctx.deps.db
    .selectFrom("users")
    .select(["id", "display_name", "email"])
    .where("role", "in", ["operator", "admin"])
    .where("disabled", "=", 0)
    .orderBy("id")
    .execute();
  return rows;
}

function statusFragment(
  t: Translate,
  conversation: ConversationRow,
  holder: string | undefined,
): SafeHtml {
  return html`<span class="badge">${t(`handoff-console-status-${conversation.status}`)}</span>
${holder ? html` ${t("handoff-console-held-by", { name: holder })}` : ""}
${conversation.expectedAt ? html` · ${t("handoff-console-expected", { when: formatDateTime(new Date(conversation.expectedAt)) })}` : ""}
${conversation.outcome ? html` · ${t(`handoff-console-outcome-${conversation.outcome}`)}` : ""}
${conversation.rating ? html` · ${t("handoff-console-rating", { rating: conversation.rating })}` : ""}`;
}

/** JSON answers for the page's script (no reload); a redirect for a plain form post. */
function done(request: FastifyRequest, reply: FastifyReply, to: string, ok = true) {
  if ((request.headers.accept ?? "").includes("application/json"))
    return reply.code(ok ? 200 : 409).send({ ok });
  return reply.redirect(to);
}

/**
 * The 1414 operators' side of talking to a person: the live queue (Server-Sent Events, no
 * reloads), online/away, a conversation with its transcript, context and the knowledge search
 * beside it, cards, sections, the application form and catalogue quick replies sent in one
 * click, take / transfer / close, flagging a bot answer as wrong, and supervision for admins.
 * Operators and admins only; school admins see none of it.
 */
export const handoffPage: ConsolePage = {
  id: "handoff",
  nav: { path, labelKey: "handoff-console-nav", roles },
  register(app, ctx) {
    const assets = html`<link rel="stylesheet" href="${assetsBase}/handoff.css"><script src="${assetsBase}/handoff.js" defer></script>`;

    app.get(path, { config: { roles } }, async (request, reply) => {
      const t = ctx.t(request.lang);
      const user = userOf(request);
      const status = await ctx.deps.handoff.presence.of(user.id);
      const mine = await ctx.deps.handoff.heldBy(user.id);
      return ctx.render(request, reply, {
        title: t("handoff-console-title"),
        active: path,
        body: html`${assets}
<div data-handoff-events="${path}/events"></div>
<section class="card presence"><p>${t(status === "online" ? "handoff-console-you-are-online" : "handoff-console-you-are-away")}</p>
<form method="post" action="${path}/presence" class="inline">${csrfField(reply)}<input type="hidden" name="status" value="${status === "online" ? "away" : "online"}"><button type="submit">${t(status === "online" ? "handoff-console-away" : "handoff-console-online")}</button></form>
<form method="post" action="${path}/take-next" class="inline">${csrfField(reply)}<button type="submit">${t("handoff-console-take-next")}</button></form>
${user.role === "admin" ? html` <a href="${path}/supervision">${t("handoff-console-supervision")}</a>` : ""}</section>
<h2>${t("handoff-console-mine")}</h2>
${mine.length === 0 ? html`<p class="muted">${t("handoff-console-none-mine")}</p>` : html`<ul>${mine.map((c) => html`<li><a href="${path}/${c.id}">${t("handoff-console-conversation", { id: c.id })}</a> · ${c.language} · ${topicName(ctx, c.topic, request.lang)}</li>`)}</ul>`}
<h2>${t("handoff-console-waiting")}</h2>
<div id="handoff-queue" aria-live="polite">${await queueFragment(ctx, t, request.lang, csrfToken(reply))}</div>`,
      });
    });

    // Server-Sent Events: the queue and, with ?conversation=, that conversation's new messages.
    app.get<{ Querystring: { conversation?: string } }>(
      `${path}/events`,
      { config: { roles } },
      async (request, reply) => {
        if (!(request.headers.accept ?? "").includes("text/event-stream"))
          return reply.code(406).send({ error: "text/event-stream only" });
        const t = ctx.t(request.lang);
        const lang = request.lang;
        const watched = Number(request.query.conversation ?? 0);
        const token = csrfToken(reply);
        reply.hijack();
        const out = reply.raw;
        out.writeHead(200, {
          "content-type": "text/event-stream; charset=utf-8",
          "cache-control": "no-store",
          connection: "keep-alive",
          "x-accel-buffering": "no",
        });
        const send = (event: string, payload: unknown) =>
          out.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
        send("ready", {});
        const names = new Map<number, string>();
        let queueDue = false;
        const refreshQueue = async () => {
          // Bursts (200 parents at once) coalesce into one render per tick.
          if (queueDue) return;
          queueDue = true;
          await new Promise((resolve) => setTimeout(resolve, 50));
          queueDue = false;
          send("queue", { html: (await queueFragment(ctx, t, lang, token)).value });
        };
        const onEvent = async (event: HandoffEvent) => {
          if (event.type !== "message") await refreshQueue();
          if (!watched || event.type === "presence" || event.conversationId !== watched) return;
          if (event.type === "message") {
            const message = await ctx.deps.handoff.messages.byId(event.messageId);
            if (!message) return;
            if (message.operatorId && !names.has(message.operatorId))
              names.set(
                message.operatorId,
                await ctx.deps.handoff.operatorName(message.operatorId),
              );
            send("message", { id: message.id, html: messageItem(t, message, names).value });
            return;
          }
          const conversation = await ctx.deps.handoff.conversation(watched);
          if (!conversation) return;
          const holder = conversation.operatorId
            ? await ctx.deps.handoff.operatorName(conversation.operatorId)
            : undefined;
          send("status", {
            html: statusFragment(t, conversation, holder).value,
            status: conversation.status,
          });
        };
        const unsubscribe = ctx.deps.handoff.events.subscribe((event) => {
          // Every stream hears every conversation's messages: others' are dropped here, without
          // an async call apiece (200 open streams made that most of a message's cost).
          if (event.type === "message" && event.conversationId !== watched) return;
          onEvent(event).catch(() => undefined);
        });
        // A comment line now and then keeps proxies from closing a quiet stream.
        const keepAlive = setInterval(() => out.write(": keep-alive\n\n"), 20_000);
        // An open queue is the operator at their desk: it keeps them online; a closed browser
        // stops the beat and they drop out after the presence timeout.
        const { presence } = ctx.deps.handoff;
        const operatorId = userOf(request).id;
        const beat = () =>
          presence.seen(operatorId).catch((error: Error) => {
            request.log.warn({ err: error.message }, "operator presence not refreshed");
          });
        void beat();
        const heartbeat = setInterval(beat, presence.heartbeatMs);
        request.raw.on("close", () => {
          clearInterval(keepAlive);
          clearInterval(heartbeat);
          unsubscribe();
        });
      },
    );

    app.post(`${path}/presence`, { config: { roles } }, async (request, reply) => {
      const body = presenceBody.safeParse(request.body);
      if (!body.success) return reply.code(400).send({ error: "status" });
      await ctx.deps.handoff.presence.set(userOf(request).id, body.data.status);
      return done(request, reply, path);
    });

    app.post(`${path}/take-next`, { config: { roles } }, async (request, reply) => {
      const user = userOf(request);
      const id = await ctx.deps.handoff.takeNext({ id: user.id, role: user.role });
      return done(request, reply, id ? `${path}/${id}` : path, id !== undefined);
    });

    app.post<{ Params: { id: string } }>(
      `${path}/:id/take`,
      { config: { roles } },
      async (request, reply) => {
        const params = idParams.safeParse(request.params);
        if (!params.success) return reply.code(404).send({ error: "not found" });
        const user = userOf(request);
        const taken = await ctx.deps.handoff.take(params.data.id, { id: user.id, role: user.role });
        return done(request, reply, `${path}/${params.data.id}${taken ? "" : "?lost=1"}`, taken);
      },
    );

    app.get<{
      Params: { id: string };
      Querystring: { q?: string; lost?: string; flagged?: string };
    }>(`${path}/:id`, { config: { roles } }, async (request, reply) => {
      const t = ctx.t(request.lang);
      const lang = request.lang;
      const params = idParams.safeParse(request.params);
      const conversation = params.success
        ? await ctx.deps.handoff.conversation(params.data.id)
        : undefined;
      if (!conversation)
        return ctx.render(request, reply, {
          status: 404,
          title: t("console-error-title"),
          body: html`<p class="notice error" role="alert">${t("console-error-text")}</p>`,
        });
      const user = userOf(request);
      const mine = conversation.status === "active" && conversation.operatorId === user.id;
      const transcript = await ctx.deps.handoff.transcript(conversation.id);
      const names = new Map<number, string>();
      for (const m of transcript)
        if (m.operatorId && !names.has(m.operatorId))
          names.set(m.operatorId, await ctx.deps.handoff.operatorName(m.operatorId));
      const holder = conversation.operatorId
        ? await ctx.deps.handoff.operatorName(conversation.operatorId)
        : undefined;
      const context = readContext(conversation.contextJson, conversation.language);
      const snapshot = ctx.deps.knowledge.current();
      const services = snapshot.catalogue.services.filter((s) => s.scope !== "redirect");
      const topic = conversation.topic ?? context.topic;
      const ordered = topic
        ? [...services].sort((a, b) => Number(b.id === topic) - Number(a.id === topic))
        : services;
      const q = (request.query.q ?? "").slice(0, 300);
      const found = q
        ? snapshot.answers.answerExtractive(q, { view: "operator", now: new Date() })
        : undefined;
      const serviceOptions = ordered.map(
        (s) => html`<option value="${s.id}">${s.shortName[lang]}</option>`,
      );
      const peers = (await operatorNames(ctx)).filter((o) => o.id !== user.id);
      const quick = ordered.slice(0, 4).flatMap((s) => {
        const items: SafeHtml[] = [];
        items.push(
          html`<li><form method="post" action="${path}/${conversation.id}/quick" data-async>${csrfField(reply)}<input type="hidden" name="quick" value="${s.id}:summary"><button type="submit" class="link" title="${s.summary.text[lang]}">${s.shortName[lang]}: ${s.summary.text[lang].slice(0, 90)}…</button></form></li>`,
        );
        if (s.fee && s.fee.status === "current")
          items.push(
            html`<li><form method="post" action="${path}/${conversation.id}/quick" data-async>${csrfField(reply)}<input type="hidden" name="quick" value="${s.id}:fee"><button type="submit" class="link">${s.shortName[lang]}: ${s.fee.text[lang].slice(0, 90)}</button></form></li>`,
          );
        return items;
      });
      return ctx.render(request, reply, {
        title: t("handoff-console-conversation", { id: conversation.id }),
        active: path,
        body: html`${assets}
<div data-handoff-events="${path}/events?conversation=${conversation.id}"></div>
${request.query.lost ? html`<p class="notice warn" role="status">${t("handoff-console-taken-by-other")}</p>` : ""}
${request.query.flagged ? html`<p class="notice" role="status">${t("handoff-console-flagged")}</p>` : ""}
<p id="handoff-status" data-status="${conversation.status}">${statusFragment(t, conversation, holder)}</p>
<div class="handoff-grid">
<section class="card conversation" aria-labelledby="transcript-title">
<h2 id="transcript-title">${t("handoff-console-transcript")} <span class="muted">(${conversation.language})</span></h2>
<ol id="transcript" class="transcript">${transcript.map((m) => messageItem(t, m, names))}</ol>
${
  conversation.status === "waiting"
    ? html`<form method="post" action="${path}/${conversation.id}/take">${csrfField(reply)}<button type="submit">${t("handoff-console-take")}</button></form>`
    : ""
}
${
  mine
    ? html`<form method="post" action="${path}/${conversation.id}/messages" class="stack" data-async>${csrfField(reply)}
<label for="reply-text">${t("handoff-console-reply")}</label><textarea id="reply-text" name="text" rows="3" maxlength="4000" required lang="${conversation.language}"></textarea>
<button type="submit">${t("handoff-console-send")}</button></form>
<form method="post" action="${path}/${conversation.id}/send" class="inline" data-async>${csrfField(reply)}<input type="hidden" name="what" value="card"><label>${t("handoff-console-send-card")} <select name="service">${serviceOptions}</select></label> <button type="submit">${t("handoff-console-send")}</button></form>
<form method="post" action="${path}/${conversation.id}/send" class="inline" data-async>${csrfField(reply)}<input type="hidden" name="what" value="section"><label>${t("handoff-console-send-section")} <select name="service">${serviceOptions}</select></label>
<select name="section" aria-label="${t("handoff-console-send-section")}"><option value="d0">${t("handoff-console-section-documents")}</option><option value="e">${t("handoff-console-section-egov")}</option><option value="r">${t("handoff-console-section-refusals")}</option><option value="s">${t("handoff-console-section-sources")}</option></select> <button type="submit">${t("handoff-console-send")}</button></form>
<form method="post" action="${path}/${conversation.id}/send" class="inline" data-async>${csrfField(reply)}<input type="hidden" name="what" value="form"><label>${t("handoff-console-send-form")} <select name="service">${snapshot.documents.services().map((id) => html`<option value="${id}">${snapshot.catalogue.getService(id)?.shortName[lang] ?? id}</option>`)}</select></label> <button type="submit">${t("handoff-console-send")}</button></form>
<h3>${t("handoff-console-quick")}</h3><ul class="quick">${quick}</ul>
${peers.length === 0 ? "" : html`<form method="post" action="${path}/${conversation.id}/transfer" class="inline">${csrfField(reply)}<label>${t("handoff-console-transfer")} <select name="to">${peers.map((p) => html`<option value="${p.id}">${p.display_name ?? p.email}</option>`)}</select></label> <button type="submit">${t("handoff-console-transfer")}</button></form>`}
<form method="post" action="${path}/${conversation.id}/close" class="inline">${csrfField(reply)}<label>${t("handoff-console-outcome")} <select name="outcome">${outcomes.map((o) => html`<option value="${o}">${t(`handoff-console-outcome-${o}`)}</option>`)}</select></label> <button type="submit">${t("handoff-console-close")}</button></form>`
    : ""
}
</section>
<aside class="card side">
<h2>${t("handoff-console-context")}</h2>
${
  context.consented
    ? html`<dl class="facts"><dt>${t("handoff-console-language")}</dt><dd>${context.language}</dd><dt>${t("handoff-console-topic")}</dt><dd>${topicName(ctx, topic ?? null, lang)}</dd>
${context.flow ? html`<dt>${t("handoff-console-flow")}</dt><dd>${Object.entries(context.flow.answers).map(([k, v]) => html`${k}: ${v}<br>`)}</dd>` : ""}</dl>
${
  context.turns.length > 0
    ? html`<h3>${t("handoff-console-turns")}</h3><ol class="turns">${context.turns.map(
        (
          turn,
          i,
        ) => html`<li><p lang="${context.language}"><b>${turn.question}</b></p><p class="muted" lang="${context.language}">${turn.answer}</p>
<form method="post" action="${path}/${conversation.id}/flag" class="inline">${csrfField(reply)}<input type="hidden" name="turn" value="${i}"><button type="submit" class="link">${t("handoff-console-flag-wrong")}</button></form></li>`,
      )}</ol>`
    : ""
}`
    : html`<p class="muted">${t("handoff-console-no-consent")}</p>`
}
<h2>${t("handoff-console-search")}</h2>
<form method="get" action="${path}/${conversation.id}" class="search-row" role="search"><input type="search" name="q" value="${q}" maxlength="300" aria-label="${t("handoff-console-search")}"><button type="submit">🔍</button></form>
${
  found
    ? html`<div class="answer" id="handoff-answer"><p>${found.answer}</p>
${found.service && mine ? html`<form method="post" action="${path}/${conversation.id}/send" data-async>${csrfField(reply)}<input type="hidden" name="what" value="card"><input type="hidden" name="service" value="${found.service}"><button type="submit">${t("handoff-console-send-card")}</button></form>` : ""}
<p><a href="${consoleBase}/search?q=${encodeURIComponent(q)}" target="_blank" rel="noopener">${consoleBase}/search</a></p></div>`
    : ""
}
</aside>
</div>`,
      });
    });

    const act = async (
      request: FastifyRequest<{ Params: { id: string } }>,
      reply: FastifyReply,
      run: (id: number) => Promise<boolean>,
    ) => {
      const params = idParams.safeParse(request.params);
      if (!params.success) return reply.code(404).send({ error: "not found" });
      const ok = await run(params.data.id);
      return done(request, reply, `${path}/${params.data.id}`, ok);
    };
    const actor = (request: FastifyRequest) => {
      const user = userOf(request);
      return { id: user.id, role: user.role };
    };

    app.post<{ Params: { id: string } }>(
      `${path}/:id/messages`,
      { config: { roles } },
      (request, reply) =>
        act(request, reply, async (id) => {
          const body = textBody.safeParse(request.body);
          if (!body.success) return false;
          return Boolean(
            await ctx.deps.handoff.send(id, actor(request), { kind: "text", text: body.data.text }),
          );
        }),
    );

    app.post<{ Params: { id: string } }>(
      `${path}/:id/send`,
      { config: { roles } },
      (request, reply) =>
        act(request, reply, async (id) => {
          const body = sendBody.safeParse(request.body);
          if (!body.success) return false;
          const { what, service, section } = body.data;
          const snapshot = ctx.deps.knowledge.current();
          const found = snapshot.catalogue.getService(service);
          if (!found) return false;
          const conversation = await ctx.deps.handoff.conversation(id);
          const lang: Language = conversation?.language === "ru" ? "ru" : "kk";
          const message =
            what === "form"
              ? {
                  kind: what,
                  text: ctx.deps.i18n.t(lang, "handoff-console-form-text"),
                  ref: service,
                }
              : what === "section"
                ? {
                    kind: what,
                    text: `${found.shortName[lang]} · ${section ?? "d0"}`,
                    ref: `${service}:${section ?? "d0"}`,
                  }
                : { kind: what, text: found.shortName[lang], ref: service };
          return Boolean(await ctx.deps.handoff.send(id, actor(request), message));
        }),
    );

    // Quick replies are the catalogue's own sentences in the parent's language, never typed.
    app.post<{ Params: { id: string } }>(
      `${path}/:id/quick`,
      { config: { roles } },
      (request, reply) =>
        act(request, reply, async (id) => {
          const body = quickBody.safeParse(request.body);
          if (!body.success) return false;
          const [serviceId, fact] = body.data.quick.split(":");
          const service = ctx.deps.knowledge.current().catalogue.getService(serviceId ?? "");
          const conversation = await ctx.deps.handoff.conversation(id);
          if (!service || !conversation) return false;
          const lang: Language = conversation.language === "ru" ? "ru" : "kk";
          const text =
            fact === "fee"
              ? service.fee?.status === "current"
                ? service.fee.text[lang]
                : undefined
              : service.summary.text[lang];
          if (!text) return false;
          return Boolean(await ctx.deps.handoff.send(id, actor(request), { kind: "text", text }));
        }),
    );

    app.post<{ Params: { id: string } }>(
      `${path}/:id/transfer`,
      { config: { roles } },
      (request, reply) =>
        act(request, reply, async (id) => {
          const body = transferBody.safeParse(request.body);
          return (
            body.success && (await ctx.deps.handoff.transfer(id, actor(request), body.data.to))
          );
        }),
    );

    app.post<{ Params: { id: string } }>(
      `${path}/:id/close`,
      { config: { roles } },
      (request, reply) =>
        act(request, reply, async (id) => {
          const body = closeBody.safeParse(request.body);
          if (!body.success || !isOutcome(body.data.outcome)) return false;
          return ctx.deps.handoff.close(id, actor(request), body.data.outcome);
        }),
    );

    // A bot answer the parent was given, flagged as wrong: it joins the feedback review.
    app.post<{ Params: { id: string } }>(
      `${path}/:id/flag`,
      { config: { roles } },
      async (request, reply) => {
        const params = idParams.safeParse(request.params);
        const body = flagBody.safeParse(request.body);
        if (!params.success || !body.success) return reply.code(400).send({ error: "bad request" });
        const conversation = await ctx.deps.handoff.conversation(params.data.id);
        const context =
          conversation && readContext(conversation.contextJson, conversation.language);
        const turn = context?.consented ? context.turns[body.data.turn] : undefined;
        if (!conversation || !turn) return reply.code(404).send({ error: "not found" });
        const user = userOf(request);
        await ctx.deps.db
          .insertInto("console_flag")
          .values({
            kind: "wrong",
            query: turn.question,
            lang: conversation.language,
            answer_ref: `handoff:${conversation.id}`,
            comment: turn.answer.slice(0, 500),
            created_by: user.id,
            created_at: new Date().toISOString(),
            resolved_at: null,
            resolved_by: null,
          })
          .execute();
        await ctx.audit.record(user.id, "answer.flag.wrong", `handoff:${conversation.id}`, {
          turn: body.data.turn,
        });
        return reply.redirect(`${path}/${conversation.id}?flagged=1`);
      },
    );

    app.get(`${path}/supervision`, { config: { roles: adminOnly } }, async (request, reply) => {
      const t = ctx.t(request.lang);
      const now = new Date();
      const figures = await ctx.deps.handoff.figures(fromLocal(localDate(now)));
      const online = await ctx.deps.handoff.presence.online();
      const waits = [...figures.waitsMs].sort((a, b) => a - b);
      const median = waits.length ? (waits[Math.floor(waits.length / 2)] ?? 0) : 0;
      const longest = waits.at(-1) ?? 0;
      const min = (ms: number) =>
        t("handoff-console-minutes", { minutes: Math.round(ms / 60_000) });
      return ctx.render(request, reply, {
        title: t("handoff-console-supervision"),
        active: path,
        body: html`<div class="kpi"><p><b>${figures.byStatus.waiting ?? 0}</b> ${t("handoff-console-queue-length")}</p>
<p><b>${figures.byStatus.active ?? 0}</b> ${t("handoff-console-active-count")}</p>
<p><b>${online.length}</b> ${t("handoff-console-operators-online")}</p>
<p><b>${min(median)}</b> ${t("handoff-console-median-wait")}</p>
<p><b>${min(longest)}</b> ${t("handoff-console-longest-wait")}</p></div>
<h2>${t("handoff-console-operators-online")}</h2><ul>${online.map((o) => html`<li>${o.display_name ?? o.email}</li>`)}</ul>
<h2>${t("handoff-console-outcomes-today")}</h2>
<div class="table-wrap"><table><tbody>${Object.entries(figures.byOutcome).map(([outcome, count]) => html`<tr><th scope="row">${t(`handoff-console-outcome-${outcome}`)}</th><td>${count}</td></tr>`)}</tbody></table></div>`,
      });
    });
  },
};
