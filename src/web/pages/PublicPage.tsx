import { useQuery } from "@tanstack/react-query";
import { Link, useLocation } from "wouter";
import { ApiError, api } from "../api-client.ts";
import {
  IndexCard,
  IndicatorTable,
  LevelCounts,
  ObjectiveCards,
  ValoracionCard,
} from "../components/evaluation.tsx";
import { ErrorBox, Loading, Notice, PageTitle } from "../components/ui.tsx";
import { formatDateTime } from "../format.ts";
import { useT } from "../i18n/index.tsx";
import { navigate, useQueryString } from "../navigation.ts";
import { queries } from "../queries.ts";
import { useSession } from "../session.tsx";
import { CivilValuesSection } from "./civil-society/CivilValuesSection.tsx";
import { MissingInformationSection } from "./civil-society/MissingInformationSection.tsx";
import { FIRST_YEAR, yearOptions } from "./DashboardPage.tsx";
import { PublicStatisticsSection } from "./statistics/PublicStatisticsSection.tsx";

/**
 * /publico — the published results only, for everyone: an administrator reads the same
 * published copy as the public. Whoever may publish can switch to a preview of the figures
 * validated today, always under a banner that says they are not published (?vista=previa).
 */
export function PublicPage() {
  const t = useT();
  const { policy, policies, setPolicy, session, can } = useSession();
  const [path] = useLocation();
  const query = useQueryString();
  const publications = useQuery(queries.publications(policy));
  const published = publications.data ?? [];
  const mayPreview = can("evaluation.publish");
  const preview = mayPreview && query.get("vista") === "previa";
  const fromUrl = Number(query.get("anio"));
  // The year asked for, else the latest published one once the list is known.
  const year =
    Number.isInteger(fromUrl) && fromUrl >= FIRST_YEAR
      ? fromUrl
      : publications.data || publications.error
        ? (published[0]?.year ?? null)
        : undefined;
  const loaded = useQuery(queries.publicEvaluation(policy, year, preview));
  // While the other mode or year loads, the previous answer is not shown: live figures never
  // appear without their banner, published ones never under it.
  const evaluation = {
    error: loaded.error,
    reload: () => void loaded.refetch(),
    data:
      loaded.data && loaded.data.preview === preview && loaded.data.evaluation.year === year
        ? loaded.data.evaluation
        : undefined,
  };
  const notPublished = evaluation.error instanceof ApiError && evaluation.error.status === 404;
  const setQuery = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(query);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    navigate(`${path}?${next}`, { replace: true, scroll: false });
  };
  // Without the preview only published years are offered (and the one in the address).
  const years = preview
    ? yearOptions()
    : [...new Set([...published.map((p) => p.year), ...(year ? [year] : [])])].sort(
        (a, b) => b - a,
      );

  return (
    <>
      <PageTitle text={t("publicView.title")}>{t("publicView.title")}</PageTitle>
      <p className="lead">{t("publicView.intro")}</p>
      <div className="toolbar">
        {policies.length > 1 && (
          <div className="field field-inline">
            <label htmlFor="pub-policy">{t("publicView.policy")}</label>
            <select id="pub-policy" value={policy} onChange={(e) => setPolicy(e.target.value)}>
              {policies.map((p) => (
                <option key={p.code} value={p.code}>
                  {p.shortName ?? p.name}
                </option>
              ))}
            </select>
          </div>
        )}
        {years.length > 0 && (
          <div className="field field-inline">
            <label htmlFor="pub-year">{t("dashboard.year")}</label>
            <select
              id="pub-year"
              value={year ?? ""}
              onChange={(e) => setQuery({ anio: e.target.value })}
            >
              {years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </div>
        )}
        {mayPreview && (
          <div className="field field-check">
            <input
              id="pub-preview"
              type="checkbox"
              checked={preview}
              onChange={(e) =>
                setQuery({
                  vista: e.target.checked ? "previa" : null,
                  ...(e.target.checked && year ? { anio: String(year) } : {}),
                })
              }
            />
            <label htmlFor="pub-preview">{t("publicView.preview")}</label>
          </div>
        )}
        <p className="toolbar-summary">
          <Link to="/datos-abiertos">{t("openData.fromPublic")}</Link>
        </p>
        {!session && (
          <p className="toolbar-summary">
            <Link to="/ingresar">{t("publicView.login")}</Link>
          </p>
        )}
      </div>
      {preview && year && (
        <Notice kind="warning">
          <strong>{t("publicView.previewBanner", { year })}</strong>
        </Notice>
      )}
      {year === null ? (
        <Notice kind="info">{t("publicView.noneAtAll")}</Notice>
      ) : notPublished && year ? (
        <Notice kind="info">{t("publicView.none", { year })}</Notice>
      ) : evaluation.error ? (
        <ErrorBox error={evaluation.error} onRetry={evaluation.reload} />
      ) : !evaluation.data ? (
        <Loading />
      ) : (
        <div className="dashboard" data-preview={preview || undefined}>
          <h2 className="policy-name">{evaluation.data.policy.name}</h2>
          {!preview && evaluation.data.publication && (
            <p className="muted published-on">
              {t("publicView.publishedOn", {
                date: formatDateTime(evaluation.data.publication.publishedAt, t("locale")),
                by:
                  evaluation.data.publication.publishedByRole &&
                  t(`roles.${evaluation.data.publication.publishedByRole}`),
                context: evaluation.data.publication.publishedByRole ? "by" : undefined,
              })}
            </p>
          )}
          {!preview && (
            <section className="card downloads" aria-labelledby="pub-downloads-title">
              <h2 id="pub-downloads-title">{t("publicView.downloads")}</h2>
              <ul className="download-list">
                <li>
                  <a href={api.publishedReportUrl(policy, evaluation.data.year)} download>
                    {t("publicView.downloadReport", { year: evaluation.data.year })}
                  </a>
                </li>
                <li>
                  <a href={api.publishedPackageUrl(policy, evaluation.data.year)} download>
                    {t("publicView.downloadPackage", { year: evaluation.data.year })}
                  </a>
                </li>
              </ul>
            </section>
          )}
          <div className="cards cards-top">
            <IndexCard evaluation={evaluation.data} />
            <ValoracionCard evaluation={evaluation.data} />
          </div>
          <ObjectiveCards evaluation={evaluation.data} />
          <LevelCounts evaluation={evaluation.data} />
          <IndicatorTable evaluation={evaluation.data} />
        </div>
      )}
      {!preview && year && <CivilValuesSection policy={policy} year={year} />}
      {!preview && year && <MissingInformationSection policy={policy} year={year} />}
      <PublicStatisticsSection />
    </>
  );
}
