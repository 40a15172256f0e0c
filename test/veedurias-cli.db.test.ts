import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createCliSession } from "./support/cli-session.ts";

// `vigia veedurias import-reference` as a person types it, on the seeded PNTP.
let session: Awaited<ReturnType<typeof createCliSession>>;
before(async () => {
  session = await createCliSession({ seed: "pntp" });
});
after(async () => {
  await session.dispose();
});

test("vigia veedurias import-reference loads seed 000's counts once, saying they are transcribed", async () => {
  const first = await session.vigia("veedurias", "import-reference");
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /Transcrito del documento de CHS Alternativo \(seed 000\)/);
  assert.match(first.stdout, /periodo 2023-2025: 6 veedurías, 9 conteos \(importado\)/);
  const again = await session.vigia("veedurias", "import-reference");
  assert.match(again.stdout, /\(sin cambios\)/);
  const wrong = await session.vigia("veedurias", "borrar");
  assert.notEqual(wrong.code, 0);
  assert.match(wrong.stderr, /Uso: vigia veedurias import-reference/);
});
