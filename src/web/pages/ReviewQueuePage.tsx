import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useLocation } from "wouter";
import { VALUE_WARNING_CODES } from "../../shared/validation/measurement-rules.ts";
import { api } from "../api-client.ts";
import { ErrorBox, Loading, Notice, PageTitle, StatusBadge, TableWrap } from "../components/ui.tsx";
import { formatDateTime, formatNumber } from "../format.ts";
import { useT } from "../i18n/index.tsx";
import { navigate, useQueryString } from "../navigation.ts";
import { queries } from "../queries.ts";
import { useSession } from "../session.tsx";

const STATUSES = ["enviado", "observado", "borrador", "validado"] as const;
const PAGE_SIZE = 50;

/** The values' warnings the queue filters by (the shared rules' codes), in the menu's order. */
const WARNINGS = ["cualquiera", ...VALUE_WARNING_CODES] as const;
type WarningOption = (typeof WARNINGS)[number];

/**
 * The filters, kept in the address (?estado=&anio=&entidad=&advertencia=) so a filtered queue
 * can be shared, reloaded and reached with the browser's back button; the server applies them.
 */
function useReviewFilters() {
  const [path] = useLocation();
  const query = useQueryString();
  const rawStatus = query.get("estado");
  const status = rawStatus === "todos" ? "" : (STATUSES.find((s) => s === rawStatus) ?? "enviado");
  const year = /^\d{4}$/.test(query.get("anio") ?? "") ? (query.get("anio") as string) : "";
  const entity = query.get("entidad") ?? "";
  const warning = WARNINGS.find((w) => w === query.get("advertencia")) ?? "";
  const set = (key: "estado" | "anio" | "entidad" | "advertencia", value: string) => {
    const next = new URLSearchParams(query);
    if (value === "") next.delete(key);
    else next.set(key, value);
    const qs = next.toString();
    navigate(qs ? `${path}?${qs}` : path, { replace: true, scroll: false });
  };
  return { status, year, entity, warning: warning as WarningOption | "", set };
}

