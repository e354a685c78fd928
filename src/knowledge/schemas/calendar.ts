import { z } from "zod";
import {
  citationsSchema,
  factSchema,
  isoDateSchema,
  localizedTextSchema,
  timeOfDaySchema,
} from "./common.ts";

/** Kind of public holiday. Religious holidays are not moved when they fall on a weekend. */
export const holidayKindSchema = z.enum(["national", "state", "religious"]);

/** A public holiday: fixed (`month`+`day`, every year) or movable (`dates` per year). */
export const holidaySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9_-]+$/),
    name: localizedTextSchema,
    kind: holidayKindSchema,
    /** For fixed holidays: month 1–12 and day. */
    month: z.number().int().min(1).max(12).optional(),
    day: z.number().int().min(1).max(31).optional(),
    /** For movable holidays (Kurban ait): the exact dates, by year. */
    dates: z.array(isoDateSchema).optional(),
    citations: citationsSchema,
  })
  .refine((h) => (h.month !== undefined && h.day !== undefined) || (h.dates?.length ?? 0) > 0, {
    message: "a holiday needs month and day, or dates",
  });
export type Holiday = z.infer<typeof holidaySchema>;

/** A day moved by a government resolution (day off ↔ working day). */
export const transferSchema = z.object({
  date: isoDateSchema,
  /** `day_off`: this (working) day becomes a day off; `working_day`: this weekend day is worked. */
  becomes: z.enum(["day_off", "working_day"]),
  reason: localizedTextSchema,
  /** Unverified transfers are recorded but ignored by the calendar functions. */
  verified: z.boolean(),
  note: z.string().optional(),
  citations: citationsSchema,
});
export type Transfer = z.infer<typeof transferSchema>;

/** `knowledge/calendar/holidays.yaml`. */
export const calendarSchema = z.object({
  /** Years this file is known to cover (deadlines outside them are less certain). */
  years: z.array(z.number().int()).min(1),
  holidays: z.array(holidaySchema).min(1),
  /**
   * Rule: when a holiday that is not religious falls on a Saturday or Sunday, the next working
   * day is a day off (Law "On holidays", art. 5). Applied by the calendar functions.
   */
  weekendRule: z.object({
    enabled: z.boolean(),
    excludeKinds: z.array(holidayKindSchema).default(["religious"]),
    text: localizedTextSchema,
    citations: citationsSchema,
  }),
  transfers: z.array(transferSchema).default([]),
});
export type Calendar = z.infer<typeof calendarSchema>;

/** A start–end time span in local time. */
export const timeSpanSchema = z.object({ start: timeOfDaySchema, end: timeOfDaySchema });
export type TimeSpan = z.infer<typeof timeSpanSchema>;

/** `knowledge/calendar/working-hours.yaml`: providers' hours, in `timezone`. */
export const workingHoursSchema = z.object({
  /** IANA zone; Kazakhstan is a single UTC+5 zone since 2024. */
  timezone: z.literal("Asia/Almaty"),
  /** Fixed UTC offset used for calculations, e.g. "+05:00". */
  utcOffset: z.string().regex(/^[+-]\d{2}:\d{2}$/),
  /** ISO weekdays that are working days (1 = Monday … 7 = Sunday). */
  weekdays: z.array(z.number().int().min(1).max(7)).min(1),
  /** Office hours. */
  office: timeSpanSchema,
  /** Lunch break (closed). */
  lunch: timeSpanSchema,
  /** When applications are accepted and results issued. */
  reception: timeSpanSchema,
  /** The portal accepts applications round the clock; off-hours ones count from the next working day. */
  portal: factSchema,
  citations: citationsSchema,
});
export type WorkingHours = z.infer<typeof workingHoursSchema>;
