import { analyse } from "../search/analyse.ts";
import type { AnalysedQuery, PassageIndex } from "../search/index.ts";
import { isFrequentWord } from "./language.ts";

/**
 * Words of a question that the corpus does not know (after typo correction) and that no cue
 * explains: not a service cue, not an intent cue ("сколько", "қашан"), not a frequent word of
 * either language ("какие", "нужны", which the formal texts never use). "загранпаспорт",
 * "ипотека", "сочинение" are such words. A question with one of them is about something Qoldau
 * does not cover, so it is sent to 1414 rather than asked "which service?"; a question mostly
 * made of them is out of scope even when a single generic cue ("класс") names a service.
 */
export function foreignWords(
  question: string,
  query: AnalysedQuery,
  index: PassageIndex,
  explained: ReadonlySet<number>,
): number {
  // `query.typed` has one entry per analysed token of the question, in order.
  const tokens = analyse(question);
  let count = 0;
  query.typed.forEach((word, position) => {
    if (explained.has(position) || isFrequentWord(tokens[position]?.token ?? "")) return;
    if (index.knows(word.stem) || (word.prefix !== null && index.knows(word.prefix))) return;
    count += 1;
  });
  return count;
}
