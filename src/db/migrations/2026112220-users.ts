import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("users")
    .addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
    .addColumn("email", "text", (col) => col.notNull().unique())
    .addColumn("password_hash", "text", (col) => col.notNull())
    .addColumn("role", "text", (col) =>
      col.notNull().check(sql`role in ('operator', 'school_admin', 'admin')`),
    )
    .addColumn("provider_id", "text")
    .addColumn("display_name", "text")
    .addColumn("disabled", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("last_login_at", "text")
    .addCheckConstraint(
      "users_school_admin_has_provider",
      sql`role <> 'school_admin' or provider_id is not null`,
    )
    .execute();

  await db.schema
    .createTable("console_flag")
    .addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
    .addColumn("kind", "text", (col) => col.notNull().check(sql`kind in ('wrong', 'missing')`))
    .addColumn("query", "text", (col) => col.notNull())
    .addColumn("lang", "text", (col) => col.notNull())
    .addColumn("answer_ref", "text")
    .addColumn("comment", "text", (col) => col.notNull())
    .addColumn("created_by", "integer", (col) => col.notNull().references("users.id"))
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("resolved_at", "text")
    .addColumn("resolved_by", "integer", (col) => col.references("users.id"))
    .execute();

  await db.schema
    .createTable("console_audit")
    .addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
    .addColumn("user_id", "integer", (col) => col.notNull().references("users.id"))
    .addColumn("action", "text", (col) => col.notNull())
    .addColumn("subject", "text", (col) => col.notNull())
    .addColumn("detail", "text")
    .addColumn("at", "text", (col) => col.notNull())
    .execute();
  await db.schema.createIndex("console_audit_at").on("console_audit").column("at").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("console_audit").execute();
  await db.schema.dropTable("console_flag").execute();
  await db.schema.dropTable("users").execute();
}
