import { createWorkingTime, type Deadline, type WorkingTime } from "../calendar/working-time.ts";
import { pickTerm } from "../cards/service-card.ts";
import type { Catalogue } from "../knowledge/catalogue.ts";
import type { TermClaim } from "../knowledge/schemas.ts";

/** An application's deadline from the calendar, or why there is none. */
export type ApplicationDeadline =
  | {
      ok: true;
      /** Local date `YYYY-MM-DD` (Asia/Almaty), the value stored in `application.deadline`. */
      deadline: string;
      /** The moment the result is due (18:30 local for day terms). */
      dueAt: Date;
      /** The catalogue term it follows (the one the service card shows), with its citations. */
      term: TermClaim;
      computed: Deadline;
    }
  | {
      ok: false;
      /** `no_exact_term`: the service has no term, or only a range (rehabilitation 90–365 days). */
      reason: "unknown_service" | "no_exact_term";
    };

const workingTimes = new WeakMap<Catalogue, WorkingTime>();

function workingTimeOf(catalogue: Catalogue): WorkingTime {
  let workingTime = workingTimes.get(catalogue);
  if (!workingTime) {
    workingTime = createWorkingTime(catalogue.calendar, catalogue.workingHours);
    workingTimes.set(catalogue, workingTime);
  }
  return workingTime;
}

/**
 * The deadline of an application of `serviceId` submitted at `submittedAt`: the service's
 * current term (the same claim the service card shows, `pickTerm`) counted in working time from
 * the calendar (after hours, weekends and holidays count from the next working day). Pure: the
 * catalogue is the only input besides the arguments.
 */
export function computeApplicationDeadline(
  catalogue: Catalogue,
  serviceId: string,
  submittedAt: Date,
): ApplicationDeadline {
  const service = catalogue.getService(serviceId);
  if (!service) return { ok: false, reason: "unknown_service" };
  const term = pickTerm(service.terms);
  if (term?.amount === undefined) return { ok: false, reason: "no_exact_term" };
  const computed = workingTimeOf(catalogue).computeDeadline(submittedAt, {
    amount: term.amount,
    unit: term.unit,
  });
  return { ok: true, deadline: computed.dueDate, dueAt: computed.dueAt, term, computed };
}
