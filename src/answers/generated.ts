import type { SearchHit } from "../search/passage.ts";
import { inlineCitation, renderCitation } from "../search/passages.ts";
import type { AnswerContext } from "./context.ts";
import type { Answer } from "./types.ts";

/** Passages for the model: fused lexical+dense when embeddings are configured. */
async function generationHits(
  ctx: AnswerContext,
  question: string,
  extractive: Answer,
): Promise<SearchHit[]> {
  if (!ctx.hasEmbeddings)
    return ctx.index.search(question, { limit: 6, preferService: extractive.service });
  const docs = await (await ctx.loadRetriever()).invoke(question);
  return docs.flatMap((doc) => {
    const passage = ctx.passageById.get(doc.metadata.id);
    return passage
      ? [
          {
            passage,
            score: doc.metadata.score,
            matchedTerms: doc.metadata.matchedTerms,
            highlights: doc.metadata.highlights,
          },
        ]
      : [];
  });
}

/**
 * The generated answer for a service answer, or the extractive one when there is no model, the
 * answer is a refusal, a repealed notice or no service, or generation fails in any way.
 */
export async function answerGenerated(
  ctx: AnswerContext,
  question: string,
  extractive: Answer,
): Promise<Answer> {
  const { generator, catalogue } = ctx;
  if (!generator || extractive.outOfScope || extractive.repealed || extractive.service === null)
    return extractive;
  try {
    const hits = await generationHits(ctx, question, extractive);
    const generated = await generator.generate(question, extractive, hits);
    const refOf = (n: number) => generated.passages[n - 1];
    const text = generated.text.replace(/\s*\[(\d+)\]/g, (_, n: string) => {
      const passage = refOf(Number(n));
      const ref = passage?.refs[0];
      return ref ? ` [${inlineCitation(catalogue, ref, extractive.lang)}]` : "";
    });
    const citations = generated.cited.flatMap((n) => {
      const passage = refOf(n);
      const ref = passage?.refs[0];
      return passage && ref
        ? [renderCitation(catalogue, ref, extractive.lang, passage.status)]
        : [];
    });
    return { ...extractive, answer: text, citations, mode: "generated" };
  } catch (error) {
    ctx.logger.warn(
      { err: error instanceof Error ? error.message : String(error) },
      "answers: generation failed, extractive fallback",
    );
    return extractive;
  }
}
