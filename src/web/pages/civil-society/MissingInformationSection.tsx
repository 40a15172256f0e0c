import { useQuery } from "@tanstack/react-query";
import { civilSocietyPaths } from "../../../shared/open-data/civil-society-datasets.ts";
import { ErrorBox, Loading, TableWrap } from "../../components/ui.tsx";
import { useT } from "../../i18n/index.tsx";
import { civilQueries } from "./civil-queries.ts";

/**
 * What is missing, shown (issue 16 item 5): every indicator, service and TIP data point with no
 * public value in the year, with the entity responsible and why, labelled «sin información
 * pública» as the veedurías report it; the same list downloads as open data.
 */
export function MissingInformationSection({
  policy,
  year,
}: {
  policy: string;
  year: number | null | undefined;
}) {
  const t = useT();
  const missing = useQuery(civilQueries.missing(policy, year));
  if (typeof year !== "number") return null;
  return (
    <section className="card missing-information" aria-labelledby="missing-title">
      <h2 id="missing-title">{t("civil.missingTitle", { year })}</h2>
      <p>{t("civil.missingIntro")}</p>
      <ul className="format-links">
        {(["csv", "json"] as const).map((format) => (
          <li key={format}>
            <a
              href={civilSocietyPaths.dataset(policy, "sin-informacion-publica", year, format)}
              download
            >
              {t("civil.missingDownload", { format: format.toUpperCase() })}
            </a>
          </li>
        ))}
      </ul>
      {missing.error ? (
        <ErrorBox error={missing.error} onRetry={() => void missing.refetch()} />
      ) : !missing.data ? (
        <Loading />
      ) : (
        <>
          <p>
            {t("civil.missingCounts", {
              indicators: missing.data.counts.indicador,
              services: missing.data.counts.servicio,
              tip: missing.data.counts.dato_tip,
            })}
          </p>
          <TableWrap label={t("civil.missingCaption", { year })}>
            <table className="data-table missing-table">
              <caption>{t("civil.missingCaption", { year })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("civil.missingKind")}</th>
                  <th scope="col">{t("civil.target")}</th>
                  <th scope="col">{t("civil.responsible")}</th>
                  <th scope="col">{t("civil.status")}</th>
                  <th scope="col">{t("civil.reason")}</th>
                </tr>
              </thead>
              <tbody>
                {missing.data.items.map((item) => (
                  <tr key={`${item.kind}-${item.code}`} data-missing={`${item.kind}-${item.code}`}>
                    <td>{t(`civil.missingKinds.${item.kind}`)}</td>
                    <th scope="row">
                      <strong>{item.code}</strong> {item.name}
                    </th>
                    <td>
                      <abbr title={item.responsibleName}>{item.responsible}</abbr>
                    </td>
                    <td>
                      <em>{missing.data.label}</em>
                    </td>
                    <td>{item.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
    </section>
  );
}
