import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { systemActor } from "../../../shared/actor.ts";
import type { DomainError } from "../../errors.ts";
import {
  addDocument,
  createAccessRequest,
  getAccessRequest,
  getCompliance,
  listAccessRequests,
  listReminders,
  recordAnswer,
  recordExtension,
} from "./access-requests.service.ts";

const actor = systemActor("test");
const base = {
  requester: "CHS Alternativo",
  questions: "¿Cuántas inspecciones de trabajo forzoso realizó la entidad en 2024?",
};

/** Rejects with a DomainError whose first issue names `path` and whose message matches. */
async function refused(p: Promise<unknown>, path: string | null, message: RegExp) {
  await assert.rejects(p, (err: DomainError) => {
    assert.match(err.message, message);
    if (path !== null) assert.equal(err.issues[0]?.path, path, JSON.stringify(err.issues));
    return true;
  });
}

describe("access-to-information register (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
  });
  after(async () => {
    await t.dispose();
  });

  test("a deadline across Fiestas Patrias: sent 2025-07-21, due 2025-08-08, reminders count días hábiles", async () => {
    const r = await createAccessRequest(t.db, actor, {
      ...base,
      entity: "MINEM",
      sentOn: "2025-07-21",
      today: "2025-07-21",
    });
    // Hand-checked (src/shared/calendar/working-days.test.ts): 23 Jul FAP, 28–29 Jul Fiestas
    // Patrias, 6 Aug Junín and the weekends are skipped.
    assert.equal(r.legalDeadline, "2025-08-08");
    assert.equal(r.deadline, "2025-08-08");
    assert.equal(r.extensionNoticeLimit, "2025-07-24");
    assert.deepEqual(
      r.skippedDays.filter((d) => !/sábado|domingo/.test(d.reason)).map((d) => d.date),
      ["2025-07-23", "2025-07-28", "2025-07-29", "2025-08-06"],
    );
    assert.equal(r.status, "en_plazo");

    // 4 Aug → 8 Aug: 5, 7 and 8 Aug (the 6th is a feriado).
    const soon = await listReminders(t.db, actor, { withinWorkingDays: 3, today: "2025-08-04" });
    assert.deepEqual(
      soon.map((x) => [x.id, x.workingDaysLeft, x.message, x.overdue]),
      [[r.id, 3, "Vence en 3 días hábiles", false]],
    );
    assert.deepEqual(
      await listReminders(t.db, actor, { withinWorkingDays: 2, today: "2025-08-04" }),
      [],
    );
    const late = await listReminders(t.db, actor, { withinWorkingDays: 3, today: "2025-08-12" });
    assert.deepEqual(
      late.map((x) => [x.workingDaysLeft, x.message, x.overdue]),
      [[-2, "Vencida hace 2 días hábiles", true]],
    );
    const overdue = await getAccessRequest(t.db, actor, { id: r.id, today: "2025-08-12" });
    assert.equal(overdue.status, "vencida");

    // Answered on 12 Aug: two días hábiles late (11 and 12 Aug).
    const answered = await recordAnswer(t.db, actor, {
      id: r.id,
      outcome: "respondida",
      answeredOn: "2025-08-12",
      today: "2025-08-20",
    });
    assert.deepEqual(
      [answered.status, answered.workingDaysLate, answered.workingDaysLeft, answered.overdue],
      ["respondida_fuera_de_plazo", 2, null, false],
    );
  });

  test("one extension, notified within 2 días hábiles, moves the deadline; a second is refused", async () => {
    const r = await createAccessRequest(t.db, actor, {
      ...base,
      entity: "MIMP",
      sentOn: "2025-07-21",
      reference: "EXP-2025-0001",
      today: "2025-07-21",
    });
    await refused(
      recordExtension(t.db, actor, {
        id: r.id,
        notifiedOn: "2025-07-25",
        newDate: "2025-08-22",
        today: "2025-07-25",
      }),
      "notifiedOn",
      /dentro de los 2 días hábiles.*hasta el 2025-07-24/,
    );
    await refused(
      recordExtension(t.db, actor, {
        id: r.id,
        notifiedOn: "2025-07-24",
        newDate: "2025-08-08",
        today: "2025-07-24",
      }),
      "newDate",
      /posterior al plazo legal \(2025-08-08\)/,
    );
    const extended = await recordExtension(t.db, actor, {
      id: r.id,
      notifiedOn: "2025-07-24",
      newDate: "2025-08-22",
      reason: "Información dispersa en varias direcciones",
      today: "2025-07-24",
    });
    assert.deepEqual(
      [extended.legalDeadline, extended.deadline, extended.extension?.notifiedOn],
      ["2025-08-08", "2025-08-22", "2025-07-24"],
    );
    // Past the legal date but within the extension: not overdue.
    const on12 = await getAccessRequest(t.db, actor, { id: r.id, today: "2025-08-12" });
    assert.deepEqual([on12.status, on12.overdue], ["en_plazo", false]);
    await refused(
      recordExtension(t.db, actor, {
        id: r.id,
        notifiedOn: "2025-07-22",
        newDate: "2025-08-29",
        today: "2025-07-24",
      }),
      null,
      /una sola/,
    );
    const answered = await recordAnswer(t.db, actor, {
      id: r.id,
      outcome: "parcial",
      answeredOn: "2025-08-20",
      today: "2025-08-20",
    });
    assert.deepEqual([answered.status, answered.workingDaysLate], ["respondida_en_plazo", 0]);
    const withDoc = await addDocument(t.db, actor, {
      id: r.id,
      kind: "respuesta",
      title: "Oficio de respuesta",
      link: "https://example.org/oficio-123.pdf",
    });
    assert.deepEqual(
      withDoc.documents.map((d) => [d.kind, d.title, d.link]),
      [["respuesta", "Oficio de respuesta", "https://example.org/oficio-123.pdf"]],
    );
    const audit = await t.db
      .selectFrom("auditEvent")
      .select("action")
      .where("objectType", "=", "access_request")
      .where("objectId", "=", String(r.id))
      .orderBy("id")
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      [
        "access_request.create",
        "access_request.extend",
        "access_request.answer",
        "access_request.document",
      ],
    );
  });

  test("bad input is refused in Spanish, naming the field, and writes nothing", async () => {
    const count = async () =>
      Number(
        (
          await t.db
            .selectFrom("accessRequest")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const n = await count();
    await refused(
      createAccessRequest(t.db, actor, { ...base, entity: "NOEXISTE", sentOn: "2025-07-21" }),
      "entity",
      /No existe la entidad «NOEXISTE»/,
    );
    await refused(
      createAccessRequest(t.db, actor, {
        ...base,
        entity: "MINEM",
        sentOn: "2025-02-30",
        today: "2025-07-21",
      }),
      "sentOn",
      /no es una fecha válida/,
    );
    await refused(
      createAccessRequest(t.db, actor, {
        ...base,
        entity: "MINEM",
        sentOn: "2025-07-22",
        today: "2025-07-21",
      }),
      "sentOn",
      /posterior a hoy/,
    );
    assert.equal(await count(), n);

    const r = await createAccessRequest(t.db, actor, {
      ...base,
      entity: "MINEM",
      sentOn: "2025-09-01",
      today: "2025-09-01",
    });
    await refused(
      recordAnswer(t.db, actor, { id: r.id, outcome: "respondida", today: "2025-09-05" }),
      "answeredOn",
      /fecha de la respuesta/,
    );
    await refused(
      recordAnswer(t.db, actor, {
        id: r.id,
        outcome: "respondida",
        answeredOn: "2025-08-30",
        today: "2025-09-05",
      }),
      "answeredOn",
      /anterior a la presentación/,
    );
    // Not unanswered before the deadline has passed (15 Sep).
    await refused(
      recordAnswer(t.db, actor, { id: r.id, outcome: "no_respondida", today: "2025-09-05" }),
      "outcome",
      /vence el 2025-09-15/,
    );
    const unanswered = await recordAnswer(t.db, actor, {
      id: r.id,
      outcome: "no_respondida",
      today: "2025-09-16",
    });
    assert.equal(unanswered.status, "no_respondida");
    await refused(
      recordExtension(t.db, actor, {
        id: r.id,
        notifiedOn: "2025-09-02",
        newDate: "2025-09-30",
        today: "2025-09-16",
      }),
      null,
      /no admite prórroga/,
    );
  });

  test("compliance per entity: in time, late, unanswered (declared or overdue), pending", async () => {
    // Fresh requests on a third entity, so the counts do not depend on the other tests.
    const entity = (await t.db.selectFrom("entity").select("code").orderBy("code").execute())
      .map((e) => e.code)
      .find((c) => c !== "MINEM" && c !== "MIMP");
    assert.ok(entity);
    const make = (sentOn: string) =>
      createAccessRequest(t.db, actor, { ...base, entity, sentOn, today: sentOn });
    const inTime = await make("2025-03-03");
    await recordAnswer(t.db, actor, {
      id: inTime.id,
      outcome: "respondida",
      answeredOn: "2025-03-10",
      today: "2025-03-10",
    });
    await make("2025-03-04"); // open; due 2025-03-18, overdue on 2025-04-01
    await make("2025-03-31"); // open, within its deadline on 2025-04-01
    const stats = await getCompliance(t.db, actor, { today: "2025-04-01" });
    const row = stats.entities.find((e) => e.entity.code === entity);
    assert.deepEqual(
      row && [row.requests, row.answeredInTime, row.answeredLate, row.unanswered, row.pending],
      [3, 1, 0, 1, 1],
    );
    const minem = stats.entities.find((e) => e.entity.code === "MINEM");
    assert.ok(minem && minem.requests >= 2 && minem.answeredLate >= 1 && minem.unanswered >= 1);
    // The public table names no requester and no question.
    assert.doesNotMatch(JSON.stringify(stats), /CHS Alternativo|inspecciones/);
    const onlyMimp = await listAccessRequests(t.db, actor, { entity: "MIMP", today: "2025-09-01" });
    assert.ok(onlyMimp.length >= 1 && onlyMimp.every((r) => r.entity.code === "MIMP"));
  });
});
