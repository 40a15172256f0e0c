import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { signIn } from "../../../../test/factories.ts";
import type { ApiSession } from "../../../../test/support/api-session.ts";
import { recipientsOf, type SmtpSink, startSmtpSink } from "../../../../test/support/smtp-sink.ts";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { MeasurementSchema } from "../../../shared/contracts/data-entry.contract.ts";
import { createDiskFileStore } from "../../files/file-store.ts";
import { createApp } from "../../http/app.ts";
import { type NotificationJobs, startNotificationJobs } from "../../jobs/notification-jobs.ts";
import { createSmtpMailer } from "../../mail/mailer.ts";
import { listMailOf } from "./mail-outbox.repository.ts";

/**
 * The e-mail path end to end, against a real SMTP server started here (smtp-server, read
 * back with mailparser), never a mock: the API observes a value, the server's job sends the
 * focal point its mail; the daily job run twice sends one reminder; a refused send is
 * recorded and sent at the next run.
 */
describe("notification e-mail through SMTP (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ReturnType<typeof createApp>;
  let sink: SmtpSink;
  let jobs: NotificationJobs;
  let sunafil: ApiSession;
  let admin: ApiSession;
  let focal: { id: number; email: string };
  let today = "2099-03-01";
  const log: string[] = [];

  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    sink = await startSmtpSink();
    app = createApp(t, {
      fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-files-"))),
    });
    ({ session: sunafil, user: focal } = await signIn(app, t.db, "punto_focal", {
      entities: ["SUNAFIL"],
    }));
    ({ session: admin } = await signIn(app, t.db, "administrador"));
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

  const mailTo = (address: string) =>
    sink.messages.filter((m) => recipientsOf(m).includes(address));

  test("opening a period and observing a value send the focal point an e-mail each", async () => {
    const opened = await admin.request("POST", "/api/policies/pntp/periods", {
      year: 2024,
      period: "ANUAL",
      opensOn: "2025-01-02",
      deadline: "2099-03-31",
    });
    assert.equal(opened.status, 201);
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
      },
    );
    const id = MeasurementSchema.parse(created.json).id;
    const sent = await sunafil.request("POST", `/api/measurements/${id}/submit`, {
      lockVersion: 1,
      justification: "Operativo nacional extraordinario con la OIT en 2024.",
    });
    assert.equal(sent.status, 200);
    const observed = await admin.request("POST", `/api/measurements/${id}/observe`, {
      lockVersion: 2,
      observations: [{ field: "value", comment: "El universo es de 1,891 distritos." }],
    });
    assert.equal(observed.status, 200);

    await jobs.runOnce();
    const mails = mailTo(focal.email);
    assert.deepEqual(
      mails.map((m) => m.subject),
      ["Vigía: se abrió el periodo anual 2024", "Vigía: valor observado del indicador 1.1 (2024)"],
    );
    const mail = mails[1];
    assert.ok(mail);
    assert.equal(mail.from?.value[0]?.address, "vigia@prueba.vigia.pe");
    assert.match(mail.text ?? "", /observó el valor que SUNAFIL reportó para el indicador 1\.1/);
    assert.match(mail.text ?? "", /antes del 31\/03\/2099/);
    assert.match(mail.text ?? "", new RegExp(`https://vigia\\.prueba\\.pe/mediciones/${id}`));
    // The observation's text stays in Vigía: a forwarded mail tells no more than the list.
    assert.doesNotMatch(mail.text ?? "", /1,891/);
    const stored = await listMailOf(t.db, focal.id);
    assert.deepEqual(
      stored.map((m) => [m.status, m.attempts]),
      [
        ["enviado", 1],
        ["enviado", 1],
      ],
    );
    assert.equal(stored[1]?.messageId, mail.messageId);
    // A second run sends nothing more.
    await jobs.runOnce();
    assert.equal(mailTo(focal.email).length, 2);
  });

  test("the daily job run twice sends one reminder", async () => {
    today = "2099-03-24";
    const before = sink.messages.length;
    await jobs.runOnce();
    await jobs.runOnce();
    // The server restarts the same day: the job-run table says today's run happened.
    const restarted = startNotificationJobs({
      db: t.db,
      mailer: createSmtpMailer({ url: sink.url, from: "vigia@prueba.vigia.pe" }),
      log: (line) => log.push(line),
      today: () => today,
      timer: false,
    });
    await restarted.runOnce();
    await restarted.stop();
    const reminders = mailTo(focal.email).filter((m) =>
      /vence el 31\/03\/2099/.test(m.subject ?? ""),
    );
    assert.equal(reminders.length, 1);
    assert.match(reminders[0]?.text ?? "", /Tiene 3 indicadores sin valor enviado/);
    // 1.1 was observed, so it is still to be sent: three of SUNAFIL's three indicators.
    // Every focal point with values pending got one, and only one, reminder.
    const perAddress = new Map<string, number>();
    for (const m of sink.messages.slice(before))
      for (const to of recipientsOf(m)) perAddress.set(to, (perAddress.get(to) ?? 0) + 1);
    assert.ok([...perAddress.values()].every((n) => n === 1));
  });

  test("a refused send is recorded without the address and sent at the next run", async () => {
    today = "2099-03-30";
    sink.refuse = true;
    const delivered = mailTo(focal.email).length;
    await jobs.runOnce();
    const [failed] = (await listMailOf(t.db, focal.id)).filter((m) => m.kind === "plazo_1_dia");
    assert.ok(failed);
    assert.equal(failed.status, "pendiente");
    assert.equal(failed.attempts, 1);
    assert.match(failed.lastError ?? "", /550/);
    assert.doesNotMatch(failed.lastError ?? "", /@/);
    assert.equal(mailTo(focal.email).length, delivered, "nothing reached the inbox");

    sink.refuse = false;
    await jobs.runOnce();
    const [retried] = (await listMailOf(t.db, focal.id)).filter((m) => m.kind === "plazo_1_dia");
    assert.equal(retried?.status, "enviado");
    assert.equal(retried?.attempts, 2);
    assert.equal(retried?.lastError, null);
    assert.equal(mailTo(focal.email).length, delivered + 1);
    // The log names counts and mail ids, never an address or a mail's text.
    assert.ok(log.some((l) => /fallidos \(ids \d+/.test(l)));
    assert.ok(
      log.every((l) => !l.includes("@") && !l.includes("SUNAFIL")),
      log.join("\n"),
    );
  });
});