/** /revision — submitted values waiting for the administrator. */
export function ReviewQueuePage() {
  const t = useT();
  const { policy, can } = useSession();
  const filters = useReviewFilters();
  const { status, year, entity, warning } = filters;
  // Bulk validation: the values ticked, with the version the reviewer saw.
  const [selected, setSelected] = useState<Map<number, number>>(new Map());
  const [bulk, setBulk] = useState<Awaited<ReturnType<typeof api.validateMany>> | null>(null);
  const [bulkError, setBulkError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const canReview = can("measurement.review");
  const entities = useQuery(queries.entities());
  // The server sends one page and the total (ADR 0036): the list is never cut silently. A
  // change of filter starts again at the first page.
  const filterKey = `${status}|${year}|${entity}|${warning}`;
  const [pageAt, setPageAt] = useState({ key: filterKey, offset: 0 });
  const offset = pageAt.key === filterKey ? pageAt.offset : 0;
  const setOffset = (n: number) => setPageAt({ key: filterKey, offset: n });
  const list = useQuery(
    queries.measurements(policy, {
      status: status || undefined,
      year: year ? Number(year) : undefined,
      entity: entity || undefined,
      warning: warning || undefined,
      limit: PAGE_SIZE,
      offset,
    }),
  );
  const page = list.data;
  const thisYear = new Date().getFullYear();
  const toggle = (id: number, lockVersion: number) =>
    setSelected((old) => {
      const next = new Map(old);
      if (next.has(id)) next.delete(id);
      else next.set(id, lockVersion);
      return next;
    });
  async function validateSelected() {
    if (!window.confirm(t("review.bulkConfirm", { count: selected.size }))) return;
    setBusy(true);
    setBulkError(null);
    try {
      const items = [...selected].map(([id, lockVersion]) => ({ id, lockVersion }));
      setBulk(await api.validateMany({ items }));
      setSelected(new Map());
    } catch (err) {
      setBulkError(err);
    } finally {
      setBusy(false);
    }
  }
  const label = (id: number) => {
    const m = list.data?.items.find((x) => x.id === id);
    return m ? `${m.indicator.code} · ${m.reportedForEntity}` : `#${id}`;
  };
  const years = Array.from({ length: thisYear - 2022 + 2 }, (_, i) => 2022 + i);

  return (
    <>
      <PageTitle text={t("review.title")}>{t("review.title")}</PageTitle>
      <p className="lead">{t("review.intro")}</p>
      <div className="toolbar">
        <div className="field field-inline">
          <label htmlFor="review-status">{t("review.filterStatus")}</label>
          <select
            id="review-status"
            value={status === "" ? "todos" : status}
            onChange={(e) =>
              filters.set("estado", e.target.value === "enviado" ? "" : e.target.value)
            }
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
            <option value="todos">{t("tasks.all")}</option>
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor="review-year">{t("review.filterYear")}</label>
          <select
            id="review-year"
            value={year}
            onChange={(e) => filters.set("anio", e.target.value)}
          >
            <option value="">{t("tasks.all")}</option>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor="review-entity">{t("review.filterEntity")}</label>
          <select
            id="review-entity"
            value={entity}
            onChange={(e) => filters.set("entidad", e.target.value)}
          >
            <option value="">{t("tasks.all")}</option>
            {entity !== "" && !entities.data?.some((x) => x.code === entity) && (
              <option value={entity}>{entity}</option>
            )}
            {(entities.data ?? []).map((x) => (
              <option key={x.code} value={x.code}>
                {x.code}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor="review-warning">{t("review.filterWarning")}</label>
          <select
            id="review-warning"
            value={warning}
            onChange={(e) => filters.set("advertencia", e.target.value)}
          >
            <option value="">{t("review.warningNone")}</option>
            {WARNINGS.map((w) => (
              <option key={w} value={w}>
                {t(`review.warnings.${w}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {canReview && selected.size > 0 && (
        <div className="toolbar">
          <button
            type="button"
            className="button-primary"
            disabled={busy}
            onClick={() => void validateSelected()}
          >
            {t("review.bulkValidate", { count: selected.size })}
          </button>
        </div>
      )}
      {bulkError !== null && <ErrorBox error={bulkError} />}
      {bulk && (
        <Notice kind={bulk.failed ? "warning" : "success"}>
          <span data-testid="bulk-result">
            {t("review.bulkResult", { validated: bulk.validated, failed: bulk.failed })}
          </span>
          {bulk.failed > 0 && (
            <ul>
              {bulk.results
                .filter((r) => !r.ok)
                .map((r) => (
                  <li key={r.id}>
                    {label(r.id)}: {r.error?.message}
                  </li>
                ))}
            </ul>
          )}
        </Notice>
      )}
      {list.error ? (
        <ErrorBox error={list.error} onRetry={() => void list.refetch()} />
      ) : !page ? (
        <Loading />
      ) : page.items.length === 0 ? (
        <p className="empty">{t(warning || entity ? "review.emptyFiltered" : "review.empty")}</p>
      ) : (
        <>
          <TableWrap label={t("review.title")}>
            <table className="data-table stack-on-phone">
              <thead>
                <tr>
                  {canReview && (
                    <th scope="col">
                      <span className="visually-hidden">{t("review.select")}</span>
                    </th>
                  )}
                  <th scope="col">{t("tasks.indicator")}</th>
                  <th scope="col">{t("tasks.entity")}</th>
                  <th scope="col">{t("tasks.period")}</th>
                  <th scope="col" className="num">
                    {t("entry.value")}
                  </th>
                  <th scope="col">{t("tasks.status")}</th>
                  <th scope="col">{t("review.submittedAt")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t("tasks.action")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((m) => (
                  <tr key={m.id} data-indicator={m.indicator.code}>
                    {canReview && (
                      <td>
                        {m.status === "enviado" && (
                          <input
                            type="checkbox"
                            checked={selected.has(m.id)}
                            onChange={() => toggle(m.id, m.lockVersion)}
                            aria-label={`${t("review.select")} ${m.indicator.code} ${m.reportedForEntity}`}
                          />
                        )}
                      </td>
                    )}
                    <td>
                      <strong className="code">{m.indicator.code}</strong> {m.indicator.name}
                    </td>
                    <td data-label={t("tasks.entity")}>{m.reportedForEntity}</td>
                    <td className="nowrap" data-label={t("tasks.period")}>
                      {t(`periods.${m.period}`)} {m.year}
                    </td>
                    <td className="num" data-label={t("entry.value")}>
                      {formatNumber(m.value, t("locale"), 4)}
                    </td>
                    <td data-label={t("tasks.status")}>
                      <StatusBadge status={m.status} />
                      {m.findings.some((f) => f.severity === "warning") && (
                        <span className="tag tag-warning">{t("entry.severity.warning")}</span>
                      )}
                    </td>
                    <td className="nowrap" data-label={t("review.submittedAt")}>
                      {formatDateTime(m.submittedAt, t("locale"))}
                    </td>
                    <td>
                      <Link
                        className="button-link"
                        to={`/mediciones/${m.id}`}
                        aria-label={`${t("review.open")} ${m.indicator.code} ${m.reportedForEntity}`}
                      >
                        {t("review.open")}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <nav className="toolbar" aria-label={t("review.pages")}>
            <span data-testid="review-page-range">
              {t("review.pageRange", {
                from: offset + 1,
                to: offset + page.items.length,
                total: page.total,
              })}
            </span>
            <button
              type="button"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}
            >
              {t("review.previousPage")}
            </button>
            <button
              type="button"
              disabled={page.nextOffset === null}
              onClick={() => page.nextOffset !== null && setOffset(page.nextOffset)}
            >
              {t("review.nextPage")}
            </button>
          </nav>
        </>
      )}
    </>
  );
}
