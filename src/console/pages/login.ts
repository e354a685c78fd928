import { z } from "zod";
import { isLoopbackRequest } from "../../infra/loopback.ts";
import { loadDemoAccounts } from "../../users/demo-accounts.ts";
import type { Role } from "../../users/roles.ts";
import { userOf } from "../context.ts";
import { html } from "../html.ts";
import { consoleBase, csrfField } from "../layout.ts";
import { type LoginFailureReason, recordLoginFailure } from "../login-throttle.ts";
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
    // Demo mode on this computer only: the accounts of each role, so nobody reads the source.
    const demoAccounts = ctx.deps.config.DEMO_DATA ? loadDemoAccounts() : [];
    const demoTable = (request: Parameters<typeof ctx.render>[0]) => {
      if (demoAccounts.length === 0 || !isLoopbackRequest(request)) return "";
      const t = ctx.t(request.lang);
      return html`<section class="card stack" aria-labelledby="demo-heading">
  <h2 id="demo-heading">${t("demo-accounts-heading")}</h2>
  <p>${t("demo-accounts-note")}</p>
  <table><thead><tr><th scope="col">${t("demo-accounts-role")}</th><th scope="col">${t("demo-accounts-email")}</th><th scope="col">${t("demo-accounts-password")}</th></tr></thead>
  <tbody>${demoAccounts.map((a) => html`<tr><td>${t(`console-role-${a.role}`)}</td><td><code>${a.email}</code></td><td><code>${a.password}</code></td></tr>`)}</tbody></table>
</section>`;
    };
    const form = (
      request: Parameters<typeof ctx.render>[0],
      reply: Parameters<typeof ctx.render>[1],
      error?: string,
      email = "",
      status = 401,
    ) => {
      const t = ctx.t(request.lang);
      return ctx.render(request, reply, {
        status: error ? status : 200,
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
</form>
${demoTable(request)}`,
      });
    };

    app.get(`${consoleBase}/login`, { config: { public: true } }, async (request, reply) => {
      if (request.consoleUser) return reply.redirect(homeOf[request.consoleUser.role]);
      return form(request, reply);
    });

    app.post(`${consoleBase}/login`, { config: { public: true } }, async (request, reply) => {
      const t = ctx.t(request.lang);
      const parsed = loginSchema.safeParse(request.body);
      const email = parsed.success ? parsed.data.email.toLowerCase() : "";
      const address = request.ip;
      // Counted before the password is checked: parallel guesses cannot overtake the count.
      const admitted = await ctx.loginThrottle.attempt(email, address);
      const fail = async (reason: LoginFailureReason) => {
        const account = email ? await ctx.users.findByEmail(email) : undefined;
        await recordLoginFailure(ctx.deps.db, {
          userId: account?.id ?? null,
          address,
          reason: reason === "wrong_password" && !account ? "unknown_account" : reason,
        });
        ctx.metrics.consoleLogins.inc({ outcome: "refused" });
      };
      if (!admitted.ok) {
        await fail(admitted.reason);
        reply.header("retry-after", String(admitted.retryAfterSeconds));
        const minutes = Math.ceil(admitted.retryAfterSeconds / 60);
        const message =
          admitted.reason === "account_locked"
            ? t("security-login-account-locked", { minutes })
            : t("security-login-address-limited", { minutes });
        return form(request, reply, message, email, 429);
      }
      const user = parsed.success
        ? await ctx.users.authenticate(email, parsed.data.password)
        : undefined;
      if (!user) {
        await fail("wrong_password");
        return form(request, reply, t("console-login-failed"), email);
      }
      ctx.metrics.consoleLogins.inc({ outcome: "ok" });
      await ctx.loginThrottle.succeeded(email, address);
      // A new session id on sign-in, so that a planted cookie cannot ride on the login.
      await request.session.regenerate();
      request.session.userId = user.id;
      return reply.redirect(homeOf[user.role]);
    });

    app.post(
      `${consoleBase}/logout`,
      { config: { roles: ["operator", "school_admin", "admin"] } },
      async (request, reply) => {
        const lang = request.lang;
        const user = userOf(request);
        // Signing out ends the shift: the bot must not tell parents an operator who left is online.
        if (
          user.role !== "school_admin" &&
          (await ctx.deps.handoff.presence.of(user.id)) === "online"
        )
          await ctx.deps.handoff.presence.set(user.id, "away");
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
