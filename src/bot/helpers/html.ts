/** The one HTML escaper (`src/infra/html.ts`), where the bot's features look for it. */
export { escapeHtml } from "../../infra/html.ts";
