import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";
import { Link } from "wouter";
import { formatDateTime } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";
import { refreshOfflineData } from "../../offline/offline-data.ts";
import { listQueue } from "../../offline/queue.ts";
import { offlineDb } from "../../offline/store.ts";
import { syncQueue } from "../../offline/sync.ts";
import { useLive } from "../../offline/use-live.ts";
import { useOnline } from "../../offline/use-online.ts";
import { useSession } from "../../session.tsx";

/**
 * Always in view for a focal point: online or not, what is queued on this device, when it last
 * synchronised (ADR 0024). It also drives the synchronisation: on every online visit and when
 * the connection returns, the queue is sent and the offline data refreshed.
 */
export function OfflineBanner() {
  const t = useT();
  const online = useOnline();
  const { session, state, can, policy, offline, refresh } = useSession();
  const queryClient = useQueryClient();
  const userId = session?.user.id ?? null;
  const reports = can("measurement.report");
  const items = useLive(
    () => (userId === null ? Promise.resolve([]) : listQueue(userId)),
    [userId],
    [],
  );
  const lastSync = useLive(
    () => (userId === null ? Promise.resolve(undefined) : offlineDb.sync.get(userId)),
    [userId],
    undefined,
  );
  const snapshot = useLive(
    () =>
      userId === null ? Promise.resolve(undefined) : offlineDb.snapshots.get(`${userId}|${policy}`),
    [userId, policy],
    undefined,
  );
  // Rows left by a session that expired: said on the sign-in page, kept for the next sign-in.
  const leftOver = useLive(() => offlineDb.queue.count(), [], 0);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const run = useCallback(async () => {
    if (userId === null) return;
    setBusy(true);
    try {
      // A session opened offline has no CSRF token yet: ask for the session first.
      if (offline) await refresh();
      const outcome = await syncQueue(userId);
      if (outcome.stopped === "session") setMessage(t("offline.sessionExpired"));
      else if (outcome.sent > 0) setMessage(t("offline.synced", { count: outcome.sent }));
      if (outcome.stopped === null) await refreshOfflineData(userId, policy).catch(() => {});
      if (outcome.sent > 0) await queryClient.invalidateQueries();
    } catch (err) {
      console.warn("sync", err);
    } finally {
      setBusy(false);
    }
  }, [userId, offline, refresh, policy, queryClient, t]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: on arrival and on reconnection only
  useEffect(() => {
    if (online && reports) void run();
  }, [online, userId, reports]);

  if (state.status === "anonymous" && state.expired && leftOver > 0)
    return (
      <section className="offline-banner" data-online={online} role="status">
        <span>{t("offline.sessionExpired")}</span>
      </section>
    );
  if (!reports) return null;
  const pending = items.filter((i) => i.state !== "conflicto").length;
  const conflicts = items.length - pending;
  return (
    <section
      className="offline-banner"
      data-online={online}
      data-testid="offline-banner"
      aria-label={online ? t("offline.online") : t("offline.offline")}
    >
      <strong className="connection" data-testid="connection">
        {online ? t("offline.online") : t("offline.offline")}
      </strong>
      {!online && <span className="help">{t("offline.offlineHelp")}</span>}
      <Link to="/cola" data-testid="queue-count">
        {t("offline.queued", { count: pending })}
      </Link>
      {conflicts > 0 && (
        <Link to="/cola" className="conflict-count" data-testid="conflict-count">
          {t("offline.conflicts", { count: conflicts })}
        </Link>
      )}
      <span data-testid="last-sync">
        {lastSync?.lastSync
          ? t("offline.lastSync", { when: formatDateTime(lastSync.lastSync, t("locale")) })
          : t("offline.neverSynced")}
      </span>
      {snapshot && (
        <span className="help">
          {t("offline.dataSaved", { when: formatDateTime(snapshot.savedAt, t("locale")) })}
        </span>
      )}
      {online && pending > 0 && (
        <button
          type="button"
          className="button-secondary"
          disabled={busy}
          onClick={() => void run()}
        >
          {busy ? t("offline.syncing") : t("offline.syncNow")}
        </button>
      )}
      <span aria-live="polite" data-testid="sync-message">
        {message}
      </span>
    </section>
  );
}
