/**
 * How a parent sees the operator: the first word of the display name (the first name), never
 * the surname; "№ <id>" when the operator has no display name.
 */
export function operatorFirstName(displayName: string | null, operatorId: number): string {
  const first = displayName
    ?.trim()
    .split(/\s+/)[0]
    ?.replace(/[^\p{L}\p{M}-]/gu, "");
  return first ? first : `№ ${operatorId}`;
}
