import { z } from "zod";
import type { Role } from "../../users/roles.ts";
import { html } from "../html.ts";
import { consoleBase, csrfField } from "../layout.ts";
import type { ConsolePage } from "./page.ts";

const loginSchema = z.object({ email: z.string().trim().max(200), password: z.string().max(200) });

/** Where each role lands after signing in. */
export const homeOf: Record<Role, string> = {
  operator: `${consoleBase}/search`,
  school_admin: `${consoleBase}/school`,
  admin: `${consoleBase}/admin/users`,
};

export const loginPage: ConsolePage = {
  id: "login",
  register(app, ctx) {
    const form = (
      request: Parameters<typeof ctx.render>[0],
      reply: Parameters<typeof ctx.render>[1],
      error?: string,
      email = "",
    ) => {
      const t = ctx.t(request.lang);
      return ctx.render(request, reply, {
        status: error ? 401 : 200,
        title: t("console-login-title"),
        bodyClass: "login",
        body: html`${error ? html`<p class="notice error" role="alert" id="login-error">${error}</p>` : ""}
<form method="post" action="${consoleBase}/login" class="card stack"${error ? html` aria-describedby="login-error"` : ""}>
  ${csrfField(reply)}
  <label for="email">${t("console-login-email")}</label>
  <input id="email" name="email" type="email" autocomplete="username" required autofocus value="${email}">
  <label for="password">${t("console-login-password")}</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required>
  <button type="submit" class="primary">${t("console-login-submit")}</button>
</form>`,
      });
    };

    app.get(`${consoleBase}/login`, { config: { public: true } }, async (request, reply) => {
      if (request.consoleUser) return reply.redirect(homeOf[request.consoleUser.role]);
      return form(request, reply);
    });

    app.post(
      `${consoleBase}/login`,
      {
        config: {
          public: true,
          // Per address and account: a contact centre signs many operators in from one NAT address.
          rateLimit: {
            max: 10,
            timeWindow: "1 minute",
            hook: "preHandler",
            keyGenerator: (request) => {
              const email = (request.body as { email?: unknown } | undefined)?.email;
              return `${request.ip}|${typeof email === "string" ? email.trim().toLowerCase() : ""}`;
            },
          },
        },
      },
      async (request, reply) => {
        const parsed = loginSchema.safeParse(request.body);
        const email = parsed.success ? parsed.data.email : "";
        const user = parsed.success
          ? await ctx.users.authenticate(email, parsed.data.password)
          : undefined;
        ctx.metrics.consoleLogins.inc({ outcome: user ? "ok" : "refused" });
        if (!user) return form(request, reply, ctx.t(request.lang)("console-login-failed"), email);
        const lang = request.lang;
        // A new session id on sign-in, so that a planted cookie cannot ride on the login.
        await request.session.regenerate();
        request.session.userId = user.id;
        request.session.lang = lang;
        return reply.redirect(homeOf[user.role]);
      },
    );

    app.post(
      `${consoleBase}/logout`,
      { config: { roles: ["operator", "school_admin", "admin"] } },
      async (request, reply) => {
        const lang = request.lang;
        await request.session.destroy();
        return reply.redirect(`${consoleBase}/login?lang=${lang}`);
      },
    );

    app.get(
      consoleBase,
      { config: { roles: ["operator", "school_admin", "admin"] } },
      async (request, reply) => reply.redirect(homeOf[request.consoleUser?.role ?? "operator"]),
    );
  },
};
