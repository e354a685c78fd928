/**
 * Folding of Kazakh and Russian text into one comparable alphabet, so that a query typed on a
 * Russian keyboard ("кужат"), in Kazakh Latin ("qujat") or with mixed-script lookalikes matches
 * the Cyrillic sources ("құжат"). The fold is lossy on purpose and is applied identically to
 * passages and queries.
 */

const cyrillicFold: Record<string, string> = {
  ә: "а",
  ғ: "г",
  қ: "к",
  ң: "н",
  ө: "о",
  ұ: "у",
  ү: "у",
  һ: "х",
  і: "и",
  ы: "и",
  й: "и",
  ё: "е",
  э: "е",
  ь: "",
  ъ: "",
};

// Latin letters that look like Cyrillic ones; used inside tokens that mix both scripts.
const lookalikes: Record<string, string> = {
  a: "а",
  b: "в",
  c: "с",
  e: "е",
  h: "н",
  i: "и",
  k: "к",
  m: "м",
  o: "о",
  p: "р",
  t: "т",
  x: "х",
  y: "у",
};

// Kazakh in Latin script: the 2021 alphabet, the 2018 apostrophe variant and informal chat spelling.
const latinDigraphs: Array<[string, string]> = [
  ["sh", "ш"],
  ["ch", "ч"],
  ["zh", "ж"],
  ["kh", "х"],
  ["gh", "г"],
  ["ts", "ц"],
  ["ya", "я"],
  ["yu", "ю"],
  ["ng", "н"],
];

const latinSingle: Record<string, string> = {
  a: "а",
  ä: "а",
  b: "б",
  c: "с",
  ç: "ч",
  d: "д",
  e: "е",
  f: "ф",
  g: "г",
  ğ: "г",
  h: "х",
  ı: "и",
  i: "и",
  j: "ж",
  k: "к",
  l: "л",
  m: "м",
  n: "н",
  ñ: "н",
  o: "о",
  ö: "о",
  p: "п",
  q: "к",
  r: "р",
  s: "с",
  ş: "ш",
  t: "т",
  u: "у",
  ū: "у",
  ü: "у",
  v: "в",
  w: "у",
  x: "х",
  y: "и",
  z: "з",
};

const hasLatin = /[a-zäçğıñöşūü]/;
const hasCyrillic = /[а-яёәғқңөұүһі]/;

function foldCyrillic(token: string): string {
  let out = "";
  for (const ch of token) out += cyrillicFold[ch] ?? ch;
  return out;
}

function transliterateLatin(token: string): string {
  let out = "";
  let i = 0;
  while (i < token.length) {
    const pair = token.slice(i, i + 2);
    const digraph = latinDigraphs.find(([latin]) => latin === pair);
    if (digraph) {
      out += digraph[1];
      i += 2;
      continue;
    }
    const ch = token[i] ?? "";
    out += latinSingle[ch] ?? ch;
    i += 1;
  }
  return out;
}

/** Lower-cases, unifies Kazakh letters with their Russian-keyboard substitutes and Latin script. */
export function foldToken(raw: string): string {
  const token = raw
    .normalize("NFC")
    .toLowerCase()
    .replace(/['’`ʼ]/g, "");
  if (hasLatin.test(token)) {
    if (hasCyrillic.test(token)) {
      let mixed = "";
      for (const ch of token) mixed += lookalikes[ch] ?? ch;
      return foldCyrillic(mixed);
    }
    return foldCyrillic(transliterateLatin(token));
  }
  return foldCyrillic(token);
}

export type TokenSpan = { token: string; start: number; end: number };

const tokenPattern = /[\p{L}\p{N}'’`ʼ]+/gu;

type WordPart = { token: string; start: number; end: number };

// Words repeat a lot across passages and queries; folding each spelling once keeps indexing fast.
const wordCache = new Map<string, WordPart[]>();
const wordCacheLimit = 200_000;

function foldWord(word: string): WordPart[] {
  const cached = wordCache.get(word);
  if (cached) return cached;
  const parts: WordPart[] = [];
  // Digits glued to letters ("2жұмыс", "15мин") are split so that numbers stay searchable.
  for (const part of word.matchAll(/\p{N}+|[^\p{N}]+/gu)) {
    const token = foldToken(part[0]);
    if (token.length === 0) continue;
    const start = part.index ?? 0;
    parts.push({ token, start, end: start + part[0].length });
  }
  if (wordCache.size >= wordCacheLimit) wordCache.clear();
  wordCache.set(word, parts);
  return parts;
}

/** Splits text into folded tokens, keeping the character offsets of the original words. */
export function tokenise(text: string): TokenSpan[] {
  const spans: TokenSpan[] = [];
  for (const match of text.matchAll(tokenPattern)) {
    const start = match.index ?? 0;
    for (const part of foldWord(match[0]))
      spans.push({ token: part.token, start: start + part.start, end: start + part.end });
  }
  return spans;
}

/** Folded text: tokens joined by single spaces (for substring checks on facts). */
export function foldText(text: string): string {
  return tokenise(text)
    .map((span) => span.token)
    .join(" ");
}
