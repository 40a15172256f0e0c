import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useState } from "react";
import { Link } from "wouter";
import type { VeeduriaSemaforo } from "../../api-client.ts";
import type { MapArea } from "../../components/DepartmentMap.tsx";
import { ErrorBox, Loading, Notice, PageTitle, TableWrap } from "../../components/ui.tsx";
import { useT } from "../../i18n/index.tsx";
import { queries } from "../../queries.ts";
import { useSession } from "../../session.tsx";
import { VeeduriaAdmin } from "./VeeduriaAdmin.tsx";

type Veeduria = VeeduriaSemaforo["veedurias"][number];
type Status = VeeduriaSemaforo["statuses"][number]["status"];

const POLICY = "pntp";

// The map is the budget page's (DepartmentMap.tsx): ECharts and the GeoJSON load on first view.
const DepartmentChoropleth = lazy(() =>
  import("../../components/DepartmentMap.tsx").then((m) => ({ default: m.DepartmentChoropleth })),
);

/**
 * /veedurias — the veedurías' semáforo for anyone, no login (docs/veedurias.md): a map of the
 * regions coloured by the prevailing status or by one lineamiento's, the region × lineamiento
 * matrix with each grade's rationale, the counts per status with their origin, and the open
 * data files. Counts a document published without per-lineamiento grades are shown as counts
 * over the whole row, with the document's label, never as cells.
 */
export function VeeduriasPage() {
  const t = useT();
  const { can } = useSession();
  const [period, setPeriod] = useState<string | null>(null);
  const semaforo = useQuery(queries.veeduriaSemaforo(POLICY, period));
  return (
    <>
      <PageTitle text={t("veedurias.title")}>{t("veedurias.title")}</PageTitle>
      <p className="lead">{t("veedurias.intro")}</p>
      <p className="toolbar-summary">
        <Link to="/datos-abiertos">{t("veedurias.back")}</Link>
      </p>
      {semaforo.error ? (
        <ErrorBox error={semaforo.error} onRetry={() => void semaforo.refetch()} />
      ) : !semaforo.data ? (
        <Loading />
      ) : (
        <Semaforo data={semaforo.data} onPeriod={setPeriod} />
      )}
      {semaforo.data && can("veeduria.manage") && <VeeduriaAdmin data={semaforo.data} />}
    </>
  );
}

