import { i, n, type OpenDataField, s } from "./open-data-datasets.ts";

/**
 * The two open-data datasets of issue 16 that are not frozen with a publication (docs/open-data.md
 * § Sociedad civil): what accredited organisations published beside the official figures, and
 * what has no public value. Both are read live, per policy and year, since an organisation may
 * publish after the year was; the DCAT catalogue and each release's data package point at them
 * with the same columns as here, so the description and the file cannot disagree.
 */

/** The label of an item with no public value, as the veedurías write it (seed 000:L3398). */
export const SIN_INFORMACION_PUBLICA = "sin información pública";

export const CIVIL_SOCIETY_FORMATS = ["csv", "json"] as const;
export type CivilSocietyFormat = (typeof CIVIL_SOCIETY_FORMATS)[number];

export interface CivilSocietyDatasetDef {
  id: "sociedad-civil" | "sin-informacion-publica";
  title: string;
  description: string;
  keywords: readonly string[];
  primaryKey: readonly string[];
  fields: readonly OpenDataField[];
}

export const CIVIL_SOCIETY_DATASETS = [
  {
    id: "sociedad-civil",
    title: "Valores alternativos y valoraciones de la sociedad civil",
    description:
      "Lo que cada organización de la sociedad civil acreditada publicó con su propio nombre junto a las cifras oficiales del año: valores alternativos de indicadores (con método, fuente y evidencias) y valoraciones cualitativas de servicios, con la respuesta del conductor. El valor oficial nunca se modifica: se muestra al lado. Un aporte retirado por el moderador (solo por datos personales) sigue listado con su motivo y sin su contenido.",
    keywords: ["sociedad civil", "valores alternativos", "vigilancia ciudadana"],
    primaryKey: ["id"],
    fields: [
      i("id", "Identificador del aporte en Vigía"),
      i("anio", "Año al que se refiere"),
      s("tipo", "valor_alternativo (de un indicador) o valoracion_servicio"),
      s("codigo", "Código del indicador o del servicio"),
      s("nombre", "Nombre del indicador o del servicio"),
      s("dice", "Quién lo dice: la organización que lo publica"),
      n("valor_oficial", "Valor oficial publicado del indicador en el año; vacío si no hay"),
      s("estado_oficial", "publicado o «sin información pública»"),
      n("valor_alternativo", "Valor que publica la organización (valores alternativos)"),
      s("metodo", "Cómo obtuvo la organización el valor"),
      s("valoracion", "Valoración cualitativa del servicio (valoraciones)"),
      s("fuente", "Fuente que cita la organización"),
      s("comentario", "Comentario de la organización"),
      i(
        "solicitud_acceso",
        "Solicitud de acceso a la información (Ley 27806) que cita, si cita una",
      ),
      s("fecha_publicacion", "Fecha y hora de publicación (ISO 8601)"),
      s("evidencias", "Direcciones de las evidencias, separadas por espacios"),
      s("respuesta_conductor", "Respuesta publicada por el conductor de la política"),
      s("fecha_respuesta", "Fecha y hora de la respuesta (ISO 8601)"),
      s("estado", "publicado, o «retirado por el moderador: <motivo>»"),
    ],
  },
  {
    id: "sin-informacion-publica",
    title: "Lo que falta: indicadores, servicios y datos TIP sin información pública",
    description:
      "Cada indicador, servicio y dato del informe TIP que no tiene un valor público para el año, con la entidad responsable y el motivo, como lo reportan las veedurías («sin información pública»), en vez de simplemente no aparecer.",
    keywords: ["sin información pública", "transparencia", "datos faltantes"],
    primaryKey: ["anio", "tipo", "codigo"],
    fields: [
      i("anio", "Año"),
      s("tipo", "indicador, servicio o dato_tip"),
      s("codigo", "Código del indicador o del servicio, o número del dato TIP"),
      s("nombre", "Nombre"),
      s("responsable", "Sigla de la entidad responsable (o del conductor, para los datos TIP)"),
      s("responsable_nombre", "Nombre de la entidad responsable"),
      s("estado", "«sin información pública»"),
      s("motivo", "Por qué no hay valor público"),
    ],
  },
] as const satisfies readonly CivilSocietyDatasetDef[];

export type CivilSocietyDatasetId = (typeof CIVIL_SOCIETY_DATASETS)[number]["id"];

export const CIVIL_SOCIETY_MEDIA_TYPES: Record<CivilSocietyFormat, string> = {
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
};

/** Stable addresses of the live datasets (relative to the server's origin). */
export const civilSocietyPaths = {
  dataset: (policy: string, id: CivilSocietyDatasetId, year: number, format: CivilSocietyFormat) =>
    `/api/public/sociedad-civil/${policy}/${id}/${year}.${format}`,
  evidence: (id: number) => `/api/public/civil-society/evidence/${id}`,
};
