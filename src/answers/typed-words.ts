/** Lower case, `ё` as `е`, letters and digits only: the words as a parent typed them. */
export function typedWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/ё/g, "е")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== "");
}

// Short cue words ("бот", "не", "где") must be the whole word; longer ones may be the start of an
// inflected word ("спасибо" in "спасибочки", "ответ" in "ответили").
const matches = (cue: string, word: string) =>
  cue.length >= 4 ? word.startsWith(cue) : word === cue;

/**
 * Finds cue phrases in a message on the words as typed. The search analyser drops stop words
 * ("не", "куда", greetings), which is right for search and wrong for "не ответили" or
 * "здравствуйте"; these cues are matched here instead.
 */
export class TypedPhraseMatcher<Owner> {
  private readonly phrases: { words: string[]; owner: Owner }[] = [];

  add(text: string, owner: Owner): void {
    const words = typedWords(text);
    if (words.length > 0) this.phrases.push({ words, owner });
  }

  /** Each owner found, with the positions (in `typedWords(text)`) its phrases cover. */
  match(typed: readonly string[]): Map<Owner, Set<number>> {
    const found = new Map<Owner, Set<number>>();
    for (const phrase of this.phrases)
      for (let start = 0; start + phrase.words.length <= typed.length; start++) {
        if (!phrase.words.every((w, i) => matches(w, typed[start + i] as string))) continue;
        const covered = found.get(phrase.owner) ?? new Set<number>();
        for (let i = 0; i < phrase.words.length; i++) covered.add(start + i);
        found.set(phrase.owner, covered);
      }
    return found;
  }
}
