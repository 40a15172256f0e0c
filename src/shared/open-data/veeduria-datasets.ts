import type { OpenDataField } from "./open-data-datasets.ts";

/**
 * The veedurías' open data (issue 16 item 3, docs/veedurias.md): kept apart from the datasets
 * of a published year, since civil society's grades are not frozen with the conductor's
 * publication; their files are versioned by their own content (ETag) and listed in the same
 * DCAT catalogue. Columns are the CSV's, the JSON's `campos` and the data package's schema.
 */

const s = (name: string, description: string): OpenDataField => ({
  name,
  type: "string",
  description,
});

const VEEDURIA_FIELDS: readonly OpenDataField[] = [
  s("veeduria", "Código de la veeduría"),
  s("veeduria_nombre", "Nombre de la veeduría (ninguna persona: integrada por instituciones)"),
  s("departamento", "Código INEI del departamento (2 dígitos) que vigila"),
  s("departamento_nombre", "Nombre del departamento"),
  s("periodo", "Periodo calificado: AAAA, AAAA-S1, AAAA-S2 o AAAA-AAAA"),
];

export const VEEDURIA_DATASETS = [
  {
    id: "veedurias-semaforo",
    file: "semaforo",
    title: "Veedurías: semáforo por lineamiento",
    description:
      "La calificación de cada veeduría ciudadana regional a cada lineamiento de la política en un periodo (avanzado, con avances, parcial, inicial, sin avance, sin información pública), con su fundamento. Son valoraciones de la sociedad civil, no cifras oficiales.",
    keywords: ["veedurías", "sociedad civil", "semáforo", "lineamientos"],
    primaryKey: ["veeduria", "periodo", "lineamiento"],
    fields: [
      ...VEEDURIA_FIELDS,
      s("lineamiento", "Código del lineamiento"),
      s("objetivo", "Código del objetivo prioritario del lineamiento"),
      s("estado", "avanzado, con_avances, parcial, inicial, sin_avance o sin_informacion_publica"),
      s("estado_nombre", "El estado en palabras"),
      s("fundamento", "Por qué la veeduría le dio ese estado"),
      { name: "fecha_registro", type: "date", description: "Día en que se registró en Vigía" },
    ],
  },
  {
    id: "veedurias-conteos",
    file: "conteos",
    title: "Veedurías: lineamientos por estado",
    description:
      "Cuántos lineamientos calificó cada veeduría con cada estado en un periodo: contados de sus calificaciones (origen «evaluaciones») o transcritos de un documento que publicó solo conteos (origen «referencia»: seed 000, CHS Alternativo, no es una exportación institucional).",
    keywords: ["veedurías", "sociedad civil", "semáforo", "conteos"],
    primaryKey: ["veeduria", "periodo", "estado", "origen"],
    fields: [
      ...VEEDURIA_FIELDS,
      s("estado", "avanzado, con_avances, parcial, inicial, sin_avance o sin_informacion_publica"),
      s("estado_nombre", "El estado en palabras"),
      { name: "lineamientos", type: "integer", description: "Lineamientos con ese estado" },
      s("origen", "evaluaciones (contado en Vigía) o referencia (transcrito de un documento)"),
      s("fuente", "Documento de origen de un conteo de referencia; vacío para evaluaciones"),
      s("cita", "Página o línea del documento (p. ej. 000:L3450)"),
    ],
  },
] as const satisfies readonly {
  id: string;
  file: string;
  title: string;
  description: string;
  keywords: readonly string[];
  primaryKey: readonly string[];
  fields: readonly OpenDataField[];
}[];

export type VeeduriaDatasetId = (typeof VEEDURIA_DATASETS)[number]["id"];

export const veeduriaPaths = {
  semaforo: (policy: string) => `/api/public/veedurias/${policy}`,
  file: (policy: string, file: string) => `/api/public/veedurias/${policy}/${file}`,
  page: "/veedurias",
};
