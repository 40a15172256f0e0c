import assert from "node:assert/strict";
import { test } from "node:test";
import { isReconstructionNotice, readNotice } from "./source-notice.ts";

test("a file's notice: its leading # lines, and whether it declares a reconstruction", () => {
  const head =
    "\uFEFF# Reconstruído a partir de totales\r\n#  segunda línea\n\nANO_EJE,PLIEGO\n# no\n";
  assert.equal(readNotice(head), "Reconstruído a partir de totales\n segunda línea");
  assert.equal(readNotice("ANO_EJE,PLIEGO\n# después del encabezado\n"), null);
  assert.equal(readNotice("#\n#   \nANO\n"), null);
  assert.equal(isReconstructionNotice(readNotice(head)), true);
  assert.equal(isReconstructionNotice("Estos no son datos del MEF"), true);
  assert.equal(isReconstructionNotice("Consulta Amigable, 2024-03-31"), false);
  assert.equal(isReconstructionNotice(null), false);
});
