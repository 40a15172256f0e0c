import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { createDiskFileStore } from "/work/wt/i18-fuzz-mfa/src/server/files/file-store.ts";
import { createApp } from "/work/wt/i18-fuzz-mfa/src/server/http/app.ts";
import { createTestDatabase } from "/work/wt/i18-fuzz-mfa/test/support/test-db.ts";

test("deep", async () => {
  const t = await createTestDatabase();
  const app = createApp(t, { fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "x-"))) });
  for (const depth of [200, 1000, 3000]) {
    let v: unknown = 1;
    for (let i = 0; i < depth; i++) v = [v];
    for (const body of [v, { email: v }, { password: v }]) {
      const res = await app.request("/api/session", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      console.log(depth, res.status, (await res.text()).slice(0, 150));
    }
  }
  await t.dispose();
});
