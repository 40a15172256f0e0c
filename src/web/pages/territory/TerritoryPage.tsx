import { useQuery } from "@tanstack/react-query";
import type { CoordinationSpaces, SpaceSummary, TrainingTable } from "../../api-client.ts";
import { ErrorBox, Loading, Notice, PageTitle, TableWrap } from "../../components/ui.tsx";
import { formatNumber } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";
import { navigate, useQueryString } from "../../navigation.ts";
import { queries } from "../../queries.ts";
import { RegionLink, TerritoryMaps } from "./TerritoryMaps.tsx";

const LEVELS = ["regional", "provincial", "distrital", "centro_poblado"] as const;

/**
 * /territorio — the coordination spaces against trafficking (filters by level and department
 * in the address: ?nivel=&departamento=), their counts by level, and the trainings by
 * department, their maps (TerritoryMaps.tsx), and a link from each department to its regional
 * view (/territorio/region/:ubigeo). Every figure says where it comes from: the seed documents' rows are labelled as
 * transcribed, never as an institution's export.
 */
export function TerritoryPage() {
  const t = useT();
  const query = useQueryString();
  const level = query.get("nivel") ?? "";
  const department = query.get("departamento") ?? "";
  const summary = useQuery(queries.spaceSummary());
  const spaces = useQuery(queries.coordinationSpaces(level || undefined, department || undefined));
  const trainings = useQuery(queries.trainings());
  const go = (next: { nivel?: string; departamento?: string }) => {
    const params = new URLSearchParams();
    const n = next.nivel ?? level;
    const d = next.departamento ?? department;
    if (n) params.set("nivel", n);
    if (d) params.set("departamento", d);
    const qs = params.toString();
    navigate(`/territorio${qs ? `?${qs}` : ""}`, { replace: true });
  };
  return (
    <>
      <PageTitle text={t("territory.title")}>{t("territory.title")}</PageTitle>
      <p className="lead">{t("territory.intro")}</p>
      <h2>{t("territory.countsTitle")}</h2>
      {summary.error ? (
        <ErrorBox error={summary.error} onRetry={() => void summary.refetch()} />
      ) : !summary.data ? (
        <Loading />
      ) : (
        <CountsTable summary={summary.data} />
      )}
      <TerritoryMaps />
      <h2>{t("territory.spacesTitle")}</h2>
      <div className="toolbar">
        <div className="field field-inline">
          <label htmlFor="territory-level">{t("territory.level")}</label>
          <select
            id="territory-level"
            value={level}
            onChange={(e) => go({ nivel: e.target.value })}
          >
            <option value="">{t("territory.all")}</option>
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {t(`territory.levels.${l}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor="territory-department">{t("territory.department")}</label>
          <select
            id="territory-department"
            value={department}
            onChange={(e) => go({ departamento: e.target.value })}
          >
            <option value="">{t("territory.all")}</option>
            {(summary.data?.byDepartment ?? []).map((d) => (
              <option key={d.departmentCode} value={d.departmentCode}>
                {d.departmentName}
              </option>
            ))}
          </select>
        </div>
      </div>
      {spaces.error ? (
        <ErrorBox error={spaces.error} onRetry={() => void spaces.refetch()} />
      ) : !spaces.data ? (
        <Loading />
      ) : (
        <SpacesTable spaces={spaces.data} />
      )}
      <h2>{t("territory.trainingsTitle")}</h2>
      {trainings.error ? (
        <ErrorBox error={trainings.error} onRetry={() => void trainings.refetch()} />
      ) : !trainings.data ? (
        <Loading />
      ) : (
        <TrainingsTable table={trainings.data} />
      )}
    </>
  );
}

function CountsTable({ summary }: { summary: SpaceSummary }) {
  const t = useT();
  const cells = (c: SpaceSummary["national"]) => (
    <>
      {LEVELS.map((l) => (
        <td key={l} className="num">
          {formatNumber(c[l])}
        </td>
      ))}
      <td className="num">{formatNumber(c.local)}</td>
    </>
  );
  return (
    <TableWrap label={t("territory.countsTitle")}>
      <table className="data-table">
        <caption>{t("territory.countsCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("territory.department")}</th>
            {LEVELS.map((l) => (
              <th key={l} scope="col" className="num">
                {t(`territory.levels.${l}`)}
              </th>
            ))}
            <th scope="col" className="num">
              {t("territory.local")}
            </th>
          </tr>
        </thead>
        <tbody>
          {summary.byDepartment.map((d) => (
            <tr key={d.departmentCode}>
              <th scope="row">
                <RegionLink code={d.departmentCode} name={d.departmentName} />
              </th>
              {cells(d)}
            </tr>
          ))}
          <tr>
            <th scope="row">{t("territory.unplaced")}</th>
            {cells(summary.unplaced)}
          </tr>
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t("territory.national")}</th>
            {cells(summary.national)}
          </tr>
        </tfoot>
      </table>
    </TableWrap>
  );
}

function SpacesTable({ spaces }: { spaces: CoordinationSpaces }) {
  const t = useT();
  if (spaces.length === 0) return <Notice>{t("territory.noSpaces")}</Notice>;
  return (
    <TableWrap label={t("territory.spacesTitle")}>
      <table className="data-table">
        <caption>{t("territory.spacesCaption", { count: spaces.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("territory.name")}</th>
            <th scope="col">{t("territory.level")}</th>
            <th scope="col">{t("territory.place")}</th>
            <th scope="col">{t("territory.ordinance")}</th>
            <th scope="col">{t("territory.status")}</th>
            <th scope="col">{t("territory.source")}</th>
          </tr>
        </thead>
        <tbody>
          {spaces.map((s) => (
            <tr key={s.id}>
              <th scope="row">
                {s.name}
                {s.note && <div className="help">{s.note}</div>}
              </th>
              <td>{t(`territory.levels.${s.level}`)}</td>
              <td>
                {s.place
                  ? `${s.centroPoblado ? `${s.centroPoblado}, ` : ""}${s.place.name} (${s.place.departmentName})`
                  : t("territory.notPlaced")}
              </td>
              <td>
                {s.ordinance
                  ? `${s.ordinance.number}${s.ordinance.date ? ` (${s.ordinance.date})` : ""}`
                  : t("app.none")}
              </td>
              <td>{t(`territory.statuses.${s.status}`)}</td>
              <td className="help">{s.source}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function TrainingsTable({ table }: { table: TrainingTable }) {
  const t = useT();
  if (table.rows.length === 0) return <Notice>{t("territory.noTrainings")}</Notice>;
  const sources = [...new Set(table.trainings.map((x) => x.source))];
  return (
    <>
      <TableWrap label={t("territory.trainingsTitle")}>
        <table className="data-table">
          <caption>{t("territory.trainingsCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("territory.department")}</th>
              <th scope="col" className="num">
                {t("territory.participants")}
              </th>
              <th scope="col" className="num">
                {t("territory.records")}
              </th>
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r) => (
              <tr key={r.departmentCode}>
                <th scope="row">{r.departmentName}</th>
                <td className="num">{formatNumber(r.participants)}</td>
                <td className="num">{formatNumber(r.trainings)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t("territory.total")}</th>
              <td className="num">{formatNumber(table.total)}</td>
              <td className="num">{formatNumber(table.trainings.length)}</td>
            </tr>
          </tfoot>
        </table>
      </TableWrap>
      <p className="help">
        {t("territory.sources")} {sources.join(" · ")}
      </p>
    </>
  );
}
