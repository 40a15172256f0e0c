import { systemActor } from "../../shared/actor.ts";
import { todayInLima } from "../../shared/dates.ts";
import type { Database } from "../db/connect.ts";
import { purgeExpiredLinkageData } from "../features/linkage/linkage-retention.service.ts";
import { deliverPendingMail } from "../features/notifications/mail-delivery.service.ts";
import { runDailyReminders } from "../features/notifications/reminders.service.ts";
import { describeMailError, type Mailer } from "../mail/mailer.ts";

/**
 * The server's notification jobs (ADR 0028), on one timer: at start and every few minutes,
 * today's reminders if the job-run table has no finished run for today (so a restart neither
 * skips nor repeats a day), then the outbox. Ticks never overlap. The log names counts and
 * mail ids, never an address or a mail's text.
 */

export const JOB_INTERVAL_MS = 5 * 60 * 1000;

export interface NotificationJobs {
  /** One tick now (or the one running): what the timer does. */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

export function startNotificationJobs(options: {
  db: Database;
  mailer: Mailer | null;
  publicUrl?: string | null;
  log?: (line: string) => void;
  intervalMs?: number;
  /** Encodings and linkage runs older than this are deleted at each tick (none: not purged). */
  linkageRetentionDays?: number;
  today?: () => string;
  /** Tests drive the ticks with runOnce. */
  timer?: boolean;
}): NotificationJobs {
  const log = options.log ?? console.log;
  const today = options.today ?? (() => todayInLima());
  let running: Promise<void> | null = null;

  async function tick(): Promise<void> {
    const day = today();
    try {
      const reminders = await runDailyReminders(options.db, day);
      if (reminders.ran)
        log(
          `Vigía: recordatorios del ${day}: ${reminders.detail.notifications} notificaciones en ${reminders.detail.periods} periodos; ${reminders.detail.accessRequestNotifications} por ${reminders.detail.accessRequests} solicitudes de acceso`,
        );
    } catch (err) {
      log(`Vigía: los recordatorios del ${day} fallaron: ${describeMailError(err)}`);
    }
    try {
      const mail = await deliverPendingMail(options.db, options.mailer, {
        publicUrl: options.publicUrl ?? null,
      });
      if (mail.sent.length || mail.failed.length)
        log(
          `Vigía: correo: ${mail.sent.length} enviados, ${mail.failed.length} fallidos${
            mail.failed.length ? ` (ids ${mail.failed.join(", ")}; se reintentan)` : ""
          }`,
        );
    } catch (err) {
      log(`Vigía: el envío de correo falló: ${describeMailError(err)}`);
    }
    if (options.linkageRetentionDays !== undefined) {
      try {
        const purged = await purgeExpiredLinkageData(options.db, systemActor("retencion-enlace"), {
          retentionDays: options.linkageRetentionDays,
        });
        // Counts only: what was deleted is record-level data.
        if (purged.batches + purged.runs > 0)
          log(
            `Vigía: retención del enlace: ${purged.batches} lotes (${purged.encodings} codificaciones) y ${purged.runs} enlaces anteriores al ${purged.cutoff.slice(0, 10)} borrados`,
          );
      } catch (err) {
        log(`Vigía: la retención del enlace falló: ${(err as Error).message}`);
      }
    }
  }

  const runOnce = () => {
    running ??= tick().finally(() => {
      running = null;
    });
    return running;
  };

  let timer: ReturnType<typeof setInterval> | null = null;
  if (options.timer !== false) {
    void runOnce();
    timer = setInterval(() => void runOnce(), options.intervalMs ?? JOB_INTERVAL_MS);
    timer.unref();
  }
  return {
    runOnce,
    async stop() {
      if (timer) clearInterval(timer);
      await running;
      options.mailer?.close();
    },
  };
}
