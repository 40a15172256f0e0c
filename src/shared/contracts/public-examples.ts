/**
 * Example answers of the public routes for the OpenAPI document (`Contract.example`): an
 * anonymous reader has no account to try the API with first, so the document shows what each
 * answer looks like. JSON examples are checked against their response schemas
 * (src/server/http/openapi-examples.test.ts); file examples are the opening lines of the file.
 * Figures here are illustrative, not data.
 */

const LICENSE = {
  name: "ODC-By-1.0",
  title: "Open Data Commons Attribution License v1.0",
  path: "https://opendatacommons.org/licenses/by/1-0/",
};

export const CATALOGUE_EXAMPLE = {
  license: LICENSE,
  dcat: "/api/public/catalog.jsonld",
  policies: [
    {
      code: "pntp",
      name: "Política Nacional frente a la Trata de Personas y sus formas de explotación al 2030",
      conductor: "MININTER",
      sdmx: {
        dataflow: "VIGIA:DF_PNTP(1.0)",
        data: "/api/public/sdmx/pntp/indicadores.csv",
        json: "/api/public/sdmx/pntp/indicadores.json",
        codelists: [
          { id: "CL_INDICADOR", url: "/api/public/sdmx/pntp/codelists/CL_INDICADOR.csv" },
        ],
      },
      releases: [
        {
          version: "2023",
          year: 2023,
          publishedAt: "2024-06-28T15:00:00.000Z",
          cutOff: "2024-06-28",
          datapackage: "/api/public/releases/pntp/2023/datapackage.json",
          informe: "/api/policies/pntp/publications/2023/report",
          paquete: "/api/policies/pntp/publications/2023/package",
          datasets: [
            {
              id: "evaluacion-objetivos",
              theme: "evaluacion",
              title: "Evaluación: avance de los objetivos prioritarios",
              description: "Media de los avances de los indicadores de cada objetivo prioritario.",
              rows: 3,
              fields: [{ name: "anio", type: "integer", description: "Año evaluado" }],
              distributions: [
                {
                  format: "csv",
                  mediaType: "text/csv; charset=utf-8",
                  url: "/api/public/datasets/pntp/evaluacion-objetivos/2023.csv",
                },
              ],
            },
          ],
        },
      ],
    },
  ],
  veedurias: [],
};

export const DATASET_CSV_EXAMPLE =
  "anio,objetivo,nombre,avance_tipo1,avance_tipo2,nivel,avance_tipo1_anterior,licencia\r\n2023,OP1,Reducir la victimización…,61.2,22.2,intermedio,,ODC-By-1.0\r\n";

export const SDMX_CSV_EXAMPLE =
  "STRUCTURE,STRUCTURE_ID,ACTION,INDICADOR,ENTIDAD,TERRITORIO,TIME_PERIOD,MEDIDA,OBS_VALUE,OBS_STATUS\r\ndataflow,VIGIA:DF_PNTP(1.0),I,OP1.1,MININTER,PE,2023,VALOR,12.5,A\r\n";

export const CODELIST_CSV_EXAMPLE = "id,nombre\r\nOP1.1,Porcentaje de …\r\n";

export const DCAT_EXAMPLE = {
  "@context": { dcat: "http://www.w3.org/ns/dcat#", dct: "http://purl.org/dc/terms/" },
  "@type": "dcat:Catalog",
  "dcat:dataset": [{ "@type": "dcat:Dataset", "dct:identifier": "pntp-evaluacion-objetivos-2023" }],
};

export const DATAPACKAGE_EXAMPLE = {
  profile: "tabular-data-package",
  name: "pntp-datos-abiertos-2023",
  resources: [
    { name: "evaluacion-objetivos", path: "…/2023.csv", profile: "tabular-data-resource" },
  ],
};

export const PUBLIC_STATISTICS_EXAMPLE = {
  audience: "public",
  k: 11,
  protectionWidth: 0.1,
  note: "Celdas con menos de 11 casos reservadas.",
  years: [2024],
  tables: [
    {
      code: "victimas-2024",
      concept: "victimas",
      conceptLabel: "Presuntas víctimas",
      source: "MININTER-RETA",
      sourceLabel: "MININTER, RETA",
      period: { type: "anio", start: "2024-01-01", end: "2024-12-31", label: "2024" },
      unit: "personas",
      unitLabel: "personas",
      breakdown: "departamentos",
      transcribed: true,
      cells: [
        { key: "total", label: "Total", level: 0, value: 1520, suppressed: false, small: false },
        {
          key: "ubigeo=17",
          label: "Madre de Dios",
          level: 1,
          value: null,
          suppressed: true,
          small: false,
        },
      ],
      informationLoss: { cellsSuppressed: 2, cellsTotal: 26 },
    },
  ],
};

export const STATISTICS_CSV_EXAMPLE =
  'tabla,concepto,concepto_nombre,fuente,fuente_nombre,periodo,periodo_inicio,periodo_fin,unidad,unidad_nombre,desglose,celda,celda_nombre,nivel,valor,transcrito\r\nvictimas-2024,victimas,Presuntas víctimas,MININTER-RETA,"MININTER, RETA",2024,2024-01-01,2024-12-31,personas,personas,departamentos,ubigeo=17,Madre de Dios,1,reservado,si\r\n';

export const COMPLIANCE_EXAMPLE = {
  asOf: "2025-09-01",
  legalBasis: "TUO de la Ley 27806 (DS 021-2019-JUS), art. 11",
  calendarVersion: "2025.1",
  entities: [
    {
      entity: { code: "MINEM", name: "Ministerio de Energía y Minas" },
      requests: 2,
      answeredInTime: 0,
      answeredLate: 0,
      unanswered: 2,
      pending: 0,
      partial: 0,
    },
  ],
};