function Semaforo({ data, onPeriod }: { data: VeeduriaSemaforo; onPeriod: (p: string) => void }) {
  const t = useT();
  const [mapBy, setMapBy] = useState("");
  if (data.veedurias.length === 0 || data.period === null)
    return <Notice kind="info">{t("veedurias.none")}</Notice>;
  const colour = Object.fromEntries(data.statuses.map((s) => [s.status, s.colour]));
  const label = (s: Status) => t(`veedurias.status.${s}`);
  const countsText = (v: Veeduria) =>
    data.statuses
      .filter((s) => v.counts[s.status] > 0)
      .map((s) => `${v.counts[s.status]} ${label(s.status).toLowerCase()}`)
      .join(" · ");
  const areas: MapArea[] = data.veedurias.map((v) => {
    const grade = mapBy ? v.grades.find((g) => g.lineamiento === mapBy) : undefined;
    const status = mapBy ? (grade?.status ?? null) : v.dominant;
    return {
      department: v.department,
      name: `${v.departmentName}: ${v.name}`,
      value: status ? 1 : Number.NaN,
      lines: [
        status ? label(status) : t("veedurias.mapNotStated"),
        ...(mapBy ? [] : [countsText(v)]),
        ...(v.reference ? [v.reference.label] : []),
      ],
      ...(status ? { colour: colour[status] } : {}),
    };
  });
  const code = data.policy.code;
  return (
    <>
      <div className="filters-form">
        {data.periods.length > 1 && (
          <label>
            {t("veedurias.period")}{" "}
            <select value={data.period} onChange={(e) => onPeriod(e.target.value)}>
              {data.periods.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t("veedurias.mapBy")}{" "}
          <select value={mapBy} onChange={(e) => setMapBy(e.target.value)}>
            <option value="">{t("veedurias.mapSummary")}</option>
            {data.lineamientos.map((l) => (
              <option key={l.code} value={l.code}>
                {t("veedurias.mapLineamiento", { code: l.code })}
              </option>
            ))}
          </select>
        </label>
      </div>
      <section className="card" aria-labelledby="vd-map">
        <h2 id="vd-map">{t("veedurias.mapTitle", { period: data.period })}</h2>
        <Suspense fallback={<Loading />}>
          <DepartmentChoropleth
            areas={areas}
            label={t("veedurias.mapTitle", { period: data.period })}
            scale={null}
            empty={t("veedurias.mapEmpty")}
          />
        </Suspense>
        <ul className="semaforo-legend" aria-label={t("veedurias.legend")}>
          {data.statuses.map((s) => (
            <li key={s.status}>
              <span className="swatch" style={{ background: s.colour }} aria-hidden="true" />{" "}
              {label(s.status)}
            </li>
          ))}
        </ul>
      </section>
      <Matrix data={data} label={label} colour={colour} countsText={countsText} />
      <Counts data={data} label={label} />
      <section className="card" aria-labelledby="vd-downloads">
        <h2 id="vd-downloads">{t("veedurias.downloads")}</h2>
        <ul className="download-list">
          <li>
            <a href={`/api/public/veedurias/${code}/semaforo.csv`} download>
              {t("veedurias.downloadGrades")}
            </a>{" "}
            · <a href={`/api/public/veedurias/${code}/semaforo.json`}>JSON</a>
          </li>
          <li>
            <a href={`/api/public/veedurias/${code}/conteos.csv`} download>
              {t("veedurias.downloadCounts")}
            </a>{" "}
            · <a href={`/api/public/veedurias/${code}/conteos.json`}>JSON</a>
          </li>
          <li>
            <a href={`/api/public/veedurias/${code}/datapackage.json`} type="application/json">
              {t("veedurias.datapackage")}
            </a>
          </li>
        </ul>
      </section>
    </>
  );
}

function Matrix({
  data,
  label,
  colour,
  countsText,
}: {
  data: VeeduriaSemaforo;
  label: (s: Status) => string;
  colour: Record<string, string>;
  countsText: (v: Veeduria) => string;
}) {
  const t = useT();
  const caption = t("veedurias.matrixCaption", { period: data.period ?? "" });
  return (
    <section className="card" aria-labelledby="vd-matrix">
      <h2 id="vd-matrix">{t("veedurias.matrixTitle")}</h2>
      <TableWrap label={caption}>
        <table className="data-table semaforo-matrix">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t("veedurias.region")}</th>
              {data.lineamientos.map((l) => (
                <th key={l.code} scope="col" title={l.text}>
                  {l.code}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.veedurias.map((v) => (
              <tr key={v.code}>
                <th scope="row">
                  {v.departmentName}
                  <br />
                  <span className="muted">{v.name}</span>
                  {v.institutions.length > 0 && (
                    <>
                      <br />
                      <span className="muted">
                        {t("veedurias.institutions")}: {v.institutions.join(", ")}
                      </span>
                    </>
                  )}
                </th>
                {v.grades.length === 0 && v.countsFrom === "referencia" ? (
                  <td colSpan={data.lineamientos.length}>
                    {t("veedurias.onlyCounts", { counts: countsText(v) })}
                    {v.notStated > 0 && ` · ${t("veedurias.notStated", { count: v.notStated })}`}
                    {v.reference && (
                      <>
                        <br />
                        <em>{v.reference.label}</em>
                      </>
                    )}
                  </td>
                ) : (
                  data.lineamientos.map((l) => {
                    const g = v.grades.find((x) => x.lineamiento === l.code);
                    return g ? (
                      <td
                        key={l.code}
                        className="semaforo-cell"
                        style={{ borderLeft: `6px solid ${colour[g.status]}` }}
                        title={g.rationale}
                      >
                        {label(g.status)}
                      </td>
                    ) : (
                      <td key={l.code} className="muted" title={t("veedurias.notGraded")}>
                        <span aria-hidden="true">·</span>
                        <span className="visually-hidden">{t("veedurias.notGraded")}</span>
                      </td>
                    );
                  })
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}

function Counts({ data, label }: { data: VeeduriaSemaforo; label: (s: Status) => string }) {
  const t = useT();
  const caption = t("veedurias.countsCaption", { period: data.period ?? "" });
  const origin = {
    evaluaciones: t("veedurias.originEvaluaciones"),
    referencia: t("veedurias.originReferencia"),
    ninguno: t("veedurias.originNinguno"),
  };
  // The counts' source names the label and the document (veeduria-reference.service.ts).
  const transcribed =
    data.veedurias.flatMap((v) => v.referenceCounts).find((c) => c.source)?.source ?? null;
  return (
    <section className="card" aria-labelledby="vd-counts">
      <h2 id="vd-counts">{t("veedurias.countsTitle")}</h2>
      {/* One statement of where transcribed counts come from; each row cites its lines. */}
      {transcribed && (
        <p className="muted">
          <em>{transcribed}</em>
        </p>
      )}
      <TableWrap label={caption}>
        <table className="data-table">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t("veedurias.region")}</th>
              {data.statuses.map((s) => (
                <th key={s.status} scope="col">
                  {label(s.status)}
                </th>
              ))}
              <th scope="col">{t("veedurias.origin")}</th>
              <th scope="col">{t("veedurias.source")}</th>
            </tr>
          </thead>
          <tbody>
            {data.veedurias.map((v) => (
              <tr key={v.code}>
                <th scope="row">{v.departmentName}</th>
                {data.statuses.map((s) => (
                  <td key={s.status} className="num">
                    {v.counts[s.status] || ""}
                  </td>
                ))}
                <td>{origin[v.countsFrom]}</td>
                <td>
                  {v.referenceCounts.length > 0
                    ? v.referenceCounts.map((c) => c.citation).join(", ")
                    : t("app.none")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}
