import assert from "node:assert/strict";
import { test } from "node:test";
import { cookieValue } from "./app.ts";

test("cookieValue finds one cookie among others, as hono/cookie would", () => {
  assert.equal(cookieValue("vigia_session=abc", "vigia_session"), "abc");
  assert.equal(cookieValue("a=1; vigia_session=abc; b=2", "vigia_session"), "abc");
  assert.equal(cookievalueOrNull("x_vigia_session=abc"), null, "not a suffix match");
  assert.equal(cookieValue('vigia_session="q%20r"', "vigia_session"), "q r");
  assert.equal(cookieValue("vigia_session=%E0%A4%A", "vigia_session"), undefined, "bad escape");
  assert.equal(cookieValue(undefined, "vigia_session"), undefined);
  assert.equal(cookieValue("a=1;b=2", "vigia_session"), undefined);
  assert.equal(cookieValue("vigia_session=", "vigia_session"), "");
});

const cookievalueOrNull = (header: string) => cookieValue(header, "vigia_session") ?? null;
