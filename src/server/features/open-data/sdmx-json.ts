import {
  OPEN_DATA_LICENSE,
  type OpenDataRelease,
} from "../../../shared/open-data/open-data-datasets.ts";
import {
  type Observation,
  observations,
  SDMX_AGENCY,
  SDMX_OBS_STATUS,
  type SdmxCodelist,
  sdmxCodes,
  sdmxDataflowId,
} from "./sdmx-csv.ts";

/**
 * The same indicator series as an SDMX-JSON data message (field guide: sdmx-twg/sdmx-json,
 * data-message/docs/1-sdmx-json-field-guide.md), flat view (`dimensionAtObservation=
 * AllDimensions`): every dimension at observation level, each observation keyed by the indices
 * of its dimension values joined with «:», its array the value (null when missing) then the
 * indices of its attributes' values (UNIT_MEASURE, OBS_STATUS). Names are Spanish.
 */

export const SDMX_JSON_MEDIA_TYPE = "application/vnd.sdmx.data+json; version=1.0.0; charset=utf-8";

const DIMENSIONS: {
  id: string;
  name: string;
  list: SdmxCodelist | null;
  codeOf: (o: Observation) => string;
}[] = [
  { id: "INDICADOR", name: "Indicador", list: "CL_INDICADOR", codeOf: (o) => o.indicator },
  { id: "ENTIDAD", name: "Entidad responsable", list: "CL_ENTIDAD", codeOf: (o) => o.entity },
  { id: "TERRITORIO", name: "Territorio", list: null, codeOf: () => "PE" },
  { id: "MEDIDA", name: "Medida", list: "CL_MEDIDA", codeOf: (o) => o.measure },
  { id: "TIME_PERIOD", name: "Periodo", list: "CL_PERIODO", codeOf: (o) => o.period },
];

export function sdmxJsonSeries(
  policyCode: string,
  releases: readonly OpenDataRelease[],
  prepared: Date,
) {
  const obs = observations(releases);
  const newest = [...releases].sort((a, b) => b.year - a.year)[0];
  const valuesOf = (d: (typeof DIMENSIONS)[number]) => {
    const names = d.list ? sdmxCodes(d.list, releases) : new Map([["PE", "Perú (nacional)"]]);
    const used = [...new Set(obs.map(d.codeOf))];
    const ordered = [...names.keys()].filter((id) => used.includes(id));
    for (const id of used) if (!ordered.includes(id)) ordered.push(id);
    return ordered.map((id) => ({ id, name: names.get(id) ?? id }));
  };
  const dimensions = DIMENSIONS.map((d, keyPosition) => ({
    id: d.id,
    name: d.name,
    keyPosition,
    values: valuesOf(d),
  }));
  const units = [...new Set(obs.map((o) => o.unit))].map((id) => ({ id, name: id }));
  const attributes = [
    {
      id: "UNIT_MEASURE",
      name: "Unidad de medida",
      relationship: { primaryMeasure: "OBS_VALUE" },
      values: units,
    },
    {
      id: "OBS_STATUS",
      name: "Estado de la observación",
      relationship: { primaryMeasure: "OBS_VALUE" },
      values: SDMX_OBS_STATUS.map((s) => ({ id: s.id, name: s.name })),
    },
  ];
  const index = dimensions.map((d) => new Map(d.values.map((v, i) => [v.id, i])));
  const observationsOut: Record<string, (number | null)[]> = {};
  for (const o of obs) {
    const key = DIMENSIONS.map((d, i) => index[i]?.get(d.codeOf(o)) ?? 0).join(":");
    const numeric = typeof o.value === "number" ? o.value : null;
    observationsOut[key] = [
      numeric,
      units.findIndex((u) => u.id === o.unit),
      numeric === null ? 1 : 0,
    ];
  }
  const dataflow = `${SDMX_AGENCY}:${sdmxDataflowId(policyCode)}(1.0)`;
  return {
    meta: {
      id: `${dataflow}-${releases.map((r) => r.year).join("-")}`,
      prepared: prepared.toISOString(),
      test: false,
      contentLanguages: ["es"],
      sender: { id: SDMX_AGENCY, name: newest?.policy.conductor ?? SDMX_AGENCY },
      license: OPEN_DATA_LICENSE,
    },
    data: {
      structure: {
        name: `Serie de indicadores (${newest?.policy.name ?? policyCode})`,
        links: [
          {
            rel: "dataflow",
            urn: `urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow=${dataflow}`,
          },
        ],
        dimensions: { dataSet: [], series: [], observation: dimensions },
        attributes: { dataSet: [], series: [], observation: attributes },
      },
      dataSets: [{ action: "Information", observations: observationsOut }],
    },
  };
}
