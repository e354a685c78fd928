import type { Db } from "../db/database.ts";
import type { KnowledgeTaskStatus, KnowledgeTaskTable } from "../db/tables/analytics.ts";
import type { SynonymAddition } from "../knowledge/synonym-additions.ts";
import { scrubPii } from "../privacy/pii.ts";

export type KnowledgeTask = Omit<KnowledgeTaskTable, "id"> & { id: number };

const clean = (text: string, max: number) =>
  scrubPii(text).replace(/\s+/g, " ").trim().slice(0, max);

/**
 * Knowledge tasks made from questions without a good answer: a phrasing proposed for a synonym
 * group (live once approved: `approvedPhrasings` feeds the catalogue snapshot), or a note that
 * the catalogue lacks a fact (open until a knowledge editor marks it done). Texts are scrubbed.
 */
export function createKnowledgeTasks(db: Db, now: () => Date = () => new Date()) {
  const insert = (
    values: Omit<KnowledgeTaskTable, "id" | "status" | "created_at" | "decided_by" | "decided_at">,
  ) =>
    db
      .insertInto("knowledge_task")
      .values({
        ...values,
        status: "open",
        created_at: now().toISOString(),
        decided_by: null,
        decided_at: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
      .then((row) => Number(row.id));
  return {
    proposePhrasing(task: {
      question: string;
      language: string;
      group: string;
      phrasing: string;
      userId: number;
    }): Promise<number> {
      return insert({
        kind: "phrasing",
        question: clean(task.question, 300),
        language: task.language,
        synonym_group: task.group,
        phrasing: clean(task.phrasing, 100),
        note: null,
        created_by: task.userId,
      });
    },
    noteMissingFact(task: {
      question: string;
      language: string;
      note: string;
      userId: number;
    }): Promise<number> {
      return insert({
        kind: "missing_fact",
        question: clean(task.question, 300),
        language: task.language,
        synonym_group: null,
        phrasing: null,
        note: clean(task.note, 2000),
        created_by: task.userId,
      });
    },
    async list(limit = 200): Promise<KnowledgeTask[]> {
      const rows = await db
        .selectFrom("knowledge_task")
        .selectAll()
        .orderBy("id", "desc")
        .limit(limit)
        .execute();
      return rows.map((row) => ({ ...row, id: Number(row.id) }));
    },
    async get(id: number): Promise<KnowledgeTask | undefined> {
      const row = await db
        .selectFrom("knowledge_task")
        .selectAll()
        .where("id", "=", id)
        .executeTakeFirst();
      return row ? { ...row, id: Number(row.id) } : undefined;
    },
    /** Approve or reject a phrasing, or mark a missing fact done; only an open task changes. */
    async decide(
      id: number,
      status: Exclude<KnowledgeTaskStatus, "open">,
      userId: number,
    ): Promise<boolean> {
      const result = await db
        .updateTable("knowledge_task")
        .set({ status, decided_by: userId, decided_at: now().toISOString() })
        .where("id", "=", id)
        .where("status", "=", "open")
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}

export type KnowledgeTasks = ReturnType<typeof createKnowledgeTasks>;

/** The approved phrasings, oldest first: what the catalogue snapshot adds to its synonyms. */
export async function approvedPhrasings(db: Db): Promise<SynonymAddition[]> {
  const rows = await db
    .selectFrom("knowledge_task")
    .select(["synonym_group", "phrasing"])
    .where("kind", "=", "phrasing")
    .where("status", "=", "approved")
    .orderBy("id")
    .execute();
  return rows.flatMap((row) =>
    row.synonym_group && row.phrasing ? [{ group: row.synonym_group, term: row.phrasing }] : [],
  );
}
