import { describe, expect, it } from "vitest";
import { generateApplicationId, parseApplicationId } from "../../src/applications/id.ts";

describe("application IDs", () => {
  it("generates printed IDs that validate, and never the same one twice", () => {
    const ids = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const id = generateApplicationId();
      expect(id).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      expect(parseApplicationId(id)).toEqual({ ok: true, id });
      ids.add(id);
    }
    expect(ids.size).toBe(2000);
  });

  it("accepts what people type: lower case, spaces, no dashes, O for 0 and I/L for 1", () => {
    expect(parseApplicationId("65h9 thpj h6na")).toEqual({ ok: true, id: "65H9-THPJ-H6NA" });
    expect(parseApplicationId("D06I-Q85V-EMLB")).toEqual({ ok: true, id: "D061-Q85V-EM1B" });
    expect(parseApplicationId("dO61q85vem1b")).toEqual({ ok: true, id: "D061-Q85V-EM1B" });
  });

  it("catches every single mistyped character and swapped neighbours with the check character", () => {
    const id = "65H9THPJH6NA";
    const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let caught = 0;
    let typos = 0;
    for (let i = 0; i < id.length; i++) {
      for (const char of alphabet) {
        if (char === id[i]) continue;
        typos++;
        if (!parseApplicationId(id.slice(0, i) + char + id.slice(i + 1)).ok) caught++;
      }
    }
    expect(caught).toBe(typos);
    let swaps = 0;
    let swapsCaught = 0;
    for (let i = 0; i < id.length - 1; i++) {
      if (id[i] === id[i + 1]) continue;
      swaps++;
      const swapped = id.slice(0, i) + id[i + 1] + id[i] + id.slice(i + 2);
      if (!parseApplicationId(swapped).ok) swapsCaught++;
    }
    expect(swapsCaught / swaps).toBeGreaterThan(0.9);
  });

  it("says why an input is not an ID", () => {
    expect(parseApplicationId("12345")).toEqual({ ok: false, reason: "length" });
    expect(parseApplicationId("65H9-THPJ-H6N!")).toEqual({ ok: false, reason: "characters" });
    expect(parseApplicationId("65H9-THPJ-H6NB")).toEqual({ ok: false, reason: "checksum" });
  });
});
