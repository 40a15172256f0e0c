import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { buildUser } from "../../../../test/factories.ts";
import { recipientsOf, type SmtpSink, startSmtpSink } from "../../../../test/support/smtp-sink.ts";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { type Actor, systemActor } from "../../../shared/actor.ts";
import { type NotificationJobs, startNotificationJobs } from "../../jobs/notification-jobs.ts";
import { createSmtpMailer } from "../../mail/mailer.ts";
import { createAccessRequest, recordAnswer } from "../access-requests/access-requests.service.ts";
import { requestReminderKindFor } from "./access-request-reminders.service.ts";
import { listMailOf } from "./mail-outbox.repository.ts";
import { listMyNotifications } from "./notifications.service.ts";
import { runDailyReminders } from "./reminders.service.ts";

/**
 * The access requests' notices as the daily job gives them, across Fiestas Patrias (the
 * hand-checked case of src/shared/calendar/working-days.test.ts: sent Monday 21 July 2025, due
 * Friday 8 August after 23 Jul, 28–29 Jul and 6 Aug), e-mailed through a real SMTP server.
 */
describe("access-request reminders (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let sink: SmtpSink;
  let jobs: NotificationJobs;
  let today = "2025-07-21";
  let focal: { id: number; email: string };
  let keeper: { id: number; email: string };
  let admin: { id: number; email: string };
  let keeperActor: Actor;
  let dueId = 0;
  let answeredId = 0;
  let cliId = 0;
  const log: string[] = [];
  const question = {
    requester: "CHS Alternativo",
    questions: "¿Cuántas inspecciones de trabajo forzoso realizó la entidad en 2024?",
    sentOn: "2025-07-21",
    today: "2025-07-21",
  };

  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    sink = await startSmtpSink();
    focal = await buildUser(t.db, "punto_focal", { entities: ["MINEM"] });
    keeper = await buildUser(t.db, "administrador");
    admin = await buildUser(t.db, "administrador");
    keeperActor = { id: `user:${keeper.id}`, kind: "user", ip: null };
    dueId = (await createAccessRequest(t.db, keeperActor, { ...question, entity: "MINEM" })).id;
    answeredId = (await createAccessRequest(t.db, keeperActor, { ...question, entity: "SUNAFIL" }))
      .id;
    // Registered from the command line: no account follows it, the register's keepers do.
    cliId = (
      await createAccessRequest(t.db, systemActor("cli"), {
        ...question,
        entity: "MINEM",
        sentOn: "2025-07-22",
        today: "2025-07-22",
      })
    ).id;
    jobs = startNotificationJobs({
      db: t.db,
      mailer: createSmtpMailer({ url: sink.url, from: "Vigía <vigia@prueba.vigia.pe>" }),
      publicUrl: "https://vigia.prueba.pe/",
      log: (line) => log.push(line),
      today: () => today,
      timer: false,
    });
  });
  after(async () => {
    await jobs.stop();
    await sink.close();
    await t.dispose();
  });

  const noticesOf = async (user: { id: number }) =>
    (
      await listMyNotifications(
        t.db,
        { id: `user:${user.id}`, kind: "user", ip: null, user: { id: user.id } } as Actor,
        { unread: false, limit: 50 },
      )
    ).items.filter((n) => n.accessRequestId !== null);
  const requestNotices = (kind: string) =>
    t.db
      .selectFrom("notification")
      .select(["userId", "accessRequestId", "dedupeKey"])
      .where("kind", "=", kind as "solicitud_por_vencer")
      .orderBy("accessRequestId")
      .orderBy("userId")
      .execute();

  test("the windows count días hábiles across the feriados", () => {
    // 31 Jul → 8 Aug: 1, 4, 5, 7, 8 Aug are five días hábiles; 4 Aug: 5, 7, 8 are three.
    assert.equal(requestReminderKindFor("2025-07-31", "2025-08-08"), null);
    assert.equal(requestReminderKindFor("2025-08-01", "2025-08-08"), null);
    assert.equal(requestReminderKindFor("2025-08-04", "2025-08-08"), "solicitud_por_vencer");
    assert.equal(requestReminderKindFor("2025-08-08", "2025-08-08"), "solicitud_por_vencer");
    assert.equal(requestReminderKindFor("2025-08-11", "2025-08-08"), "solicitud_vencida");
  });

  test("too early, nothing: five días hábiles before the deadline", async () => {
    today = "2025-07-31";
    const run = await runDailyReminders(t.db, today);
    assert.equal(run.ran && run.detail.accessRequestNotifications, 0);
    assert.deepEqual(await requestNotices("solicitud_por_vencer"), []);
  });

  test("within 3 días hábiles the entity's focal points and the keeper are told, once", async () => {
    // Answered the day before: the SUNAFIL request is no longer anybody's task.
    await recordAnswer(t.db, keeperActor, {
      id: answeredId,
      outcome: "respondida",
      answeredOn: "2025-08-04",
      today: "2025-08-04",
    });
    today = "2025-08-05";
    await jobs.runOnce();
    const due = await requestNotices("solicitud_por_vencer");
    assert.deepEqual(
      due.map((n) => [n.accessRequestId, n.userId]),
      [
        [dueId, focal.id],
        [dueId, keeper.id],
        // 22 Jul + 10 días hábiles is 11 Aug: also within 3 (7, 8, 11 Aug).
        [cliId, focal.id],
        [cliId, keeper.id],
        [cliId, admin.id],
      ].sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0) || (a[1] ?? 0) - (b[1] ?? 0)),
    );
    assert.ok(!due.some((n) => n.accessRequestId === answeredId));
    const [notice] = (await noticesOf(focal)).filter((n) => n.accessRequestId === dueId);
    assert.equal(notice?.kind, "solicitud_por_vencer");
    assert.equal(notice?.deadline, "2025-08-08");
    assert.equal(notice?.entity, "MINEM");
    assert.equal(notice?.policy, null);

    // The mail went through the SMTP server, linking to the register.
    const mails = sink.messages.filter(
      (m) => recipientsOf(m).includes(focal.email) && /n\.º \d+ a MINEM/.test(m.subject ?? ""),
    );
    assert.equal(mails.length, 2);
    const mail = mails.find((m) => (m.subject ?? "").includes(`n.º ${dueId} `));
    assert.ok(mail);
    assert.equal(
      mail.subject,
      `Vigía: la solicitud de acceso n.º ${dueId} a MINEM vence el 08/08/2025`,
    );
    assert.match(mail.text ?? "", /https:\/\/vigia\.prueba\.pe\/solicitudes-acceso/);
    assert.doesNotMatch(mail.text ?? "", /inspecciones/, "the questions stay in Vigía");
    const stored = (await listMailOf(t.db, focal.id)).filter(
      (m) => m.kind === "solicitud_por_vencer",
    );
    assert.deepEqual(
      stored.map((m) => m.status),
      ["enviado", "enviado"],
    );

    // The same day again (a restart, or the job called directly): nothing new.
    const delivered = sink.messages.length;
    await jobs.runOnce();
    assert.deepEqual(await runDailyReminders(t.db, today), { ran: false, reason: "ya_ejecutado" });
    // The next day is a new run, but the notice for this deadline was given.
    const nextDay = await runDailyReminders(t.db, "2025-08-07");
    assert.equal(nextDay.ran && nextDay.detail.accessRequestNotifications, 0);
    await jobs.runOnce();
    assert.equal(sink.messages.length, delivered);
    assert.equal((await requestNotices("solicitud_por_vencer")).length, 5);
  });

  test("overdue: the «vencida» notice is given once", async () => {
    today = "2025-08-11";
    await jobs.runOnce();
    const overdue = await requestNotices("solicitud_vencida");
    // Only the request due on 8 Aug: the other one is due today.
    assert.deepEqual(
      overdue.map((n) => [n.accessRequestId, n.userId]),
      [
        [dueId, focal.id],
        [dueId, keeper.id],
      ],
    );
    const mail = sink.messages.find(
      (m) =>
        recipientsOf(m).includes(keeper.email) &&
        m.subject === `Vigía: venció la solicitud de acceso n.º ${dueId} a MINEM`,
    );
    assert.ok(mail);
    assert.match(mail.text ?? "", /venció el 08\/08\/2025 sin respuesta registrada/);
    const again = await runDailyReminders(t.db, "2025-08-12");
    assert.equal(again.ran && again.detail.accessRequestNotifications, 3, "cli request overdue");
    assert.equal((await requestNotices("solicitud_vencida")).length, 5);
    assert.equal(
      (await requestNotices("solicitud_vencida")).filter((n) => n.accessRequestId === dueId).length,
      2,
      "the 8 Aug request is told overdue once",
    );
    assert.ok(
      log.every((l) => !l.includes("@")),
      log.join("\n"),
    );
  });
});
