import type { Language } from "../i18n.ts";
import { wordLists } from "../knowledge/words.ts";
import { foldToken } from "../search/normalise.ts";

const kazakhLetters = /[әғқңөұүһі]/i;

// Frequent words that give the language away when no Kazakh letter is typed (folded spelling).
const kazakhWords = new Set(
  [...wordLists.languageCues.kk, ...wordLists.questionParticles].map(foldToken),
);
const russianWords = new Set(wordLists.languageCues.ru.map(foldToken));

/** Whether a folded word is one of the frequent words that tell the languages apart ("нужны"). */
export function isFrequentWord(folded: string): boolean {
  return kazakhWords.has(folded) || russianWords.has(folded);
}

/** Kazakh or Russian, from letters and frequent words; Kazakh wins ties (Kazakh first). */
export function detectLanguage(text: string): Language {
  if (kazakhLetters.test(text)) {
    const kk = (text.match(/[әғқңөұүһі]/gi) ?? []).length;
    if (kk >= 1) return "kk";
  }
  let kk = 0;
  let ru = 0;
  for (const word of text.toLowerCase().split(/[^\p{L}]+/u)) {
    if (!word) continue;
    const folded = foldToken(word);
    if (kazakhWords.has(folded)) kk += 1;
    if (russianWords.has(folded)) ru += 1;
    // Russian-only letters and endings (not ы: Kazakh has it too, and uses it on any keyboard).
    if (/[щъэ]/.test(word) || /(ого|его|ться|ть|ешь|ются|ение|ния|ом)$/.test(word)) ru += 0.5;
    // Kazakh personal endings (-мыз/-міз, -ңыз/-ңіз, -сыз/-сіз), on any keyboard or in Latin letters.
    if (folded.length > 4 && /(миз|низ|сиз)$/.test(folded)) kk += 0.5;
  }
  return kk >= ru && kk > 0 ? "kk" : "ru";
}
