import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { languageOf, serverMessage } from "./messages.ts";

describe("server messages follow the language the request asks for", () => {
  test("Accept-Language picks Spanish or English by preference; Spanish otherwise", () => {
    for (const [header, expected] of [
      [undefined, "es"],
      ["", "es"],
      ["en", "en"],
      ["en-US,en;q=0.9", "en"],
      ["es-PE,en;q=0.5", "es"],
      ["fr-FR, en;q=0.8, es;q=0.7", "en"],
      ["es;q=0.4, en;q=0.6", "en"],
      ["en;q=0, es", "es"],
      ["de-DE", "es"],
    ] as const) {
      assert.equal(languageOf(header), expected, String(header));
    }
  });

  test("messages with figures are filled in both languages", () => {
    const p = { period: "S1", year: 2024 };
    assert.match(
      serverMessage("period.closed", "es", p),
      /^El periodo del I semestre 2024 está cerrado/,
    );
    assert.match(serverMessage("period.closed", "en", p), /^The first-half 2024 period is closed/);
    assert.equal(
      serverMessage("evidence.tooLarge", "en", { limit: 10 * 1024 * 1024 }),
      "The file exceeds the 10 MB limit.",
    );
  });
});
