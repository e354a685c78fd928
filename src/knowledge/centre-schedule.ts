import { z } from "zod";
import { localizedTextSchema, timeOfDaySchema } from "./schemas.ts";

/**
 * `knowledge/calendar/contact-centre.yaml`: when 1414 operators take conversations handed over
 * from the bot. The centre sets it itself (it is configuration, not a legal fact, so it carries
 * a `source` of kind `configuration` instead of citations); holidays come from `holidays.yaml`.
 */
export const centreScheduleSchema = z
  .object({
    /** IANA zone; all of Kazakhstan is on UTC+5 since 2024. */
    timezone: z.literal("Asia/Almaty"),
    /** ISO weekdays the operators work (1 = Monday … 7 = Sunday), before holidays. */
    weekdays: z.array(z.number().int().min(1).max(7)).min(1),
    /** Operators' hours on a working day, local time; `end` is exclusive. */
    hours: z.object({ start: timeOfDaySchema, end: timeOfDaySchema }),
    /** Where the schedule comes from: the centre's own configuration, in both languages. */
    source: z.object({ kind: z.literal("configuration"), note: localizedTextSchema }),
  })
  .refine((s) => s.hours.start < s.hours.end, {
    message: "hours.start must be before hours.end",
    path: ["hours"],
  });
export type CentreSchedule = z.infer<typeof centreScheduleSchema>;
