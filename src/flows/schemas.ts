import { z } from "zod";
import { localizedTextSchema, serviceIdSchema } from "../knowledge/schemas.ts";

/**
 * Zod schemas of the guided flows (`flows/*.yaml`): the contract people edit. A flow is a
 * directed acyclic graph of steps: questions with buttons (`choice`), typed answers (`input`)
 * and leaves that end on a service card (`service`). Texts are in both languages, Kazakh first.
 */

/** Step and option ids go into Telegram callback data (64 bytes), so they are short. */
export const stepIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,15}$/, "expected a short kebab-case id (at most 16 characters)");

/** A button of a `choice` step. */
export const optionSchema = z.object({
  id: stepIdSchema,
  label: localizedTextSchema,
  /** Step this button leads to. */
  next: stepIdSchema,
});
export type FlowOption = z.infer<typeof optionSchema>;

/** A question answered by pressing one of its buttons. */
export const choiceStepSchema = z.object({
  id: stepIdSchema,
  kind: z.literal("choice"),
  text: localizedTextSchema,
  options: z.array(optionSchema).min(1).max(8),
});

/** What a typed answer must look like. */
export const inputRuleSchema = z.discriminatedUnion("type", [
  /** A whole number in [min, max] (an age, a class). */
  z.object({ type: z.literal("integer"), min: z.number().int(), max: z.number().int() }),
  /** Free text of a bounded length. */
  z.object({
    type: z.literal("text"),
    minLength: z.number().int().min(1).default(1),
    maxLength: z.number().int().max(200).default(100),
  }),
]);
export type InputRule = z.infer<typeof inputRuleSchema>;

/** Where an integer answer leads: the first branch whose [min, max] holds it. */
export const branchSchema = z.object({
  min: z.number().int().optional(),
  max: z.number().int().optional(),
  next: stepIdSchema,
});

/** A question answered by typing. */
export const inputStepSchema = z.object({
  id: stepIdSchema,
  kind: z.literal("input"),
  text: localizedTextSchema,
  input: inputRuleSchema,
  /** Shown when the typed answer does not fit `input`. */
  invalid: localizedTextSchema,
  branches: z.array(branchSchema).default([]),
  /** Where any other valid answer leads. */
  next: stepIdSchema,
});

/** A leaf: shows a service card from the catalogue. */
export const serviceStepSchema = z.object({
  id: stepIdSchema,
  kind: z.literal("service"),
  /** Service id in `knowledge/services/`. */
  service: z.string().pipe(serviceIdSchema),
  /** Why this service, shown above the card (e.g. "first get the PMPK conclusion"). */
  note: localizedTextSchema.optional(),
});

export const stepSchema = z.discriminatedUnion("kind", [
  choiceStepSchema,
  inputStepSchema,
  serviceStepSchema,
]);
export type FlowStep = z.infer<typeof stepSchema>;
export type ChoiceStep = z.infer<typeof choiceStepSchema>;
export type InputStep = z.infer<typeof inputStepSchema>;
export type ServiceStep = z.infer<typeof serviceStepSchema>;

/** A flow file: `flows/<id>.yaml`. */
export const flowSchema = z.object({
  /** Must match the file name. */
  id: stepIdSchema,
  title: localizedTextSchema,
  /** Id of the first step. */
  start: stepIdSchema,
  steps: z.array(stepSchema).min(1),
});
export type FlowDefinition = z.infer<typeof flowSchema>;
