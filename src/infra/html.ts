const escapes: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escapes text for HTML: the console's pages and Telegram's HTML parse mode alike (Telegram
 * accepts `&quot;` and numeric entities). Quotes are escaped too, so the same text is safe
 * inside an attribute such as `href="…"`.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => escapes[char] ?? char);
}
