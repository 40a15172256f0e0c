import { useQuery } from "@tanstack/react-query";
import { Fragment } from "react";
import { Link } from "wouter";
import type { OpenDataCatalogue } from "../../api-client.ts";
import { ErrorBox, Loading, Notice, PageTitle, TableWrap } from "../../components/ui.tsx";
import { formatDate, formatDateTime, formatNumber } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";
import { queries } from "../../queries.ts";
import { useSession } from "../../session.tsx";
import { ComplianceTable } from "../access-requests/ComplianceTable.tsx";
import { CivilSocietyDatasets } from "../civil-society/CivilSocietyDatasets.tsx";

/**
 * /datos-abiertos — every dataset of the published years, for anyone, no login: one table per
 * release with each dataset's description, size and download links (CSV, JSON, XLSX), the
 * release's data package and documents, the SDMX series and the DCAT catalogue. The addresses
 * come from the server's catalogue (GET /api/public/datasets), the same the harvester reads.
 */
export function OpenDataPage() {
  const t = useT();
  const { session } = useSession();
  const catalogue = useQuery(queries.openData());
  return (
    <>
      <PageTitle text={t("openData.title")}>{t("openData.title")}</PageTitle>
      <p className="lead">{t("openData.intro")}</p>
      <p className="toolbar-summary">
        <Link to="/publico">{t("openData.back")}</Link>
      </p>
      {catalogue.error ? (
        <ErrorBox error={catalogue.error} onRetry={() => void catalogue.refetch()} />
      ) : !catalogue.data ? (
        <Loading />
      ) : (
        <Catalogue catalogue={catalogue.data} signedIn={session !== null} />
      )}
    </>
  );
}

function Catalogue({ catalogue, signedIn }: { catalogue: OpenDataCatalogue; signedIn: boolean }) {
  const t = useT();
  const { license } = catalogue;
  const withReleases = catalogue.policies.filter((p) => p.releases.length > 0);
  return (
    <>
      <Notice kind="info">
        {t("openData.license", { title: license.title, name: license.name })}{" "}
        <a href={license.path} rel="license">
          {t("openData.licenseLink")}
        </a>
      </Notice>
      {withReleases.length === 0 && <Notice kind="info">{t("openData.none")}</Notice>}
      {withReleases.map((policy) => (
        <section
          key={policy.code}
          className="open-data-policy"
          aria-labelledby={`od-${policy.code}`}
        >
          <h2 id={`od-${policy.code}`} className="policy-name">
            {policy.name}
          </h2>
          {policy.releases.map((release) => (
            <Fragment key={release.version}>
              <Release release={release} signedIn={signedIn} />
              <CivilSocietyDatasets policy={policy.code} year={release.year} />
            </Fragment>
          ))}
          <section className="card" aria-labelledby={`od-${policy.code}-sdmx`}>
            <h3 id={`od-${policy.code}-sdmx`}>{t("openData.sdmxTitle")}</h3>
            <p>{t("openData.sdmxIntro", { dataflow: policy.sdmx.dataflow })}</p>
            <ul className="download-list">
              <li>
                <a href={policy.sdmx.data} download>
                  {t("openData.sdmxData")}
                </a>
              </li>
              <li>
                <a href={policy.sdmx.json} type="application/json">
                  {t("openData.sdmxJson")}
                </a>
              </li>
            </ul>
            <h4>{t("openData.codelists")}</h4>
            <ul className="format-links">
              {policy.sdmx.codelists.map((cl) => (
                <li key={cl.id}>
                  <a href={cl.url} download>
                    {cl.id}
                  </a>
                </li>
              ))}
            </ul>
          </section>
        </section>
      ))}
      {/* Veedurías (issue 16 item 3): civil society's semáforo, its own page and files. */}
      {catalogue.veedurias.length > 0 && (
        <section className="card" aria-labelledby="od-veedurias">
          <h2 id="od-veedurias">{t("veedurias.fromOpenData")}</h2>
          <p>{t("veedurias.intro")}</p>
          <ul className="download-list">
            <li>
              <Link to="/veedurias">{t("veedurias.title")}</Link>
            </li>
            {catalogue.veedurias.map((v) => (
              <li key={v.policy}>
                <a href={v.datapackage} type="application/json">
                  {t("veedurias.datapackage")}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <ComplianceTable />
      <section className="card" aria-labelledby="od-catalog">
        <h2 id="od-catalog">{t("openData.catalogTitle")}</h2>
        <p>{t("openData.catalogIntro")}</p>
        <ul className="download-list">
          <li>
            <a href={catalogue.dcat} type="application/ld+json">
              {t("openData.catalog")}
            </a>
          </li>
        </ul>
      </section>
    </>
  );
}

function Release({
  release,
  signedIn,
}: {
  release: OpenDataCatalogue["policies"][number]["releases"][number];
  signedIn: boolean;
}) {
  const t = useT();
  const headingId = `od-release-${release.version}`;
  return (
    <section className="card open-data-release" aria-labelledby={headingId}>
      <h3 id={headingId}>{t("openData.release", { version: release.version })}</h3>
      <p className="muted">
        {t("openData.releaseMeta", {
          date: formatDateTime(release.publishedAt, t("locale")),
          cutOff: formatDate(release.cutOff, t("locale")),
        })}
      </p>
      <ul className="download-list">
        <li>
          <a href={release.datapackage} type="application/json">
            {t("openData.datapackage")}
          </a>
        </li>
        <li>
          <a href={release.informe} download>
            {t("openData.informe", { year: release.year })}
          </a>
        </li>
        <li>
          <a href={release.paquete} download>
            {t("openData.paquete", { year: release.year })}
          </a>
        </li>
        {signedIn && (
          <li>
            <Link to={`/presupuesto?anio=${release.year}`}>{t("openData.budgetPage")}</Link>
          </li>
        )}
      </ul>
      <TableWrap label={t("openData.tableCaption", { year: release.year })}>
        <table className="data-table open-data-table">
          <caption>{t("openData.tableCaption", { year: release.year })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("openData.dataset")}</th>
              <th scope="col" className="num">
                {t("openData.rows")}
              </th>
              <th scope="col">{t("openData.formats")}</th>
            </tr>
          </thead>
          <tbody>
            {release.datasets.map((d) => (
              <tr key={d.id} data-dataset={d.id}>
                <th scope="row">
                  <strong>{d.title}</strong>
                  <br />
                  <small>{d.description}</small>
                </th>
                <td className="num">{formatNumber(d.rows, t("locale"), 0)}</td>
                <td>
                  <ul className="format-links">
                    {d.distributions.map((dist) => (
                      <li key={dist.format}>
                        <a
                          href={dist.url}
                          download
                          aria-label={t("openData.download", {
                            dataset: d.title,
                            year: release.year,
                            format: dist.format.toUpperCase(),
                          })}
                        >
                          {dist.format.toUpperCase()}
                        </a>
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}
