import type { Measurement, RuleContext } from "../../api-client.ts";
import { StatusBadge } from "../../components/ui.tsx";
import { formatNumber } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";
import type { PeriodCode } from "./use-measurement-context.ts";

/** What the value is about: period, entity, unit, meta, the previous value and its status. */
export function MeasurementFacts({
  m,
  year,
  period,
  entity,
  ruleContext,
}: {
  m: Measurement | null;
  year: number;
  period: PeriodCode;
  entity: string | null;
  ruleContext: RuleContext;
}) {
  const t = useT();
  const { meta, previous } = ruleContext;
  return (
    <dl className="facts">
      <div>
        <dt>{t("tasks.period")}</dt>
        <dd>{t("entry.period", { year, period: t(`periods.${period}`) })}</dd>
      </div>
      <div>
        <dt>{t("entry.reportedFor")}</dt>
        <dd>{entity ?? "—"}</dd>
      </div>
      <div>
        <dt>{t("entry.unit")}</dt>
        <dd>
          {t(`units.${ruleContext.unit}`)}
          {ruleContext.isCumulative && ` · ${t("entry.cumulative")}`}
        </dd>
      </div>
      {meta !== null && (
        <div>
          <dt>{t("dashboard.meta")}</dt>
          <dd>{formatNumber(meta, t("locale"), 4)}</dd>
        </div>
      )}
      {previous !== null && (
        <div>
          <dt>{t("entry.previousValue", { label: previous.label })}</dt>
          <dd>{formatNumber(previous.value, t("locale"), 4)}</dd>
        </div>
      )}
      <div>
        <dt>{t("entry.status")}</dt>
        <dd>
          <StatusBadge status={m ? m.status : "pendiente"} />
          {m && <span className="muted"> {t("entry.revision", { n: m.revision })}</span>}
        </dd>
      </div>
    </dl>
  );
}
