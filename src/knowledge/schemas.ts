/**
 * Zod schemas of the knowledge catalogue (`knowledge/`). They are the contract people edit:
 * every YAML file under `knowledge/` is parsed by one of these when the catalogue loads.
 * Every fact carries `citations` (a non-empty list of {@link citationSchema}) so that an answer
 * can say where it comes from.
 */
export * from "./schemas/admission-window.ts";
export * from "./schemas/calendar.ts";
export * from "./schemas/common.ts";
export * from "./schemas/document-template.ts";
export * from "./schemas/organisations.ts";
export * from "./schemas/service.ts";
export * from "./schemas/source.ts";
