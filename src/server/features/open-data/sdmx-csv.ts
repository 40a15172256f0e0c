import { toCsvLine } from "../../../shared/budget/csv-stream.ts";
import {
  OPEN_DATA_LICENSE,
  type OpenDataCell,
  type OpenDataRelease,
} from "../../../shared/open-data/open-data-datasets.ts";

/**
 * The indicator series as an SDMX-CSV 2.0 data message (SDMX 3.0; field guide:
 * sdmx-twg/sdmx-csv, docs/data_message_field_guide.md): the header row is `STRUCTURE`,
 * `STRUCTURE_ID`, `ACTION`, then the dimensions, the measure `OBS_VALUE` and the attributes;
 * each row is one observation of dataflow `VIGIA:DF_<POLICY>_INDICADORES(1.0)` with action `I`
 * (information). The spec allows custom columns after the components: `LICENCIA` carries the
 * licence inside the file. Each published year contributes the observations of its own year
 * from its frozen release, so the series is what was published, year by year.
 *
 * The code lists (indicators, entities, territories, periods, measures, observation status)
 * are plain CSV with the codes' ids and names (`ID,NAME`), not SDMX-ML structure messages.
 */

export const SDMX_CSV_MEDIA_TYPE = "application/vnd.sdmx.data+csv; version=2.0.0; charset=utf-8";
export const SDMX_AGENCY = "VIGIA";

export const sdmxDataflowId = (policyCode: string) =>
  `DF_${policyCode.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}_INDICADORES`;

export const SDMX_DIMENSIONS = ["INDICADOR", "ENTIDAD", "TERRITORIO", "MEDIDA", "TIME_PERIOD"];
export const SDMX_ATTRIBUTES = ["UNIT_MEASURE", "OBS_STATUS"];

/** What each MEDIDA is, and where the release has it. */
export const SDMX_MEASURES = [
  { id: "VALOR", name: "Valor obtenido (validado)", field: "valor" },
  { id: "META", name: "Logro esperado (meta)", field: "meta" },
  { id: "AVANCE_TIPO1", name: "Avance tipo 1 (%)", field: "avance_tipo1" },
  { id: "AVANCE_TIPO2", name: "Avance tipo 2 (%)", field: "avance_tipo2" },
] as const;

export const SDMX_OBS_STATUS = [
  { id: "A", name: "Valor normal" },
  { id: "M", name: "Valor faltante: no calculable (ND) o no reportado" },
] as const;

export const SDMX_CODELISTS = [
  "CL_INDICADOR",
  "CL_ENTIDAD",
  "CL_TERRITORIO",
  "CL_PERIODO",
  "CL_MEDIDA",
  "CL_OBS_STATUS",
] as const;
export type SdmxCodelist = (typeof SDMX_CODELISTS)[number];

export interface Observation {
  indicator: string;
  entity: string;
  measure: string;
  period: string;
  value: OpenDataCell;
  unit: string;
}

const UNIT_OF_MEASURE: Record<string, string> = {
  AVANCE_TIPO1: "PORCENTAJE",
  AVANCE_TIPO2: "PORCENTAJE",
};

export function observations(releases: readonly OpenDataRelease[]): Observation[] {
  const out: Observation[] = [];
  for (const release of [...releases].sort((a, b) => a.year - b.year)) {
    for (const row of release.tables["evaluacion-indicadores"] ?? []) {
      for (const m of SDMX_MEASURES) {
        out.push({
          indicator: String(row.indicador),
          entity: String(row.responsable),
          measure: m.id,
          period: String(release.year),
          value: row[m.field] ?? null,
          unit: UNIT_OF_MEASURE[m.id] ?? String(row.unidad ?? "").toUpperCase(),
        });
      }
    }
  }
  return out;
}

/** The SDMX-CSV data message of a policy's indicator series over the given releases. */
export function sdmxIndicatorSeries(policyCode: string, releases: readonly OpenDataRelease[]) {
  const structureId = `${SDMX_AGENCY}:${sdmxDataflowId(policyCode)}(1.0)`;
  const lines = [
    toCsvLine([
      "STRUCTURE",
      "STRUCTURE_ID",
      "ACTION",
      ...SDMX_DIMENSIONS,
      "OBS_VALUE",
      ...SDMX_ATTRIBUTES,
      "LICENCIA",
    ]),
  ];
  for (const o of observations(releases)) {
    const numeric = typeof o.value === "number";
    lines.push(
      toCsvLine([
        "dataflow",
        structureId,
        "I",
        o.indicator,
        o.entity,
        "PE",
        o.measure,
        o.period,
        numeric ? String(o.value) : "",
        o.unit,
        numeric ? "A" : "M",
        OPEN_DATA_LICENSE.name,
      ]),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}

/** A code list as CSV (`ID,NAME`), from the newest release's names. */
export function sdmxCodelist(list: SdmxCodelist, releases: readonly OpenDataRelease[]): string {
  const codes = sdmxCodes(list, releases);
  const lines = [
    toCsvLine(["ID", "NAME"]),
    ...[...codes].map(([id, name]) => toCsvLine([id, name])),
  ];
  return `${lines.join("\r\n")}\r\n`;
}

/** A code list's ids and names, in list order (periods sorted). */
export function sdmxCodes(
  list: SdmxCodelist,
  releases: readonly OpenDataRelease[],
): Map<string, string> {
  const newestFirst = [...releases].sort((a, b) => b.year - a.year);
  const codes = new Map<string, string>();
  const add = (id: string, name: string) => {
    if (!codes.has(id)) codes.set(id, name);
  };
  for (const release of newestFirst) {
    const indicators = release.tables["evaluacion-indicadores"] ?? [];
    if (list === "CL_INDICADOR") {
      for (const r of indicators) add(String(r.indicador), String(r.nombre ?? ""));
    } else if (list === "CL_ENTIDAD") {
      const used = new Set(indicators.map((r) => String(r.responsable)));
      for (const e of release.entities) if (used.has(e.code)) add(e.code, e.name);
      for (const code of used) add(code, code);
    } else if (list === "CL_TERRITORIO") {
      for (const t of release.territories) add(t.code, t.name);
    } else if (list === "CL_PERIODO") {
      add(String(release.year), `Año ${release.year}`);
    }
  }
  if (list === "CL_MEDIDA") for (const m of SDMX_MEASURES) add(m.id, m.name);
  if (list === "CL_OBS_STATUS") for (const s of SDMX_OBS_STATUS) add(s.id, s.name);
  const ids = [...codes.keys()];
  if (list === "CL_PERIODO") ids.sort();
  return new Map(ids.map((id) => [id, codes.get(id) ?? ""]));
}
