import { escapeHtml } from "../infra/html.ts";

/** HTML that is already escaped; only `html` and `raw` make one. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export { escapeHtml };

type Part = SafeHtml | string | number | boolean | null | undefined | Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return "";
  if (part instanceof SafeHtml) return part.value;
  if (Array.isArray(part)) return part.map(render).join("");
  return escapeHtml(String(part));
}

/** Tagged template that escapes every interpolated value unless it is SafeHtml. */
export function html(strings: TemplateStringsArray, ...values: Part[]): SafeHtml {
  let out = strings[0] ?? "";
  for (const [i, value] of values.entries()) out += render(value) + (strings[i + 1] ?? "");
  return new SafeHtml(out);
}

/** Trusted markup, e.g. highlights built from escaped text. */
export function raw(value: string): SafeHtml {
  return new SafeHtml(value);
}

/** Wraps the [start, end) ranges of `text` in <mark>, escaping everything else. */
export function highlight(
  text: string,
  ranges: readonly { start: number; end: number }[],
): SafeHtml {
  const sorted = [...ranges].filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
  let out = "";
  let at = 0;
  for (const range of sorted) {
    const start = Math.max(range.start, at);
    if (range.end <= start) continue;
    out += escapeHtml(text.slice(at, start));
    out += `<mark>${escapeHtml(text.slice(start, range.end))}</mark>`;
    at = range.end;
  }
  return new SafeHtml(out + escapeHtml(text.slice(at)));
}
