/**
 * Every inline button's `callback_data`, in one place: each feature owns one prefix, builds its
 * payloads with the functions here and matches them with the patterns here. Telegram allows 64
 * bytes; `tests/bot/callback-data.test.ts` checks that no two features share a prefix and that
 * the longest payload of each kind fits. Payloads carry ids only (a service, a section, a row
 * id), never a parent's words, so a button keeps working on an old message after a restart.
 */

/** The prefix of each feature; a new feature adds one line here. */
export const callbackPrefixes = {
  /** Main menu entries (`m:status`, `m:sub` are handled by the status and subscriptions features). */
  menu: "m:",
  /** Interface language. */
  language: "l:",
  /** Guided flows. */
  flow: "f:",
  /** Service cards and their sections. */
  card: "c:",
  /** The application form a parent fills in. */
  form: "d:",
  /** Helpful / not helpful under an answer. */
  feedback: "a:",
  /** A service picked after "which service do you mean?" (the aspect asked rides along). */
  topic: "q:",
  /** Application status (consent). */
  status: "st:",
  /** Reminder subscriptions. */
  subscriptions: "sub:",
  /** One-tap unsubscribe under a broadcast reminder. */
  reminder: "bcu:",
  /** Talking to a 1414 operator: consent, skip the question, end, rating. */
  handoff: "h:",
} as const;
export type CallbackFeature = keyof typeof callbackPrefixes;

const p = callbackPrefixes;

export const menuData = {
  home: `${p.menu}home`,
  flow: `${p.menu}flow`,
  ask: `${p.menu}ask`,
  status: `${p.menu}status`,
  subscribe: `${p.menu}sub`,
  services: `${p.menu}services`,
  language: `${p.menu}lang`,
  help: `${p.menu}help`,
  contact: `${p.menu}contact`,
  person: `${p.menu}person`,
} as const;

export const languageData = (lang: "kk" | "ru") => `${p.language}${lang}`;
export const languagePattern = /^l:(kk|ru)$/;

/** Card sections reachable by buttons: documents of channel N, egov steps, refusals, sources, guide. */
export type CardSection = `d${number}` | "e" | "r" | "s" | "g";

export const cardData = {
  card: (serviceId: string) => `${p.card}${serviceId}`,
  section: (serviceId: string, section: CardSection) => `${p.card}${serviceId}:${section}`,
  form: (serviceId: string) => `${p.form}${serviceId}`,
};
export const cardPattern = /^c:([a-z][a-z0-9_]*)$/;
export const cardSectionPattern = /^c:([a-z][a-z0-9_]*):(d\d|e|r|s|g)$/;
/** The document form's own buttons: cancel, skip, the kind of document, son or daughter. */
export const formData = {
  cancel: `${p.form}cancel`,
  skip: `${p.form}skip`,
  kind: (kind: "official" | "plain") => `${p.form}k:${kind}`,
  relation: (relation: "son" | "daughter") => `${p.form}r:${relation}`,
};
/** `d:<service>`: start the form (cancel and skip match it too, and are registered first). */
export const formPattern = /^d:([a-z][a-z0-9_]*)$/;
export const formChoicePattern = /^d:(k|r):([a-z]+)$/;

/** `f:<flow>:<version>:<step>:<option|<|^>`, at most 59 bytes with 16-character ids. */
export const flowData = (flowId: string, version: string, stepId: string, option: string) =>
  `${p.flow}${flowId}:${version}:${stepId}:${option}`;
export const flowPattern = /^f:([a-z0-9-]+):([0-9a-f]+):([a-z0-9-]+):([a-z0-9-]+|<|\^)$/;

export const feedbackData = (ref: string, helpful: boolean) =>
  `${p.feedback}${ref}:${helpful ? 1 : 0}`;
export const feedbackPattern = /^a:([A-Za-z0-9_-]{1,16}):([01])$/;

/** `q:<service>:<aspect or ->`. */
export const topicData = (serviceId: string, aspect?: string) =>
  `${p.topic}${serviceId}:${aspect ?? "-"}`;
export const topicPattern = /^q:([a-z][a-z0-9_]*):([a-z]+|-)$/;

export const statusData = { consentYes: `${p.status}cy`, consentNo: `${p.status}cn` } as const;

export const subscriptionData = {
  region: (regionId: string | number) => `${p.subscriptions}r:${regionId}`,
  school: (index: number) => `${p.subscriptions}p:${index}`,
  grade: (grade: string) => `${p.subscriptions}g:${grade}`,
  language: (lang: "kk" | "ru") => `${p.subscriptions}l:${lang}`,
  remove: (subscriptionId: number) => `${p.subscriptions}x:${subscriptionId}`,
};
export const subscriptionPatterns = {
  region: /^sub:r:(.+)$/,
  school: /^sub:p:(\d+)$/,
  grade: /^sub:g:(\w+)$/,
  language: /^sub:l:(kk|ru)$/,
  remove: /^sub:x:(\d+)$/,
} as const;

export const reminderData = (campaignId: number) => `${p.reminder}${campaignId}`;
export const reminderPattern = /^bcu:\d+$/;

/** The campaign id of a one-tap unsubscribe payload, or undefined. */
export function parseReminderData(data: string): number | undefined {
  if (!data.startsWith(p.reminder)) return undefined;
  const id = Number(data.slice(p.reminder.length));
  return Number.isInteger(id) && id > 0 ? id : undefined;
}

/** Talking to a person: consent to pass the context (yes / no), skip the question, end, rate. */
export const handoffData = {
  consent: (yes: boolean) => `${p.handoff}c:${yes ? "y" : "n"}`,
  skip: `${p.handoff}s`,
  end: `${p.handoff}e`,
  rate: (conversationId: number, stars: number) => `${p.handoff}r:${conversationId}:${stars}`,
  skipComment: `${p.handoff}k`,
} as const;
export const handoffPatterns = {
  consent: /^h:c:(y|n)$/,
  rate: /^h:r:(\d+):([1-5])$/,
} as const;
