import { Link } from "wouter";
import type { Measurement } from "../../api-client.ts";
import { PageTitle, StatusBadge } from "../../components/ui.tsx";
import { formatDateTime, formatNumber } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";
import { navigate } from "../../navigation.ts";
import { editableOnServer, keepMine, listQueue, removeItem } from "../../offline/queue.ts";
import { offlineDb, type QueueItem, wipeDevice } from "../../offline/store.ts";
import { useLive } from "../../offline/use-live.ts";
import { useSession } from "../../session.tsx";

/** Where an item is edited: its value's page, or the form of its task. */
function itemHref(item: QueueItem): string {
  if (item.measurementId !== null) return `/mediciones/${item.measurementId}`;
  const qs = item.entity ? `?${new URLSearchParams({ entidad: item.entity })}` : "";
  return `/registro/${encodeURIComponent(item.indicator)}/${item.year}/${item.period}${qs}`;
}

/** The two versions side by side: the person picks one, nothing is overwritten for it. */
function ConflictView({ item }: { item: QueueItem }) {
  const t = useT();
  const locale = t("locale");
  const conflict = item.conflict;
  if (!conflict) return null;
  const server: Measurement | null = conflict.server;
  const rows: [string, string, string][] = [
    [
      t("offline.field.value"),
      formatNumber(item.body.value, locale, 4),
      server ? formatNumber(server.value, locale, 4) : "—",
    ],
    [
      t("offline.field.numerator"),
      formatNumber(item.body.numerator, locale, 4),
      server ? formatNumber(server.numerator, locale, 4) : "—",
    ],
    [
      t("offline.field.denominator"),
      formatNumber(item.body.denominator, locale, 4),
      server ? formatNumber(server.denominator, locale, 4) : "—",
    ],
    [
      t("offline.field.meta"),
      formatNumber(item.context.meta, locale, 4),
      formatNumber(conflict.serverContext?.meta ?? null, locale, 4),
    ],
  ];
  const canKeepMine = conflict.reason !== "closed" && editableOnServer(server);
  return (
    <div className="conflict" data-reason={conflict.reason}>
      <p className="conflict-reason">{t(`offline.reason.${conflict.reason}`)}</p>
      <table className="data-table conflict-table">
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">{t("offline.field.value")}</span>
            </th>
            <th scope="col">{t("offline.mine")}</th>
            <th scope="col">{t("offline.server")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, mine, theirs]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td data-testid="mine">{mine}</td>
              <td data-testid="theirs">{theirs}</td>
            </tr>
          ))}
          {server && (
            <tr>
              <th scope="row">{t("offline.field.status")}</th>
              <td>{t(`offline.state.${item.wanted}`)}</td>
              <td>
                <StatusBadge status={server.status} /> {formatDateTime(server.updatedAt, locale)}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {!canKeepMine && <p className="help">{t("offline.cannotOverwrite")}</p>}
      <div className="actions">
        <button
          type="button"
          className="button-primary"
          disabled={!canKeepMine}
          onClick={() => void keepMine(item)}
        >
          {t("offline.keepMine")}
        </button>
        <button type="button" className="button-secondary" onClick={() => void removeItem(item.id)}>
          {t("offline.keepServer")}
        </button>
      </div>
    </div>
  );
}

/** /cola — what this device holds for the signed-in person, and the wipe of the device. */
export function QueuePage() {
  const t = useT();
  const { session, logout } = useSession();
  const userId = session?.user.id ?? null;
  const items = useLive(
    () => (userId === null ? Promise.resolve([]) : listQueue(userId)),
    [userId],
    [],
  );
  const fileCounts = useLive(
    async () => {
      const counts = new Map<string, number>();
      if (userId === null) return counts;
      for (const f of await offlineDb.files.where("userId").equals(userId).toArray())
        counts.set(f.itemId, (counts.get(f.itemId) ?? 0) + 1);
      return counts;
    },
    [userId],
    new Map<string, number>(),
  );

  async function wipe() {
    if (!window.confirm(t("offline.wipeConfirm"))) return;
    await wipeDevice(offlineDb);
    await logout();
    navigate("/ingresar", { force: true });
  }

  return (
    <>
      <PageTitle text={t("offline.queueTitle")}>{t("offline.queueTitle")}</PageTitle>
      <p className="lead">{t("offline.queueIntro")}</p>
      {items.length === 0 ? (
        <p className="empty">{t("offline.queueEmpty")}</p>
      ) : (
        <ol className="queue-list">
          {items.map((item) => (
            <li
              key={item.id}
              className="queue-item"
              data-indicator={item.indicator}
              data-state={item.state}
            >
              <p>
                <strong className="code">{item.indicator}</strong> {item.indicatorName} ·{" "}
                {t(`periods.${item.period}`)} {item.year} ·{" "}
                <span className="tag">{t(`offline.state.${item.state}`)}</span>
                {(fileCounts.get(item.id) ?? 0) > 0 && (
                  <span className="tag">
                    {" "}
                    {t("offline.files", { count: fileCounts.get(item.id) ?? 0 })}
                  </span>
                )}{" "}
                <Link to={itemHref(item)}>{t("offline.edit")}</Link>
              </p>
              {item.error && <p className="error-text">{item.error}</p>}
              <ConflictView item={item} />
            </li>
          ))}
        </ol>
      )}
      <div className="actions">
        <button type="button" className="button-danger" onClick={() => void wipe()}>
          {t("offline.wipe")}
        </button>
      </div>
    </>
  );
}
