import { describe, expect, it } from "vitest";
import { createWorkingTime } from "../../src/calendar/working-time.ts";
import { buildServiceCard, pickTerm } from "../../src/cards/service-card.ts";
import { loadCatalogue } from "../../src/knowledge/catalogue.ts";

const catalogue = await loadCatalogue("knowledge");
const workingTime = createWorkingTime(catalogue.calendar, catalogue.workingHours);
const card = (id: string, iso: string) =>
  buildServiceCard(catalogue, workingTime, id, new Date(iso));

describe("service card", () => {
  it("gives the home-schooling deadline when applying on a Tuesday morning", () => {
    const c = card("home_schooling", "2025-11-25T05:00:00Z"); // Tue 10:00 Almaty
    expect(c?.term).toMatchObject({ amount: 2, unit: "working_days" });
    expect(c?.deadline).toMatchObject({ deferred: false, dueDate: "2025-11-27" });
    expect(c?.office).toMatchObject({ open: true, acceptingDocuments: true });
  });

  it("counts from Monday and says when the office reopens when applying on a Saturday", () => {
    const c = card("home_schooling", "2025-11-29T07:00:00Z"); // Sat 12:00
    expect(c?.deadline).toMatchObject({
      deferred: true,
      acceptedDate: "2025-12-01",
      dueDate: "2025-12-03",
    });
    expect(c?.office.acceptingDocuments).toBe(false);
    expect(c?.office.nextReception?.toISOString()).toBe("2025-12-01T04:00:00.000Z");
  });

  it("lists documents per channel and only claims to follow (no repealed ones)", () => {
    const c = card("special_admission", "2025-11-25T05:00:00Z");
    expect(c?.channels.map((ch) => ch.kind)).toEqual(["provider_office", "egov_portal"]);
    expect(c?.results.every((r) => r.status !== "repealed")).toBe(true);
  });

  it("names the PMPK conclusion as the prerequisite of special admission, with the PMPK card", () => {
    const c = card("special_admission", "2025-11-25T05:00:00Z");
    expect(c?.prerequisites[0]?.service?.id).toBe("pmpk");
  });

  it("resolves every citation it relies on, once, and marks repealed sources", () => {
    const c = card("special_admission", "2025-11-25T05:00:00Z");
    const keys = c?.citations.map((x) => `${x.source}#${x.locator}`) ?? [];
    expect(new Set(keys).size).toBe(keys.length);
    expect(c?.citations.some((x) => x.source === "order-223" && x.legalStatus === "in_force")).toBe(
      true,
    );
    expect(c?.citations.find((x) => x.source === "akimat-604-2018")?.legalStatus).toBe("repealed");
  });

  it("is undefined for a service the catalogue does not have", () => {
    expect(card("no_such_service", "2025-11-25T05:00:00Z")).toBeUndefined();
  });

  it("prefers a current service term over an unverified e-request term", () => {
    expect(
      pickTerm([
        { kind: "e_request", amount: 3, unit: "working_days", status: "unverified", citations: [] },
        { kind: "service", amount: 2, unit: "working_days", status: "current", citations: [] },
      ] as never),
    ).toMatchObject({ kind: "service", amount: 2 });
  });
});
