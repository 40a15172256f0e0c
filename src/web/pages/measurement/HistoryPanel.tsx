import type { Measurement } from "../../api-client.ts";
import { ActorName, StatusBadge, TableWrap } from "../../components/ui.tsx";
import { formatDateTime, formatNumber } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";

/** Every revision and workflow step of the value, as the append-only history records them. */
export function HistoryPanel({ m }: { m: Measurement }) {
  const t = useT();
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{t("entry.sectionHistory")}</h2>
      <TableWrap label={t("entry.sectionHistory")}>
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t("entry.historyRevision")}</th>
              <th scope="col">{t("entry.status")}</th>
              <th scope="col">{t("entry.historyValue")}</th>
              <th scope="col">{t("entry.historyReason")}</th>
              <th scope="col">{t("entry.historyBy")}</th>
              <th scope="col">{t("entry.historyAt")}</th>
            </tr>
          </thead>
          <tbody>
            {m.history.map((h) => (
              <tr key={`${h.revision}-${h.status}-${h.createdAt}`}>
                <td className="num">{h.revision}</td>
                <td>
                  <StatusBadge status={h.status} />
                </td>
                <td className="num">{formatNumber(h.value, t("locale"), 4)}</td>
                <td>{h.correctionReason ?? "—"}</td>
                <td>
                  <ActorName id={h.createdBy} user={h.createdByUser} />
                </td>
                <td className="nowrap">{formatDateTime(h.createdAt, t("locale"))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}
