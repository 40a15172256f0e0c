import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { canTransition } from "../../../shared/workflow/measurement-status.ts";
import type { Measurement, Period, RuleContext, Task } from "../../api-client.ts";
import { queries } from "../../queries.ts";
import { useSession } from "../../session.tsx";

export type PeriodCode = "ANUAL" | "S1" | "S2" | "T1" | "T2" | "T3" | "T4";
export interface NewMeasurementKey {
  indicator: string;
  year: number;
  period: PeriodCode;
  entity: string | null;
}

export const findPeriod = (
  periods: readonly Period[] | null | undefined,
  year: number,
  period: string,
) => periods?.find((p) => p.year === year && p.period === period) ?? null;

/**
 * What the value is about and whether this person may edit it: the indicator, the period (and
 * whether it is closed to them) and the context the rules need.
 */
export function useMeasurementContext({
  m,
  task,
  fresh,
}: {
  m: Measurement | null;
  task: Task | null;
  fresh: NewMeasurementKey | null;
}) {
  const { policy, can, session } = useSession();
  const indicator = m?.indicator ?? {
    code: task?.indicator.code ?? fresh?.indicator ?? "",
    name: task?.indicator.name ?? "",
    unit: task?.indicator.unit ?? "numero",
    isCumulative: false,
    version: 1,
  };
  const year = m?.year ?? fresh?.year ?? 0;
  const period = (m?.period ?? fresh?.period ?? "ANUAL") as PeriodCode;
  const status = m?.status ?? "borrador";
  // A closed period takes no more changes from focal points (the conductor may still correct).
  const periods = useQuery(queries.periods(policy));
  const periodRow = findPeriod(periods.data, year, period);
  const closedForMe = periodRow?.status === "cerrado" && session?.user.role !== "administrador";
  const editable =
    can("measurement.report") && (m === null || canTransition(m.status, "edit")) && !closedForMe;

  // What the server's rules need (meta, direction, the previous value of a cumulative
  // indicator): in the value's response, or asked for before the first save.
  const freshContext = useQuery(queries.ruleContext(policy, m === null ? fresh : null));
  const ruleContext = useMemo<RuleContext>(
    () =>
      m?.ruleContext ??
      freshContext.data ?? {
        unit: indicator.unit,
        isCumulative: indicator.isCumulative,
        direction: "ascendente",
        meta: null,
        previous: null,
      },
    [m, freshContext.data, indicator.unit, indicator.isCumulative],
  );
  return { indicator, year, period, status, closedForMe, editable, ruleContext };
}
