import { useState } from "react";
import type { StatisticsFigure } from "../../api-client.ts";
import { type MapPoint, ProvinceBubbleMap } from "../../components/ProvinceMap.tsx";
import { Notice, TableWrap } from "../../components/ui.tsx";
import { formatNumber } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";
import { PROVINCE_CAPITALS } from "../../province-capitals.ts";
import { departmentOf } from "../../ubigeo.ts";
import { type ProvinceValue, provinceCode, provinceValues } from "./province-rollup.ts";
import { type CsvCell, CsvLink } from "./stats-ui.tsx";

/**
 * A concept's figures by province on the internal statistics page (statistics.read): circles
 * at the province capitals, the table beside them and its CSV. Loaded on first view with the
 * capitals' coordinates. Internal only: the public page's statistics come from the server
 * through disclosure control, which publishes no province tables (see docs/statistics.md).
 */

const DIMENSION_KEYS = ["sex", "ageBand", "nationality", "exploitationForm", "statute"] as const;

const isSubDepartment = (f: StatisticsFigure) =>
  provinceCode(f.ubigeo) !== null &&
  f.unit !== "porcentaje" &&
  DIMENSION_KEYS.every((d) => f.dimensions[d] === null);

const CAPITALS = new Map(PROVINCE_CAPITALS.map((p) => [p.code, p]));

export function ProvinceSection({
  figures,
  concept: preferred,
  conceptLabel,
}: {
  figures: readonly StatisticsFigure[];
  /** The page's concept, shown first when it has province figures. */
  concept: string;
  conceptLabel: (code: string) => string;
}) {
  const t = useT();
  const local = figures.filter(isSubDepartment);
  const concepts = [...new Set(local.map((f) => f.concept))];
  const [chosen, setChosen] = useState<string | null>(null);
  const concept =
    chosen && concepts.includes(chosen)
      ? chosen
      : concepts.includes(preferred)
        ? preferred
        : concepts[0];
  // One map per source and period, as for departments: figures of different ones are not added.
  const groups = new Map<string, StatisticsFigure[]>();
  for (const f of local.filter((f) => f.concept === concept)) {
    const key = `${f.sourceLabel} · ${f.period.label}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const keys = [...groups.keys()];
  const [chosenGroup, setChosenGroup] = useState<string | null>(null);
  const heading = chosenGroup && groups.has(chosenGroup) ? chosenGroup : (keys[0] ?? "");
  const values = provinceValues(groups.get(heading) ?? []);
  const title = t("stats.provinces.title", { concept: concept ? conceptLabel(concept) : "" });
  const nameOf = (v: ProvinceValue) => CAPITALS.get(v.province)?.name ?? v.province;
  const basis = (v: ProvinceValue) =>
    v.districts === 0
      ? t("stats.provinces.own")
      : t("stats.provinces.districts", { count: v.districts });
  const total = values.reduce((s, v) => s + v.value, 0);
  const points: MapPoint[] = values.flatMap((v) => {
    const capital = CAPITALS.get(v.province);
    if (!capital) return [];
    return [
      {
        province: v.province,
        name: `${capital.name} (${departmentOf(v.province) ?? ""})`,
        lon: capital.lon,
        lat: capital.lat,
        value: v.value,
        lines: [
          `${conceptLabel(concept ?? "")}: ${formatNumber(v.value, t("locale"))}`,
          `${t("stats.provinces.capital")}: ${capital.capital}`,
          basis(v),
        ],
      },
    ];
  });
  const rows: CsvCell[][] = [
    [
      t("stats.provinces.province"),
      t("stats.provinces.department"),
      t("stats.map.ubigeo"),
      t("stats.provinces.capital"),
      t("stats.value"),
      t("stats.provinces.basis"),
    ],
    ...values.map((v) => [
      nameOf(v),
      departmentOf(v.province),
      v.province,
      CAPITALS.get(v.province)?.capital ?? null,
      v.value,
      basis(v),
    ]),
    [t("stats.total"), null, null, null, total, null],
  ];
  return (
    <section className="card" aria-labelledby="stats-provinces-title" data-section="provinces">
      <h2 id="stats-provinces-title">{title}</h2>
      {!concept ? (
        <Notice>{t("stats.provinces.none")}</Notice>
      ) : (
        <>
          <div className="toolbar">
            <div className="field field-inline">
              <label htmlFor="stats-provinces-concept">{t("stats.concept")}</label>
              <select
                id="stats-provinces-concept"
                value={concept}
                onChange={(e) => setChosen(e.target.value)}
              >
                {concepts.map((c) => (
                  <option key={c} value={c}>
                    {conceptLabel(c)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field field-inline">
              <label htmlFor="stats-provinces-group">{t("stats.provinces.group")}</label>
              <select
                id="stats-provinces-group"
                value={heading}
                onChange={(e) => setChosenGroup(e.target.value)}
              >
                {keys.map((k) => (
                  <option key={k} value={k}>
                    {k}
                  </option>
                ))}
              </select>
            </div>
            <p className="toolbar-summary">
              {t("stats.provinces.count", { count: values.length })}
            </p>
          </div>
          <p className="help">{t("stats.provinces.help")}</p>
          <div className="departments-layout">
            <figure className="budget-figure map-figure">
              <figcaption>
                {title} · {heading}
              </figcaption>
              <ProvinceBubbleMap points={points} label={`${title} · ${heading}`} />
              <p className="map-attribution small muted">{t("budget.mapAttribution")}</p>
            </figure>
            <div>
              <div className="tab-actions">
                <CsvLink
                  fileName="estadisticas-provincias.csv"
                  rows={rows}
                  label={t("stats.csv")}
                />
              </div>
              <TableWrap label={title}>
                <table className="data-table compact" data-table="provinces">
                  <caption>
                    {title} · {heading}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("stats.provinces.province")}</th>
                      <th scope="col" className="num">
                        {t("stats.value")}
                      </th>
                      <th scope="col">{t("stats.provinces.basis")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {values.map((v) => (
                      <tr key={v.province} data-province={v.province}>
                        <th scope="row">
                          {nameOf(v)}
                          <span className="muted small block">{departmentOf(v.province)}</span>
                        </th>
                        <td className="num">{formatNumber(v.value, t("locale"))}</td>
                        <td className="small">{basis(v)}</td>
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr className="row-total">
                      <th scope="row">{t("stats.total")}</th>
                      <td className="num">{formatNumber(total, t("locale"))}</td>
                      <td />
                    </tr>
                  </tfoot>
                </table>
              </TableWrap>
            </div>
          </div>
        </>
      )}
    </section>
  );
}
