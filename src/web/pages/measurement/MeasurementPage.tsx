import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { ApiError, type Task } from "../../api-client.ts";
import { Loading, PageError } from "../../components/ui.tsx";
import { useT } from "../../i18n/index.tsx";
import { navigate } from "../../navigation.ts";
import { queries } from "../../queries.ts";
import { useSession } from "../../session.tsx";
import { MeasurementEditor } from "./MeasurementEditor.tsx";
import { findPeriod, type NewMeasurementKey } from "./use-measurement-context.ts";

export type { NewMeasurementKey } from "./use-measurement-context.ts";

/** /mediciones/:id — one value: data entry for the focal point, review for the administrator. */
export function MeasurementPage({ id }: { id: number }) {
  const t = useT();
  const { can } = useSession();
  const measurement = useQuery(queries.measurement(id));
  const back = can("measurement.review")
    ? { to: "/revision", label: t("review.title") }
    : { to: "/tareas", label: t("entry.back") };
  // A failed refetch in the background (after a change, say) keeps the editor and its typing.
  if (measurement.error && !measurement.data)
    return <PageError error={measurement.error} back={back} />;
  if (!measurement.data) return <Loading />;
  return (
    <MeasurementEditor
      key={`${measurement.data.id}`}
      initial={measurement.data}
      task={null}
      fresh={null}
      title={t("entry.title", { code: measurement.data.indicator.code })}
    />
  );
}

/** /registro/:indicator/:year/:period — a value not yet created, reached from "Mis tareas". */
export function NewMeasurementPage({ fresh }: { fresh: NewMeasurementKey }) {
  const t = useT();
  const { policy } = useSession();
  const tasks = useQuery(queries.tasks(policy));
  const periods = useQuery(queries.periods(policy));
  // The tasks as they were when the page opened. The first save makes the list stale and it is
  // fetched again; the value this editor is creating must not move the page under it.
  const [arrival, setArrival] = useState<Task[] | null>(null);
  if (tasks.data && arrival === null) setArrival(tasks.data);
  const task = arrival?.find(
    (x) =>
      x.indicator.code === fresh.indicator &&
      x.year === fresh.year &&
      x.period === fresh.period &&
      (fresh.entity === null || x.entity === fresh.entity),
  );
  useEffect(() => {
    if (task?.measurementId)
      navigate(`/mediciones/${task.measurementId}`, { replace: true, force: true });
  }, [task]);
  const back = { to: "/tareas", label: t("entry.back") };
  if (tasks.error && !arrival) return <PageError error={tasks.error} back={back} />;
  if (!arrival || (!task && !periods.data && !periods.error)) return <Loading />;
  if (!task) {
    // Tasks exist only in open periods: say why there is none before blaming permissions.
    const period = findPeriod(periods.data, fresh.year, fresh.period);
    const label = t("entry.period", { year: fresh.year, period: t(`periods.${fresh.period}`) });
    const text =
      period?.status === "cerrado"
        ? t("entry.periodClosed", { period: label })
        : period === null && periods.data
          ? t("entry.periodNotOpened", { period: label })
          : t("errors.forbidden");
    return <PageError error={new ApiError(403, "forbidden", text)} back={back} />;
  }
  if (task.measurementId) return <Loading />;
  return (
    <MeasurementEditor
      initial={null}
      task={task}
      fresh={{ ...fresh, entity: task.entity }}
      title={t("entry.title", { code: task.indicator.code })}
    />
  );
}
