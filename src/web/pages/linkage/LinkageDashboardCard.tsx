import { useQuery } from "@tanstack/react-query";
import { Link } from "wouter";
import { ErrorBox, Loading } from "../../components/ui.tsx";
import { formatNumber } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";
import { queries } from "../../queries.ts";
import { Mse, Overlap } from "./RunFigures.tsx";

/**
 * The Tablero's record-linkage card, for linkage.manage only (the page that holds it checks):
 * the year's latest run — people counted once, the overlap between sources and the dark
 * figure with its interval. Reading the result is audited like any read of it on /enlace.
 */
export function LinkageDashboardCard({ year }: { year: number }) {
  const t = useT();
  const runs = useQuery(queries.linkageRuns(year));
  const latest = runs.data?.[0];
  const result = useQuery({
    ...queries.linkageResult(latest?.id ?? 0),
    enabled: latest !== undefined,
  });
  return (
    <section className="card" aria-labelledby="linkage-card-title">
      <h2 id="linkage-card-title">{t("linkage.card.title", { year })}</h2>
      {runs.error ? (
        <ErrorBox error={runs.error} onRetry={() => void runs.refetch()} />
      ) : !runs.data ? (
        <Loading />
      ) : !latest ? (
        <p className="help">
          {t("linkage.card.none", { year })}{" "}
          <Link href={`/enlace?anio=${year}`}>{t("linkage.card.open")}</Link>
        </p>
      ) : result.error ? (
        <ErrorBox error={result.error} onRetry={() => void result.refetch()} />
      ) : !result.data ? (
        <Loading />
      ) : (
        <>
          <p>
            {t("linkage.card.people", {
              people: formatNumber(result.data.deduplicated, t("locale"), 0),
              records: formatNumber(result.data.records, t("locale"), 0),
              version: result.data.version,
            })}{" "}
            <Link href={`/enlace?anio=${year}&enlace=${result.data.id}`}>
              {t("linkage.card.open")}
            </Link>
          </p>
          <Overlap result={result.data} />
          <Mse result={result.data} />
        </>
      )}
    </section>
  );
}
