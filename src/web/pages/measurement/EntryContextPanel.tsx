import { useQuery } from "@tanstack/react-query";
import { computeTipo1, computeTipo2, displayProgress } from "../../../shared/ceplan-formulas.ts";
import { resolveMeasurementValue } from "../../../shared/validation/derived-value.ts";
import type { EntryContext } from "../../api-client.ts";
import { StatusBadge, TableWrap } from "../../components/ui.tsx";
import { formatNumber, formatProgress } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";
import { queries } from "../../queries.ts";
import { useSession } from "../../session.tsx";
import type { PeriodCode } from "./use-measurement-context.ts";

type Figures = { value: number | null; numerator: number | null; denominator: number | null };

/**
 * What the focal point reads before typing (issue 17, item 7): the ficha in force with its
 * numerator and denominator, the baseline, the year's meta, the earlier years' values with
 * their status and progress, and how avance tipo 1 and tipo 2 are computed, with the figures
 * the value being typed would give. Online only: offline the form works without it.
 */
export function EntryContextPanel({
  indicator,
  year,
  period,
  figures,
}: {
  indicator: string;
  year: number;
  period: PeriodCode;
  figures: Figures | null;
}) {
  const t = useT();
  const { policy } = useSession();
  const query = useQuery(
    queries.entryContext(policy, indicator ? { indicator, year, period } : null),
  );
  const ctx = query.data;
  if (!ctx) return null;
  const locale = t("locale");
  const num = (x: number | null) => formatNumber(x, locale, 4);
  return (
    <section className="entry-context" aria-labelledby="entry-context-title">
      <h2 id="entry-context-title">{t("entryContext.title")}</h2>
      <dl className="facts entry-context-facts">
        <div>
          <dt>{t("entryContext.ficha")}</dt>
          <dd>
            {t("entryContext.fichaVersion", {
              version: ctx.indicator.version,
              from: ctx.indicator.validFrom,
              to: ctx.indicator.validTo ?? t("entryContext.inForce"),
            })}
          </dd>
        </div>
        <div data-testid="entry-context-baseline">
          <dt>{t("entryContext.baseline")}</dt>
          <dd>
            {ctx.baseline
              ? ctx.baseline.year === null
                ? num(ctx.baseline.value)
                : t("entryContext.baselineOf", {
                    value: num(ctx.baseline.value),
                    year: ctx.baseline.year,
                  })
              : t("entryContext.noBaseline")}
          </dd>
        </div>
        <div>
          <dt>{t("entryContext.meta", { year })}</dt>
          <dd>{ctx.meta === null ? t("entryContext.noMeta") : num(ctx.meta)}</dd>
        </div>
        <div>
          <dt>{t("entryContext.direction")}</dt>
          <dd>{t(`entryContext.directions.${ctx.direction}`)}</dd>
        </div>
      </dl>
      <Definitions ctx={ctx} />
      <PreviousValues ctx={ctx} />
      <ProgressHelp ctx={ctx} period={period} figures={figures} />
    </section>
  );
}

function Definitions({ ctx }: { ctx: EntryContext }) {
  const t = useT();
  if (ctx.numerator === null && ctx.denominator === null && ctx.dataSources.length === 0)
    return null;
  return (
    <dl className="entry-context-definitions">
      {ctx.numerator !== null && (
        <>
          <dt>{t("entry.numerator")}</dt>
          <dd>{ctx.numerator}</dd>
        </>
      )}
      {ctx.denominator !== null && (
        <>
          <dt>{t("entry.denominator")}</dt>
          <dd>{ctx.denominator}</dd>
        </>
      )}
      {ctx.numerator !== null && ctx.denominator !== null && (
        <>
          <dt>{t("entryContext.formula")}</dt>
          <dd>
            {ctx.scale === 1
              ? t("entryContext.formulaRatio")
              : t("entryContext.formulaScaled", { scale: ctx.scale })}
          </dd>
        </>
      )}
      {ctx.dataSources.length > 0 && (
        <>
          <dt>{t("entryContext.sources")}</dt>
          <dd>{ctx.dataSources.join("; ")}</dd>
        </>
      )}
    </dl>
  );
}

function PreviousValues({ ctx }: { ctx: EntryContext }) {
  const t = useT();
  const locale = t("locale");
  if (ctx.history.length === 0) return <p className="muted">{t("entryContext.noPrevious")}</p>;
  return (
    <TableWrap label={t("entryContext.previous")}>
      <table className="data-table stack-on-phone" data-testid="entry-context-previous">
        <caption>{t("entryContext.previous")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("tasks.period")}</th>
            <th scope="col">{t("entry.value")}</th>
            <th scope="col">{t("dashboard.meta")}</th>
            <th scope="col">{t("entryContext.tipo1")}</th>
            <th scope="col">{t("entryContext.tipo2")}</th>
            <th scope="col">{t("entry.status")}</th>
          </tr>
        </thead>
        <tbody>
          {ctx.history.map((h) => (
            <tr key={`${h.year}-${h.period}`}>
              <th scope="row">
                {t("entry.period", { year: h.year, period: t(`periods.${h.period}`) })}
              </th>
              <td className="num" data-label={t("entry.value")}>
                {formatNumber(h.value, locale, 4)}
              </td>
              <td className="num" data-label={t("dashboard.meta")}>
                {formatNumber(h.meta, locale, 4)}
              </td>
              <td className="num" data-label={t("entryContext.tipo1")}>
                {formatProgress(h.tipo1, locale)}
              </td>
              <td className="num" data-label={t("entryContext.tipo2")}>
                {formatProgress(h.tipo2, locale)}
              </td>
              <td data-label={t("entry.status")}>
                <StatusBadge status={h.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** CEPLAN's two progress figures in words, and what the value being typed would give. */
function ProgressHelp({
  ctx,
  period,
  figures,
}: {
  ctx: EntryContext;
  period: PeriodCode;
  figures: Figures | null;
}) {
  const t = useT();
  const locale = t("locale");
  const value = figures ? resolveMeasurementValue(ctx.unit, figures).value : null;
  // Semester values are partial: progress is computed on the annual value only.
  const live = period === "ANUAL" && value !== null && ctx.meta !== null;
  const tipo1 = live ? displayProgress(computeTipo1(value, ctx.meta, ctx.direction)) : "ND";
  const tipo2 = live
    ? displayProgress(computeTipo2(value, ctx.meta, ctx.baseline?.value ?? null))
    : "ND";
  return (
    <details className="entry-context-help">
      <summary>{t("entryContext.helpTitle")}</summary>
      <p>
        {ctx.direction === "descendente"
          ? t("entryContext.helpTipo1Descending")
          : t("entryContext.helpTipo1")}
      </p>
      <p>{t("entryContext.helpTipo2")}</p>
      <p className="muted">{t("entryContext.helpExample")}</p>
      {live && (
        <p data-testid="entry-context-live">
          {t("entryContext.live", {
            tipo1: formatProgress(tipo1, locale),
            tipo2: formatProgress(tipo2, locale),
          })}
        </p>
      )}
    </details>
  );
}
