import { z } from "zod";

/**
 * What a parent follows a school for. The first two match the admission kinds in
 * `knowledge/admission-windows.yaml`, so automatic window reminders reach them.
 */
export const gradesOfInterest = ["first_grade", "special_admission", "other"] as const;
export const gradeSchema = z.enum(gradesOfInterest);
export type GradeOfInterest = z.infer<typeof gradeSchema>;

export function isGradeOfInterest(value: unknown): value is GradeOfInterest {
  return gradeSchema.safeParse(value).success;
}
