import { answerMessages } from "../../src/answers/messages.ts";
import { createTranslate } from "../../src/broadcasts/message.ts";
import { createI18n } from "../../src/i18n.ts";

/**
 * The checkout's `locales/`, loaded once per test worker (its files share it: `isolate: false`)
 * as the app loads them once (`deps.i18n`) and passes them down; for answer services and
 * broadcast workers built outside an app.
 */
export const testI18n = createI18n("locales");

/** The answers' messages over {@link testI18n}, as `createCatalogueHolder` builds them. */
export const testAnswerMessages = answerMessages(testI18n);

/** The broadcasts' `t(language, key)` over {@link testI18n}, as the workers build it. */
export const testTranslate = createTranslate(testI18n);
