import fastifyFormbody from "@fastify/formbody";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { html } from "../../console/html.ts";
import type { AppDeps } from "../../deps.ts";
import type { Language } from "../../i18n.ts";
import { isLoopbackRequest } from "../../infra/loopback.ts";
import { createUserRepository, UserExistsError } from "../../users/repository.ts";
import { consumeSetupToken, hasAdministrator, isSetupTokenValid } from "../../users/setup-link.ts";
import { pageLanguage, sendPlainPage } from "../plain-page.ts";

const formSchema = z
  .object({
    email: z.email().max(200),
    password: z.string().min(10).max(200),
    passwordAgain: z.string().max(200),
  })
  .refine((form) => form.password === form.passwordAgain);

/**
 * `/setup/:token`: the one-time first-run link `startApp` prints when no administrator exists.
 * Loopback only unless SETUP_LINK_REMOTE; refused once used, expired, or an admin exists.
 */
export async function setupRoutes(app: FastifyInstance, deps: AppDeps) {
  await app.register(fastifyFormbody);
  const users = createUserRepository(deps.db);

  const page = (
    reply: FastifyReply,
    lang: Language,
    token: string,
    options: { status?: number; notice?: string; form?: boolean } = {},
  ) => {
    const t = (key: string) => deps.i18n.t(lang, key);
    const path = `/setup/${encodeURIComponent(token)}`;
    return sendPlainPage(reply, {
      lang,
      path,
      title: t("setup-title"),
      ...(options.status ? { status: options.status } : {}),
      body: html`${options.notice ? html`<p class="notice error" role="alert" id="setup-notice">${options.notice}</p>` : ""}
${
  options.form
    ? html`<p>${t("setup-lead")}</p>
<form method="post" action="${path}?lang=${lang}" class="card stack">
<label for="email">${t("setup-email")}</label>
<input id="email" name="email" type="email" autocomplete="username" required>
<label for="password">${t("setup-password")}</label>
<input id="password" name="password" type="password" autocomplete="new-password" minlength="10" required>
<label for="passwordAgain">${t("setup-password-again")}</label>
<input id="passwordAgain" name="passwordAgain" type="password" autocomplete="new-password" minlength="10" required>
<button type="submit" class="primary">${t("setup-submit")}</button>
</form>`
    : html`<p><a href="/console/login?lang=${lang}">${t("setup-login")}</a></p>`
}`,
    });
  };

  /** Why this request may not use the link, as the page to show; undefined when it may. */
  const refusal = async (request: FastifyRequest, reply: FastifyReply, token: string) => {
    const lang = pageLanguage(request);
    if (!deps.config.SETUP_LINK_REMOTE && !isLoopbackRequest(request))
      return page(reply, lang, token, { status: 403, notice: deps.i18n.t(lang, "setup-remote") });
    if (!(await isSetupTokenValid(deps.redis, token)) || (await hasAdministrator(users)))
      return page(reply, lang, token, { status: 410, notice: deps.i18n.t(lang, "setup-used") });
    return undefined;
  };

  app.get("/setup/:token", async (request, reply) => {
    const { token } = request.params as { token: string };
    return (
      (await refusal(request, reply, token)) ??
      page(reply, pageLanguage(request), token, { form: true })
    );
  });

  app.post("/setup/:token", async (request, reply) => {
    const { token } = request.params as { token: string };
    const refused = await refusal(request, reply, token);
    if (refused) return refused;
    const lang = pageLanguage(request);
    const form = formSchema.safeParse(request.body);
    if (!form.success)
      return page(reply, lang, token, {
        status: 400,
        notice: deps.i18n.t(lang, "setup-invalid"),
        form: true,
      });
    // Used up before the account exists: two racing submissions create one administrator.
    if (!(await consumeSetupToken(deps.redis, token)))
      return page(reply, lang, token, { status: 410, notice: deps.i18n.t(lang, "setup-used") });
    try {
      await users.create({ email: form.data.email, password: form.data.password, role: "admin" });
    } catch (error) {
      if (!(error instanceof UserExistsError)) throw error;
    }
    deps.logger.info("first administrator created with the setup link");
    return reply.redirect(`/console/login?lang=${lang}`, 303);
  });
}
