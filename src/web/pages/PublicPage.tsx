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
import { Link, navigate, useLocation } from "../router.tsx";
import { useSession } from "../session.tsx";
import { useResource } from "../use-resource.ts";
import { FIRST_YEAR, yearOptions } from "./DashboardPage.tsx";

/** /publico — what anyone may read without an account: the published results only. */
export function PublicPage() {
  const t = useT();
  const { policy, policies, setPolicy, session } = useSession();
  const { path, query } = useLocation();
  const fromUrl = Number(query.get("anio"));
  const year = Number.isInteger(fromUrl) && fromUrl >= FIRST_YEAR ? fromUrl : 2023;
  const evaluation = useResource(() => api.evaluation(policy, year), [policy, year]);
  const notPublished = evaluation.error instanceof ApiError && evaluation.error.status === 404;

  return (
    <>
      <PageTitle text={t.publicView.title}>{t.publicView.title}</PageTitle>
      <p className="lead">{t.publicView.intro}</p>
      <div className="toolbar">
        {policies.length > 1 && (
          <div className="field field-inline">
            <label htmlFor="pub-policy">{t.publicView.policy}</label>
            <select id="pub-policy" value={policy} onChange={(e) => setPolicy(e.target.value)}>
              {policies.map((p) => (
                <option key={p.code} value={p.code}>
                  {p.shortName ?? p.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field field-inline">
          <label htmlFor="pub-year">{t.dashboard.year}</label>
          <select
            id="pub-year"
            value={year}
            onChange={(e) => navigate(`${path}?anio=${e.target.value}`, { replace: true })}
          >
            {yearOptions().map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        {!session && (
          <p className="toolbar-summary">
            <Link to="/ingresar">{t.publicView.login}</Link>
          </p>
        )}
      </div>
      {notPublished ? (
        <Notice kind="info">{t.publicView.none(year)}</Notice>
      ) : evaluation.error ? (
        <ErrorBox error={evaluation.error} onRetry={evaluation.reload} />
      ) : !evaluation.data ? (
        <Loading />
      ) : (
        <div className="dashboard">
          <h2 className="policy-name">{evaluation.data.policy.name}</h2>
          {evaluation.data.publication && (
            <p className="muted published-on">
              {t.publicView.publishedOn(
                formatDateTime(evaluation.data.publication.publishedAt, t.locale),
                evaluation.data.publication.publishedByRole &&
                  t.roles[evaluation.data.publication.publishedByRole],
              )}
            </p>
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
    </>
  );
}
