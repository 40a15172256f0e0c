import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { describeMailError } from "./mailer.ts";

describe("mail errors", () => {
  test("a refusal is recorded without the recipient's address", () => {
    const err = new Error(
      "Can't send mail - all recipients were rejected: 550 <ana.perez@sunafil.gob.pe>: no existe\nmore",
    );
    const line = describeMailError(err);
    assert.doesNotMatch(line, /ana|sunafil|more/);
    assert.match(line, /550 <dirección>: no existe/);
  });
});
