import { z } from "zod";
import { formatStoredDateTime } from "../../time/local-time.ts";
import { UnknownProviderError, UserExistsError } from "../../users/repository.ts";
import { roles } from "../../users/roles.ts";
import { userOf } from "../context.ts";
import { html, type SafeHtml } from "../html.ts";
import { consoleBase, csrfField } from "../layout.ts";
import type { ConsolePage } from "./page.ts";

const path = `${consoleBase}/admin/users`;

const createSchema = z.object({
  email: z.string().trim(),
  password: z.string(),
  role: z.enum(roles),
  providerId: z.string().trim().optional(),
  displayName: z.string().trim().optional(),
});
const updateSchema = z.object({
  role: z.enum(roles),
  providerId: z.string().trim().optional(),
  disabled: z.literal("on").optional(),
});

export const usersPage: ConsolePage = {
  id: "users",
  nav: { path, labelKey: "console-nav-users", roles: ["admin"] },
  register(app, ctx) {
    const providers = async () => {
      try {
        return await ctx.deps.db
          .selectFrom("provider")
          .select(["id", "name_kk", "name_ru"])
          .orderBy("id")
          .execute();
      } catch {
        return [];
      }
    };

    const show = async (
      request: Parameters<typeof ctx.render>[0],
      reply: Parameters<typeof ctx.render>[1],
      message?: { kind: "ok" | "error"; text: string },
    ) => {
      const t = ctx.t(request.lang);
      const [list, providerList] = await Promise.all([ctx.users.list(), providers()]);
      const locked = await ctx.loginThrottle.lockedAmong(list.map((user) => user.email));
      const providerName = (id: string | null) => {
        const provider = providerList.find((p) => p.id === id);
        return provider
          ? request.lang === "kk"
            ? provider.name_kk
            : provider.name_ru
          : (id ?? "");
      };
      const roleOptions = (selected: string) =>
        roles.map(
          (role) =>
            html`<option value="${role}"${role === selected ? html` selected` : ""}>${t(`console-role-${role}`)}</option>`,
        );
      const providerField = (id: string, selected: string | null): SafeHtml =>
        providerList.length > 0
          ? html`<select id="${id}" name="providerId"><option value="">—</option>${providerList.map(
              (p) =>
                html`<option value="${p.id}"${p.id === selected ? html` selected` : ""}>${request.lang === "kk" ? p.name_kk : p.name_ru}</option>`,
            )}</select>`
          : html`<input id="${id}" name="providerId" value="${selected ?? ""}">`;
      return ctx.render(request, reply, {
        status: message?.kind === "error" ? 400 : 200,
        title: t("console-users-title"),
        active: path,
        body: html`${message ? html`<p class="notice ${message.kind}" role="${message.kind === "error" ? "alert" : "status"}">${message.text}</p>` : ""}
<div class="table-wrap"><table>
<caption>${t("console-users-caption", { count: list.length })}</caption>
<thead><tr><th scope="col">${t("console-users-email")}</th><th scope="col">${t("console-users-role")}</th><th scope="col">${t("console-users-provider")}</th><th scope="col">${t("console-users-last-login")}</th><th scope="col">${t("console-users-change")}</th></tr></thead>
<tbody>${list.map(
          (user) => html`<tr${user.disabled ? html` class="muted"` : ""}>
<td>${user.email}${user.disabled ? html` <span class="badge">${t("console-users-disabled")}</span>` : ""}${
            locked.has(user.email)
              ? html` <span class="badge overdue">${t("security-users-locked")}</span>
<form method="post" action="${path}/${user.id}/unlock" class="inline">${csrfField(reply)}<button type="submit">${t("security-users-unlock")}</button></form>`
              : ""
          }</td>
<td>${t(`console-role-${user.role}`)}</td>
<td>${providerName(user.providerId)}</td>
<td>${user.lastLoginAt ? formatStoredDateTime(user.lastLoginAt) : "—"}</td>
<td><form method="post" action="${path}/${user.id}" class="inline">${csrfField(reply)}
<label class="sr-only" for="role-${user.id}">${t("console-users-role")}</label>
<select id="role-${user.id}" name="role">${roleOptions(user.role)}</select>
<label class="sr-only" for="provider-${user.id}">${t("console-users-provider")}</label>
${providerField(`provider-${user.id}`, user.providerId)}
<label><input type="checkbox" name="disabled"${user.disabled ? html` checked` : ""}> ${t("console-users-disabled")}</label>
<button type="submit">${t("console-save")}</button></form></td>
</tr>`,
        )}</tbody></table></div>
<h2>${t("console-users-new")}</h2>
<form method="post" action="${path}" class="card stack">${csrfField(reply)}
<label for="new-email">${t("console-users-email")}</label><input id="new-email" name="email" type="email" required>
<label for="new-name">${t("console-users-name")}</label><input id="new-name" name="displayName" aria-describedby="new-name-hint">
<p class="hint" id="new-name-hint">${t("console-users-name-hint")}</p>
<label for="new-password">${t("console-users-password")}</label><input id="new-password" name="password" type="password" minlength="10" required autocomplete="new-password">
<label for="new-role">${t("console-users-role")}</label><select id="new-role" name="role">${roleOptions("operator")}</select>
<label for="new-provider">${t("console-users-provider")}</label>${providerField("new-provider", null)}
<p class="hint">${t("console-users-provider-hint")}</p>
<button type="submit" class="primary">${t("console-users-create")}</button>
</form>`,
      });
    };

    app.get(path, { config: { roles: ["admin"] } }, (request, reply) => show(request, reply));

    app.post(path, { config: { roles: ["admin"] } }, async (request, reply) => {
      const t = ctx.t(request.lang);
      const parsed = createSchema.safeParse(request.body);
      if (!parsed.success)
        return show(request, reply, { kind: "error", text: t("console-users-invalid") });
      try {
        const user = await ctx.users.create({
          email: parsed.data.email,
          password: parsed.data.password,
          role: parsed.data.role,
          providerId: parsed.data.providerId || null,
          displayName: parsed.data.displayName || null,
        });
        await ctx.audit.record(userOf(request).id, "user.create", `user:${user.id}`, {
          role: user.role,
        });
        return show(request, reply, {
          kind: "ok",
          text: t("console-users-created", { email: user.email }),
        });
      } catch (error) {
        const text =
          error instanceof UserExistsError
            ? t("console-users-exists")
            : error instanceof UnknownProviderError
              ? t("console-users-unknown-provider")
              : t("console-users-invalid");
        return show(request, reply, { kind: "error", text });
      }
    });

    app.post<{ Params: { id: string } }>(
      `${path}/:id/unlock`,
      { config: { roles: ["admin"] } },
      async (request, reply) => {
        const t = ctx.t(request.lang);
        const id = Number(request.params.id);
        const target = Number.isInteger(id) ? await ctx.users.findById(id) : undefined;
        if (!target)
          return show(request, reply, { kind: "error", text: t("console-users-invalid") });
        await ctx.loginThrottle.unlock(target.email);
        await ctx.audit.record(userOf(request).id, "user.unlock", `user:${target.id}`);
        return show(request, reply, {
          kind: "ok",
          text: t("security-users-unlocked", { email: target.email }),
        });
      },
    );

    app.post<{ Params: { id: string } }>(
      `${path}/:id`,
      { config: { roles: ["admin"] } },
      async (request, reply) => {
        const t = ctx.t(request.lang);
        const id = Number(request.params.id);
        const parsed = updateSchema.safeParse(request.body);
        const target = Number.isInteger(id) ? await ctx.users.findById(id) : undefined;
        if (!parsed.success || !target)
          return show(request, reply, { kind: "error", text: t("console-users-invalid") });
        const me = userOf(request);
        if (target.id === me.id && (parsed.data.role !== "admin" || parsed.data.disabled)) {
          return show(request, reply, { kind: "error", text: t("console-users-not-yourself") });
        }
        try {
          await ctx.users.update(id, {
            role: parsed.data.role,
            providerId: parsed.data.providerId || null,
            disabled: parsed.data.disabled === "on",
          });
        } catch {
          return show(request, reply, { kind: "error", text: t("console-users-invalid") });
        }
        await ctx.audit.record(me.id, "user.update", `user:${id}`, {
          role: parsed.data.role,
          disabled: parsed.data.disabled === "on",
        });
        return show(request, reply, {
          kind: "ok",
          text: t("console-users-saved", { email: target.email }),
        });
      },
    );
  },
};
