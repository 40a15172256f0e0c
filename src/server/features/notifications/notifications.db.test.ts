import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { signIn } from "../../../../test/factories.ts";
import type { ApiSession } from "../../../../test/support/api-session.ts";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { systemActor } from "../../../shared/actor.ts";
import { MeasurementSchema } from "../../../shared/contracts/data-entry.contract.ts";
import {
  type Notification,
  NotificationListSchema,
} from "../../../shared/contracts/notifications.contract.ts";
import { createDiskFileStore } from "../../files/file-store.ts";
import { createApp } from "../../http/app.ts";
import { updatePeriod } from "../periods/periods.service.ts";
import { listMailOf } from "./mail-outbox.repository.ts";
import { runDailyReminders, sendDeadlineReminders } from "./reminders.service.ts";

/**
 * Notifications as the focal points get them: a period opened, a value observed and
 * validated, the daily reminders; each person sees and marks only their own.
 */
describe("notifications (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ReturnType<typeof createApp>;
  let sunafil: ApiSession;
  let mimp: ApiSession;
  let admin: ApiSession;
  let sunafilUser: { id: number };
  let mimpUser: { id: number };
  let periodId = 0;
  let measurementId = 0;
  const DEADLINE = "2099-03-31";

  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    app = createApp(t, {
      fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-files-"))),
    });
    ({ session: sunafil, user: sunafilUser } = await signIn(app, t.db, "punto_focal", {
      entities: ["SUNAFIL"],
    }));
    ({ session: mimp, user: mimpUser } = await signIn(app, t.db, "punto_focal", {
      entities: ["MIMP"],
    }));
    ({ session: admin } = await signIn(app, t.db, "administrador"));
  });
  after(async () => {
    await t.dispose();
  });

  const mine = async (session: ApiSession, query = "") => {
    const res = await session.request("GET", `/api/notifications${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.json));
    return NotificationListSchema.parse(res.json);
  };
  const kinds = (items: Notification[]) => items.map((n) => n.kind);

  test("opening a period tells the focal points of the entities that report in it", async () => {
    const res = await admin.request("POST", "/api/policies/pntp/periods", {
      year: 2024,
      period: "ANUAL",
      opensOn: "2025-01-02",
      deadline: DEADLINE,
    });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    periodId = (res.json as { id: number }).id;
    for (const session of [sunafil, mimp]) {
      const list = await mine(session);
      assert.deepEqual(kinds(list.items), ["periodo_abierto"]);
      assert.equal(list.unread, 1);
      assert.deepEqual(
        { ...list.items[0], id: 0, createdAt: "" },
        {
          id: 0,
          kind: "periodo_abierto",
          policy: "pntp",
          year: 2024,
          period: "ANUAL",
          deadline: DEADLINE,
          indicator: null,
          entity: null,
          measurementId: null,
          pendingCount: null,
          accessRequestId: null,
          createdAt: "",
          readAt: null,
        },
      );
    }
    // The administrator reports nothing: no notification, and its list is its own.
    assert.deepEqual((await mine(admin)).items, []);
    // Each new notification queued its e-mail in the same transaction.
    const mail = await listMailOf(t.db, sunafilUser.id);
    assert.equal(mail.length, 1);
    assert.equal(mail[0]?.status, "pendiente");
    assert.match(mail[0]?.subject ?? "", /se abrió el periodo anual 2024/);
  });

  test("an observed value tells its entity's focal point, and only it", async () => {
    const created = await sunafil.request(
      "POST",
      "/api/policies/pntp/indicators/1.1/measurements",
      {
        year: 2024,
        period: "ANUAL",
        value: 25,
        numerator: 480,
        denominator: 1920,
        disaggregations: [],
        sourceSystem: "Sistema de Inspección del Trabajo",
      },
    );
    assert.equal(created.status, 201, JSON.stringify(created.json));
    measurementId = MeasurementSchema.parse(created.json).id;
    const sent = await sunafil.request("POST", `/api/measurements/${measurementId}/submit`, {
      lockVersion: 1,
      justification: "Operativo nacional extraordinario con la OIT en 2024.",
    });
    assert.equal(sent.status, 200, JSON.stringify(sent.json));
    const observed = await admin.request("POST", `/api/measurements/${measurementId}/observe`, {
      lockVersion: 2,
      observations: [{ field: "value", comment: "El universo es de 1,891 distritos." }],
    });
    assert.equal(observed.status, 200, JSON.stringify(observed.json));

    const list = await mine(sunafil);
    assert.deepEqual(kinds(list.items), ["valor_observado", "periodo_abierto"]);
    assert.equal(list.unread, 2);
    const note = list.items[0];
    assert.equal(note?.measurementId, measurementId);
    assert.deepEqual(note?.indicator?.code, "1.1");
    assert.equal(note?.entity, "SUNAFIL");
    assert.equal(note?.deadline, DEADLINE);
    assert.deepEqual(kinds((await mine(mimp)).items), ["periodo_abierto"]);
    const count = await sunafil.request("GET", "/api/notifications/unread-count");
    assert.deepEqual(count.json, { unread: 2 });
  });

  test("a person marks only their own notifications read; each mark is audited", async () => {
    const [observed] = (await mine(sunafil)).items;
    assert.ok(observed);
    const foreign = await mimp.request("POST", `/api/notifications/${observed.id}/read`);
    assert.equal(foreign.status, 404);
    assert.match(String((foreign.json.error as { message: string }).message), /no es suya/);
    assert.equal((await mine(sunafil)).unread, 2, "another person's click changed nothing");

    const read = await sunafil.request("POST", `/api/notifications/${observed.id}/read`);
    assert.equal(read.status, 200);
    assert.deepEqual(read.json, { unread: 1 });
    assert.deepEqual(kinds((await mine(sunafil, "?unread=true")).items), ["periodo_abierto"]);
    const audit = await t.db
      .selectFrom("auditEvent")
      .select(["actor", "objectId"])
      .where("action", "=", "notification.read")
      .execute();
    assert.deepEqual(audit, [{ actor: `user:${sunafilUser.id}`, objectId: String(observed.id) }]);

    const all = await sunafil.request("POST", "/api/notifications/read-all");
    assert.deepEqual(all.json, { unread: 0 });
    assert.equal((await mine(mimp)).unread, 1, "the other focal point's list is untouched");
  });

  test("a validated value is news again after a second observation", async () => {
    const resent = await sunafil.request("POST", `/api/measurements/${measurementId}/submit`, {
      lockVersion: 3,
    });
    assert.equal(resent.status, 200, JSON.stringify(resent.json));
    const validated = await admin.request("POST", `/api/measurements/${measurementId}/validate`, {
      lockVersion: 4,
    });
    assert.equal(validated.status, 200, JSON.stringify(validated.json));
    const list = await mine(sunafil);
    assert.deepEqual(kinds(list.items), ["valor_validado", "valor_observado", "periodo_abierto"]);
    assert.equal(list.unread, 1);
  });

  test("the daily reminders: once a day, once per deadline, to whoever has values pending", async () => {
    // 7 days before the deadline: SUNAFIL has 1.1 sent, 7 and 10 pending; MIMP all of its own.
    const first = await runDailyReminders(t.db, "2099-03-24");
    assert.equal(first.ran, true);
    const again = await runDailyReminders(t.db, "2099-03-24");
    assert.deepEqual(again, { ran: false, reason: "ya_ejecutado" });
    const reminder = (await mine(sunafil)).items[0];
    assert.equal(reminder?.kind, "plazo_7_dias");
    assert.equal(reminder?.pendingCount, 2);
    const mimpReminder = (await mine(mimp)).items[0];
    assert.equal(mimpReminder?.kind, "plazo_7_dias");
    assert.ok((mimpReminder?.pendingCount ?? 0) > 0);

    // The next day the job runs again (a new day), but the 7-day reminder was given.
    const nextDay = await runDailyReminders(t.db, "2099-03-25");
    assert.deepEqual(nextDay, {
      ran: true,
      detail: { periods: 1, notifications: 0, accessRequests: 0, accessRequestNotifications: 0 },
    });
    // Even run outside the job table, the same reminders are not given twice.
    const direct = await t.db
      .transaction()
      .execute((tx) => sendDeadlineReminders(tx, "2099-03-26"));
    assert.equal(direct.notifications, 0);

    const lastDay = await runDailyReminders(t.db, "2099-03-30");
    assert.equal(lastDay.ran && lastDay.detail.notifications, 2);
    assert.equal((await mine(sunafil)).items[0]?.kind, "plazo_1_dia");
    const overdue = await runDailyReminders(t.db, "2099-04-01");
    assert.equal(overdue.ran && overdue.detail.notifications, 2);
    assert.equal((await mine(sunafil)).items[0]?.kind, "vencido");

    // A deadline moved later is a new deadline: its reminders are news again.
    await updatePeriod(t.db, systemActor("test"), {
      id: periodId,
      patch: { deadline: "2099-04-08" },
    });
    const moved = await runDailyReminders(t.db, "2099-04-02");
    assert.equal(moved.ran && moved.detail.notifications, 2);
    const sunafilList = (await mine(sunafil)).items;
    assert.equal(sunafilList[0]?.kind, "plazo_7_dias");
    assert.equal(sunafilList[0]?.deadline, "2099-04-08");
    // One mail queued per notification, never two for the same one.
    const mail = await listMailOf(t.db, sunafilUser.id);
    assert.equal(mail.length, sunafilList.length);
    assert.equal(new Set(mail.map((m) => m.idempotencyKey)).size, mail.length);
    const runs = await t.db.selectFrom("jobRun").select(["runOn", "status"]).execute();
    assert.ok(runs.every((r) => r.status === "terminado"));
    assert.equal(runs.length, 5);
    assert.ok(mimpUser.id > 0);
  });

  test("a closed period gets no reminders", async () => {
    await updatePeriod(t.db, systemActor("test"), { id: periodId, patch: { status: "cerrado" } });
    const closed = await runDailyReminders(t.db, "2099-04-07");
    assert.deepEqual(closed, {
      ran: true,
      detail: { periods: 0, notifications: 0, accessRequests: 0, accessRequestNotifications: 0 },
    });
  });
});
