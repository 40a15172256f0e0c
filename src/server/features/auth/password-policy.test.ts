import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { PasswordSchema } from "../../../shared/contracts/auth.contract.ts";
import { commonPasswordProblem } from "./password-policy.ts";

/** What the issue's probe got accepted, and the neighbours of each. */
describe("password policy", () => {
  test("common and breached passwords are refused, also with digits or symbols added", () => {
    for (const p of [
      "password1234",
      "qwerty123456",
      "Password2024!",
      "123456789012",
      "Vigia2024!!!!",
      "!!Contraseña2025",
    ])
      assert.ok(commonPasswordProblem(p), `${p} should be refused`);
    for (const p of ["clave-de-prueba-2024", "río-rímac-amanece-7", "mi-clave-propia-2025"])
      assert.equal(commonPasswordProblem(p), null, `${p} should be accepted`);
  });

  test("control characters and passwords of a few repeated characters fail the schema", () => {
    const refused = (p: string) => !PasswordSchema.safeParse(p).success;
    assert.ok(refused("            1a"), "12 long, 3 different characters");
    assert.ok(refused("clave-de-prueba\t2024"), "a tab");
    assert.ok(refused("clave-de-prueba\n2024"), "a line break");
    assert.ok(refused("clave-de-prueba\u00002024"), "NUL");
    assert.ok(refused("clave\u007fde-prueba-2024"), "DEL");
    assert.ok(!refused("clave de prueba 2024"), "spaces are fine");
    const issue = PasswordSchema.safeParse("1a1a1a1a1a1a").error?.issues[0]?.message ?? "";
    assert.match(issue, /caracteres distintos/);
  });
});
