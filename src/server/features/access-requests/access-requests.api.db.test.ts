import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { signIn } from "../../../../test/factories.ts";
import { ApiSession } from "../../../../test/support/api-session.ts";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import {
  AccessComplianceSchema,
  AccessRequestSchema,
} from "../../../shared/contracts/access-requests.contract.ts";
import { createDiskFileStore } from "../../files/file-store.ts";
import { createApp } from "../../http/app.ts";

describe("access-requests API (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ReturnType<typeof createApp>;
  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    app = createApp(t, {
      fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-files-"))),
    });
  });
  after(async () => {
    await t.dispose();
  });

  test("401 anonymous, 403 without the permission, 201 for the administrator; compliance is public", async () => {
    const body = {
      entity: "MINEM",
      requester: "CHS Alternativo",
      questions: "¿Cuántos operativos?",
      sentOn: "2025-07-21",
    };
    const anonymous = new ApiSession(app);
    assert.equal((await anonymous.request("GET", "/api/access-requests")).status, 401);
    assert.equal((await anonymous.request("POST", "/api/access-requests", body)).status, 401);
    const focal = (await signIn(app, t.db, "punto_focal", { entities: ["SUNAFIL"] })).session;
    assert.equal((await focal.request("GET", "/api/access-requests")).status, 403);
    const comision = (await signIn(app, t.db, "comision")).session;
    assert.equal((await comision.request("GET", "/api/access-requests")).status, 200);
    assert.equal((await comision.request("POST", "/api/access-requests", body)).status, 403);

    const admin = (await signIn(app, t.db, "administrador")).session;
    const created = await admin.request("POST", "/api/access-requests", body);
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const r = AccessRequestSchema.parse(created.json);
    assert.equal(r.legalDeadline, "2025-08-08");
    const bad = await admin.request("POST", "/api/access-requests", { ...body, sentOn: "21/07" });
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.json), /body\.sentOn/);
    const reminders = await admin.request("GET", "/api/access-requests/reminders");
    assert.equal(reminders.status, 200, JSON.stringify(reminders.json));

    const pub = await anonymous.request("GET", "/api/public/access-requests/compliance");
    assert.equal(pub.status, 200);
    const stats = AccessComplianceSchema.parse(pub.json);
    assert.equal(stats.entities.find((e) => e.entity.code === "MINEM")?.requests, 1);
  });
});
