import { wordLists } from "../knowledge/words.ts";
import { foldToken, type TokenSpan, tokenise } from "./normalise.ts";

/**
 * Light stemmer for folded Kazakh and Russian tokens. Kazakh stacks suffixes (бала-лар-ды-ң), so
 * endings are stripped repeatedly; Russian inflections are stripped once they end a token. Both
 * lists are in the folded alphabet (і/ы → и, қ → к, ...). Over-stripping is tolerable because the
 * same stemmer runs on passages and queries.
 */
const suffixes = [
  // Kazakh plural, case and possessive endings (folded)
  "лардин",
  "лердин",
  "тардин",
  "тердин",
  "дардин",
  "дердин",
  "лари",
  "лери",
  "тари",
  "тери",
  "дари",
  "дери",
  "лар",
  "лер",
  "тар",
  "тер",
  "дар",
  "дер",
  "нин",
  "дин",
  "тин",
  "нан",
  "нен",
  "дан",
  "ден",
  "тан",
  "тен",
  "нда",
  "нде",
  "га",
  "ге",
  "ка",
  "ке",
  "на",
  "не",
  "да",
  "де",
  "та",
  "те",
  "ни",
  "ди",
  "ти",
  "си",
  "миз",
  "низ",
  // Russian inflections (folded: ы → и, й → и, э → е)
  "иями",
  "ями",
  "ами",
  "ого",
  "его",
  "ому",
  "ему",
  "иях",
  "ах",
  "ях",
  "ам",
  "ям",
  "ов",
  "ев",
  "ом",
  "ем",
  "ои",
  "еи",
  "ии",
  "ия",
  "ие",
  "ию",
  "ая",
  "яя",
  "ое",
  "ее",
  "ую",
  "юю",
  "ти",
  "а",
  "я",
  "и",
  "е",
  "у",
  "ю",
  "о",
];

const sortedSuffixes = [...new Set(suffixes)].sort((a, b) => b.length - a.length);

const minStem = 3;
const maxStem = 7;

/** Returns the stem of one folded token; numbers and short tokens are kept whole. */
export function stem(token: string): string {
  if (/^\p{N}+$/u.test(token)) return token;
  let current = token;
  for (let round = 0; round < 2; round += 1) {
    const suffix = sortedSuffixes.find(
      (candidate) => current.endsWith(candidate) && current.length - candidate.length >= minStem,
    );
    if (!suffix) break;
    current = current.slice(0, current.length - suffix.length);
  }
  return current.length > maxStem ? current.slice(0, maxStem) : current;
}

// Function words of both languages (folded) that carry no topic (`knowledge/words.yaml`).
const stopwords = new Set([...wordLists.stopwords, ...wordLists.questionParticles].map(foldToken));

/**
 * Second key per token: a prefix of the folded word ("#" + 3 letters for short words, 5 for
 * longer). It catches the forms the stemmer splits apart (күн/күні, қорытынды/қорытындысы).
 */
export function prefixKey(token: string): string | null {
  if (/^\p{N}+$/u.test(token) || token.length < 3) return null;
  return `#${token.slice(0, token.length <= 4 ? 3 : 5)}`;
}

export type AnalysedToken = TokenSpan & { stem: string; prefix: string | null };

const keyCache = new Map<string, { stem: string; prefix: string | null } | null>();

function keysOf(token: string): { stem: string; prefix: string | null } | null {
  let keys = keyCache.get(token);
  if (keys === undefined) {
    keys = stopwords.has(token) ? null : { stem: stem(token), prefix: prefixKey(token) };
    if (keyCache.size >= 200_000) keyCache.clear();
    keyCache.set(token, keys);
  }
  return keys;
}

/** Tokenises, folds and stems text, dropping stopwords; offsets point into the original text. */
export function analyse(text: string): AnalysedToken[] {
  const out: AnalysedToken[] = [];
  for (const span of tokenise(text)) {
    const keys = keysOf(span.token);
    if (keys) out.push({ ...span, stem: keys.stem, prefix: keys.prefix });
  }
  return out;
}

const rawKeyCache = new Map<string, string[]>();
const wordPattern = /[\p{L}\p{N}'’`ʼ]+/gu;

/**
 * Index keys (stems and prefix keys) of a text, without offsets: the fast path for building the
 * index, cached per written word.
 */
export function indexKeys(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(wordPattern)) {
    const word = match[0];
    let keys = rawKeyCache.get(word);
    if (keys === undefined) {
      keys = [];
      for (const token of analyse(word)) {
        keys.push(token.stem);
        if (token.prefix) keys.push(token.prefix);
      }
      if (rawKeyCache.size >= 200_000) rawKeyCache.clear();
      rawKeyCache.set(word, keys);
    }
    for (const key of keys) out.push(key);
  }
  return out;
}

/** Stems of a text, in order, stopwords removed. */
export function stems(text: string): string[] {
  return analyse(text).map((token) => token.stem);
}
