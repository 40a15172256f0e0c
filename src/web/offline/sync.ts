import type { Measurement, RuleContext } from "../../shared/contracts/data-entry.contract.ts";
import { ApiError, api } from "../api-client.ts";
import { isNetworkError } from "./offline-data.ts";
import { filesOf, listQueue, patchItem, removeItem } from "./queue.ts";
import { type ConflictReason, offlineDb, type QueueItem } from "./store.ts";

/**
 * Sends the queue when the connection returns, oldest first (ADR 0024). Each write carries the
 * version the person edited and its idempotency key; the server checks the rules again. What
 * would overwrite someone else's work (the value changed, the period closed, the meta moved) is
 * stopped as a conflict for the person to decide, never written. No connection or an expired
 * session stops the run and leaves the queue as it is.
 */

export interface SyncOutcome {
  sent: number;
  conflicts: number;
  errors: number;
  /** Why the run stopped early: no connection, or a session to open again. */
  stopped: null | "offline" | "session";
}

type ItemResult = "sent" | "conflict" | "error" | "offline" | "session" | "skipped";

/** The fields a write sets, compared to tell whether a replayed create still needs an update. */
function sameAsBody(m: Measurement, body: QueueItem["body"]): boolean {
  const typed = m.valueDerived ? null : m.value;
  return (
    typed === body.value &&
    m.numerator === body.numerator &&
    m.denominator === body.denominator &&
    m.logros === body.logros &&
    m.dificultades === body.dificultades &&
    m.medidas === body.medidas &&
    m.sourceSystem === body.sourceSystem &&
    m.justification === body.justification &&
    JSON.stringify(m.disaggregations) === JSON.stringify(body.disaggregations)
  );
}

async function conflict(
  item: QueueItem,
  reason: ConflictReason,
  message: string,
  server: Measurement | null,
  serverContext: RuleContext | null,
): Promise<ItemResult> {
  await patchItem(item.id, {
    state: "conflicto",
    conflict: { reason, message, server, serverContext },
  });
  return "conflict";
}

/** The value someone else started for the same task (a create refused as «in progress»). */
async function valueInProgress(item: QueueItem): Promise<Measurement | null> {
  const tasks = await api.tasks(item.policy);
  const task = tasks.find(
    (t) =>
      t.indicator.code === item.indicator &&
      t.year === item.year &&
      t.period === item.period &&
      (item.entity === null || t.entity === item.entity),
  );
  return task?.measurementId ? api.measurement(task.measurementId) : null;
}

async function uploadFiles(item: QueueItem, measurementId: number): Promise<boolean> {
  const files = await filesOf(item.id);
  for (const file of files) {
    try {
      await api.uploadEvidence(
        measurementId,
        new File([file.blob], file.name, { type: file.type }),
      );
    } catch (err) {
      // The same file already attached: an earlier run uploaded it and lost the answer.
      if (!(err instanceof ApiError && err.key === "evidence.duplicate")) throw err;
    }
    if (file.id !== undefined) await offlineDb.files.delete(file.id);
  }
  return files.length > 0;
}

async function syncItem(item: QueueItem): Promise<ItemResult> {
  try {
    let m: Measurement | null = null;
    let context: RuleContext;
    if (item.measurementId !== null) {
      m = await api.measurement(item.measurementId);
      if (m.lockVersion !== item.lockVersion)
        return conflict(item, "stale", "measurement.stale", m, m.ruleContext);
      context = m.ruleContext;
    } else {
      context = await api.ruleContext(item.policy, item.indicator, item.year, item.period);
    }
    // The rules ran offline against the meta held then; a new meta may change their verdict.
    if (!item.acceptMeta && context.meta !== item.context.meta)
      return conflict(item, "meta", "offline.metaChanged", m, context);

    if (m === null) {
      m = await api.createMeasurement(item.policy, item.indicator, {
        ...item.body,
        year: item.year,
        period: item.period,
        ...(item.entity ? { reportedForEntity: item.entity } : {}),
        idempotencyKey: item.keys.create,
      });
      await patchItem(item.id, { measurementId: m.id, lockVersion: m.lockVersion });
    }
    if (!sameAsBody(m, item.body)) {
      m = await api.updateMeasurement(m.id, {
        ...item.body,
        lockVersion: m.lockVersion,
        idempotencyKey: item.keys.update,
      });
      await patchItem(item.id, { measurementId: m.id, lockVersion: m.lockVersion });
    }
    if (await uploadFiles(item, m.id)) m = await api.measurement(m.id);
    if (item.wanted === "listo" && m.status !== "enviado") {
      m = await api.submit(m.id, {
        lockVersion: m.lockVersion,
        justification: item.body.justification,
        idempotencyKey: item.keys.submit,
      });
    }
    await removeItem(item.id);
    return "sent";
  } catch (err) {
    if (isNetworkError(err)) return "offline";
    if (!(err instanceof ApiError)) throw err;
    if (err.status === 401) return "session";
    const current = await offlineDb.queue.get(item.id);
    const latest = current ?? item;
    if (err.key === "measurement.stale" || err.key === "measurement.state") {
      const server = latest.measurementId ? await api.measurement(latest.measurementId) : null;
      return conflict(
        latest,
        err.key === "measurement.stale" ? "stale" : "state",
        err.key,
        server,
        server?.ruleContext ?? null,
      );
    }
    if (err.key === "measurement.inProgress") {
      const server = await valueInProgress(latest);
      return conflict(latest, "inProgress", err.key, server, server?.ruleContext ?? null);
    }
    if (err.key === "period.closed" || err.key === "period.notOpened")
      return conflict(latest, "closed", err.message, null, null);
    const detail = err.issues.map((i) => i.message).join(" ");
    await patchItem(item.id, {
      state: "error",
      error: [err.message, detail].filter(Boolean).join(" "),
    });
    return "error";
  }
}

let running: Promise<SyncOutcome> | null = null;

/** Sends the user's queue; one run at a time (a second call joins the one under way). */
export function syncQueue(userId: number): Promise<SyncOutcome> {
  if (running) return running;
  running = (async () => {
    const outcome: SyncOutcome = { sent: 0, conflicts: 0, errors: 0, stopped: null };
    for (const item of await listQueue(userId)) {
      if (item.state !== "borrador" && item.state !== "listo") continue;
      const result = await syncItem(item);
      if (result === "sent") outcome.sent++;
      else if (result === "conflict") outcome.conflicts++;
      else if (result === "error") outcome.errors++;
      else if (result === "offline" || result === "session") {
        outcome.stopped = result;
        break;
      }
    }
    if (outcome.stopped === null)
      await offlineDb.sync.put({ userId, lastSync: new Date().toISOString() });
    return outcome;
  })().finally(() => {
    running = null;
  });
  return running;
}
