import type { Database } from "../../db/connect.ts";
import { describeMailError, type Mailer } from "../../mail/mailer.ts";
import {
  closeMail,
  listPendingMail,
  markMailFailed,
  markMailSent,
} from "./mail-outbox.repository.ts";

/**
 * Sends the outbox (ADR 0028). Each mail is tried at every run until the SMTP server takes
 * it; a failure is recorded on the mail (attempts, error without addresses) and tried again
 * at the next run. A mail that could not go out within a week is closed as «caducado»: a
 * reminder of a deadline long past is noise. Without SMTP the queue is closed as «omitido»,
 * so configuring SMTP later does not send a backlog of old news.
 */

export const MAIL_MAX_AGE_DAYS = 7;
const BATCH = 200;

export interface DeliveryResult {
  sent: number[];
  failed: number[];
  closed: number;
}

export async function deliverPendingMail(
  db: Database,
  mailer: Mailer | null,
  options: { publicUrl?: string | null; now?: Date } = {},
): Promise<DeliveryResult> {
  const now = options.now ?? new Date();
  const pending = await listPendingMail(db, BATCH);
  const result: DeliveryResult = { sent: [], failed: [], closed: 0 };
  if (!mailer) {
    await closeMail(
      db,
      pending.map((m) => Number(m.id)),
      "omitido",
      "VIGIA_SMTP_URL no configurado",
    );
    result.closed = pending.length;
    return result;
  }
  const oldest = now.getTime() - MAIL_MAX_AGE_DAYS * 86_400_000;
  const expired = pending.filter((m) => new Date(m.createdAt).getTime() < oldest);
  const inactive = pending.filter((m) => !m.isActive && !expired.includes(m));
  await closeMail(
    db,
    expired.map((m) => Number(m.id)),
    "caducado",
    "más de 7 días sin enviarse",
  );
  await closeMail(
    db,
    inactive.map((m) => Number(m.id)),
    "caducado",
    "cuenta inactiva",
  );
  result.closed = expired.length + inactive.length;
  const base = options.publicUrl?.replace(/\/+$/, "") ?? null;
  for (const mail of pending) {
    if (expired.includes(mail) || inactive.includes(mail)) continue;
    const id = Number(mail.id);
    const link = base && mail.linkPath ? `\n\n${base}${mail.linkPath}` : "";
    try {
      const info = await mailer.send({
        to: mail.email,
        subject: mail.subject,
        text: mail.body + link,
      });
      await markMailSent(db, id, info.messageId);
      result.sent.push(id);
    } catch (err) {
      await markMailFailed(db, id, describeMailError(err));
      result.failed.push(id);
    }
  }
  return result;
}
