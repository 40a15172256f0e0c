import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "wouter";
import type { Task } from "../api-client.ts";
import { ErrorBox, Loading, PageTitle, StatusBadge, TableWrap } from "../components/ui.tsx";
import { formatDate } from "../format.ts";
import { useT } from "../i18n/index.tsx";
import { queries } from "../queries.ts";
import { useSession } from "../session.tsx";

/** Where a task leads: its measurement, or the form for a new one. */
export function taskHref(task: Task): string {
  if (task.measurementId !== null) return `/mediciones/${task.measurementId}`;
  const qs = new URLSearchParams({ entidad: task.entity });
  return `/registro/${encodeURIComponent(task.indicator.code)}/${task.year}/${task.period}?${qs}`;
}

const STATUS_ORDER = ["observado", "pendiente", "borrador", "enviado", "validado"] as const;

export function TasksPage() {
  const t = useT();
  const { policy } = useSession();
  const tasks = useQuery(queries.tasks(policy));
  const [filter, setFilter] = useState<string>("");

  if (tasks.error) return <ErrorBox error={tasks.error} onRetry={() => void tasks.refetch()} />;
  const list = (tasks.data ?? [])
    .filter((task) => !filter || task.status === filter)
    .sort(
      (a, b) =>
        Number(b.isLate) - Number(a.isLate) ||
        STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) ||
        a.deadline.localeCompare(b.deadline) ||
        a.indicator.code.localeCompare(b.indicator.code, "es", { numeric: true }),
    );
  const late = (tasks.data ?? []).filter((task) => task.isLate).length;

  return (
    <>
      <PageTitle text={t("tasks.title")}>{t("tasks.title")}</PageTitle>
      <p className="lead">{t("tasks.intro")}</p>
      <div className="toolbar">
        <div className="field field-inline">
          <label htmlFor="tasks-status">{t("tasks.filterStatus")}</label>
          <select id="tasks-status" value={filter} onChange={(e) => setFilter(e.target.value)}>
            <option value="">{t("tasks.all")}</option>
            {STATUS_ORDER.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        {tasks.data && (
          <p className="toolbar-summary" aria-live="polite">
            {t("tasks.total", { count: tasks.data.length })}
            {late > 0 && t("tasks.late", { count: late })}
          </p>
        )}
      </div>
      {!tasks.data ? (
        <Loading />
      ) : list.length === 0 ? (
        <p className="empty">{t("tasks.empty")}</p>
      ) : (
        <TableWrap label={t("tasks.title")}>
          <table className="data-table tasks-table stack-on-phone">
            <thead>
              <tr>
                <th scope="col">{t("tasks.indicator")}</th>
                <th scope="col">{t("tasks.entity")}</th>
                <th scope="col">{t("tasks.period")}</th>
                <th scope="col">{t("tasks.deadline")}</th>
                <th scope="col">{t("tasks.status")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("tasks.action")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((task) => (
                <tr
                  key={`${task.indicator.code}-${task.entity}-${task.year}-${task.period}`}
                  className={task.isLate ? "row-late" : undefined}
                  data-indicator={task.indicator.code}
                >
                  <td>
                    <strong className="code">{task.indicator.code}</strong> {task.indicator.name}
                  </td>
                  <td data-label={t("tasks.entity")}>
                    {task.entity}
                    {task.grant === "delegada" && (
                      <span className="tag" title={t("grant.delegada")}>
                        {" "}
                        {t("grant.delegada")}
                      </span>
                    )}
                  </td>
                  <td className="nowrap" data-label={t("tasks.period")}>
                    {t(`periods.${task.period}`)} {task.year}
                  </td>
                  <td className="nowrap" data-label={t("tasks.deadline")}>
                    {formatDate(task.deadline, t("locale"))}
                    {task.isLate && <span className="late-flag">{t("tasks.late")}</span>}
                  </td>
                  <td data-label={t("tasks.status")}>
                    <StatusBadge status={task.status} />
                  </td>
                  <td>
                    <Link
                      className="button-link"
                      to={taskHref(task)}
                      aria-label={`${task.measurementId === null ? t("tasks.report") : t("tasks.open")} ${task.indicator.code} ${t(`periods.${task.period}`)} ${task.year}`}
                    >
                      {task.measurementId === null ? t("tasks.report") : t("tasks.open")}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}
