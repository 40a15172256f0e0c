import { withoutLineCitations } from "../../../../shared/public-text.ts";
import type { EvaluationReportModel } from "../evaluation/evaluation-model.service.ts";

/**
 * The package's figures as CSV files, each described field by field: the same definitions
 * write the CSV, the Frictionless data package (datapackage.json) and the README's dictionary.
 */

type FieldType = "string" | "number" | "integer";
interface FieldDef<R> {
  name: string;
  type: FieldType;
  description: string;
  value(row: R): string | number | null;
}
export interface CsvDef<R> {
  name: string;
  title: string;
  description: string;
  primaryKey: string[];
  fields: FieldDef<R>[];
  rows: R[];
}

/** Progress "ND" (not computable) is written as ND and declared a missing value. */
export const MISSING = ["", "ND"];

function csvEscape(v: string | number | null): string {
  if (v === null) return "";
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv<R>(def: CsvDef<R>): string {
  const lines = [def.fields.map((f) => csvEscape(f.name)).join(",")];
  for (const row of def.rows) lines.push(def.fields.map((f) => csvEscape(f.value(row))).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

export function csvDefinitions(model: EvaluationReportModel) {
  const ev = model.evaluation;
  const t = ev.year;
  const p = ev.previousYear;
  type Ind = (typeof ev.indicators)[number];
  const indicators: CsvDef<Ind> = {
    name: "indicadores",
    title: `Resultados por indicador, ${t}`,
    description: `Avance tipo 1 y tipo 2 de cada indicador en ${t}, con metas y valores de ${p} y ${t}. Avances redondeados a un decimal (half-up) como en el informe.`,
    primaryKey: ["indicador"],
    fields: [
      {
        name: "indicador",
        type: "string",
        description: "Código del indicador",
        value: (i) => i.code,
      },
      {
        name: "tipo",
        type: "string",
        description: "objetivo (indicador de objetivo prioritario) o servicio",
        value: (i) => i.kind,
      },
      {
        name: "objetivo",
        type: "string",
        description: "Código del objetivo prioritario",
        value: (i) => i.objective,
      },
      {
        name: "servicio",
        type: "string",
        description: "Código del servicio (vacío para indicadores de objetivo)",
        value: (i) => i.service,
      },
      {
        name: "nombre",
        type: "string",
        description: "Nombre del indicador (ficha técnica en vigor)",
        value: (i) => i.name,
      },
      {
        name: "responsable",
        type: "string",
        description: "Sigla de la entidad responsable",
        value: (i) => i.responsible,
      },
      {
        name: "unidad",
        type: "string",
        description: "porcentaje, numero, tasa o razon",
        value: (i) => i.unit,
      },
      {
        name: "linea_base",
        type: "number",
        description: "Línea de base (vacía si no tiene)",
        value: (i) => i.baseline,
      },
      {
        name: `meta_${p}`,
        type: "number",
        description: `Logro esperado ${p}`,
        value: (i) => i.previous.meta,
      },
      {
        name: `meta_${t}`,
        type: "number",
        description: `Logro esperado ${t}`,
        value: (i) => i.meta,
      },
      {
        name: `valor_${p}`,
        type: "number",
        description: `Valor obtenido ${p} (validado)`,
        value: (i) => i.previous.value,
      },
      {
        name: `valor_${t}`,
        type: "number",
        description: `Valor obtenido ${t} (validado)`,
        value: (i) => i.value,
      },
      {
        name: `avance_tipo1_${p}`,
        type: "number",
        description: `Avance tipo 1 ${p} (%); ND si no es calculable`,
        value: (i) => i.previous.tipo1,
      },
      {
        name: `avance_tipo1_${t}`,
        type: "number",
        description: `Avance tipo 1 ${t} (%); ND si no es calculable`,
        value: (i) => i.tipo1,
      },
      {
        name: `avance_tipo2_${t}`,
        type: "number",
        description: `Avance tipo 2 ${t} (%); ND sin línea de base`,
        value: (i) => i.tipo2,
      },
      {
        name: `nivel_${t}`,
        type: "string",
        description: "Nivel según el avance tipo 1: bajo, intermedio, alto o ND",
        value: (i) => i.level,
      },
      {
        name: "alertas",
        type: "string",
        description:
          "Códigos de las reglas de calidad que observan el valor, separados por punto y coma",
        value: (i) => i.warnings.map((w) => w.code).join(";"),
      },
    ],
    rows: ev.indicators,
  };
  type Obj = (typeof ev.objectives)[number];
  const objectives: CsvDef<Obj> = {
    name: "objetivos",
    title: `Avance de los objetivos prioritarios, ${t}`,
    description: "Media de los avances de los indicadores de cada objetivo, acotados a [0, 100].",
    primaryKey: ["objetivo"],
    fields: [
      {
        name: "objetivo",
        type: "string",
        description: "Código del objetivo prioritario",
        value: (o) => o.code,
      },
      {
        name: "nombre",
        type: "string",
        description: "Enunciado del objetivo prioritario",
        value: (o) => o.name,
      },
      {
        name: `avance_tipo1_${p}`,
        type: "number",
        description: `Avance tipo 1 ${p} (%)`,
        value: (o) => o.previousTipo1,
      },
      {
        name: `avance_tipo1_${t}`,
        type: "number",
        description: `Avance tipo 1 ${t} (%)`,
        value: (o) => o.tipo1,
      },
      {
        name: `avance_tipo2_${t}`,
        type: "number",
        description: `Avance tipo 2 ${t} (%)`,
        value: (o) => o.tipo2,
      },
      {
        name: `nivel_${t}`,
        type: "string",
        description: "Nivel según el avance tipo 1",
        value: (o) => o.level,
      },
    ],
    rows: ev.objectives,
  };
  const summary: CsvDef<null> = {
    name: "indice",
    title: `Índice de gestión y valoración, ${t}`,
    description:
      "Índice de gestión (media del avance tipo 2 de los objetivos) y valoración de la implementación.",
    primaryKey: ["anio"],
    fields: [
      { name: "anio", type: "integer", description: "Año evaluado", value: () => t },
      {
        name: "indice_gestion",
        type: "number",
        description: "Índice de gestión (%)",
        value: () => ev.index.tipo2,
      },
      {
        name: "nivel_indice",
        type: "string",
        description: "Nivel del índice: bajo, intermedio o alto",
        value: () => ev.index.level,
      },
      {
        name: "valoracion",
        type: "number",
        description: "Puntaje de la valoración de la implementación (1 a 3)",
        value: () => ev.valoracion.total,
      },
      {
        name: "nivel_implementacion",
        type: "string",
        description: "INICIAL, INTERMEDIO o AVANZADO",
        value: () => ev.valoracion.level,
      },
    ],
    rows: [null],
  };
  type Crit = (typeof ev.valoracion.criteria)[number];
  const criteria: CsvDef<Crit> = {
    name: "valoracion",
    title: `Criterios de la valoración de la implementación, ${t}`,
    description: "Puntaje = peso × puntaje del nivel (INICIAL 1, INTERMEDIO 2, AVANZADO 3).",
    primaryKey: ["criterio"],
    fields: [
      {
        name: "criterio",
        type: "string",
        description: "Código del criterio",
        value: (c) => c.code,
      },
      {
        name: "nombre",
        type: "string",
        description: "Criterio de valoración",
        value: (c) => c.name,
      },
      { name: "peso", type: "number", description: "Peso del criterio", value: (c) => c.weight },
      { name: "nivel", type: "string", description: "Nivel de valoración", value: (c) => c.level },
      {
        name: "puntaje",
        type: "number",
        description: "Peso × puntaje del nivel",
        value: (c) => c.score,
      },
      {
        name: "fundamento",
        type: "string",
        description: "Cómo se obtuvo el nivel",
        value: (c) => c.basis,
      },
    ],
    rows: ev.valoracion.criteria,
  };
  type Val = EvaluationReportModel["values"][number];
  const values: CsvDef<Val> = {
    name: "mediciones",
    title: `Valores validados, ${p}–${t}`,
    description:
      "Valores reportados por las entidades y validados por el conductor: última revisión validada de cada indicador, año y periodo.",
    primaryKey: ["id_medicion"],
    fields: [
      {
        name: "id_medicion",
        type: "integer",
        description: "Identificador del valor en Vigía",
        value: (v) => v.id,
      },
      {
        name: "indicador",
        type: "string",
        description: "Código del indicador",
        value: (v) => v.indicator,
      },
      { name: "anio", type: "integer", description: "Año", value: (v) => v.year },
      { name: "periodo", type: "string", description: "ANUAL, S1 o S2", value: (v) => v.period },
      {
        name: "revision",
        type: "integer",
        description: "Revisión del valor (1 = original)",
        value: (v) => v.revision,
      },
      {
        name: "version_ficha",
        type: "integer",
        description: "Versión de la ficha técnica con la que se reportó",
        value: (v) => v.indicatorVersion,
      },
      { name: "valor", type: "number", description: "Valor obtenido", value: (v) => v.value },
      {
        name: "numerador",
        type: "number",
        description: "Numerador, si se reportó",
        value: (v) => v.numerator,
      },
      {
        name: "denominador",
        type: "number",
        description: "Denominador, si se reportó",
        value: (v) => v.denominator,
      },
      {
        name: "estado",
        type: "string",
        description: "Estado del valor (siempre validado en este paquete)",
        value: (v) => v.status,
      },
      {
        name: "sistema_origen",
        type: "string",
        description: "Sistema de información del que proviene la cifra",
        value: (v) => v.sourceSystem,
      },
      {
        name: "entidad_reporta",
        type: "string",
        description: "Entidad cuyo punto focal registró el valor",
        value: (v) => v.reportingEntity,
      },
      {
        name: "entidad_titular",
        type: "string",
        description: "Entidad a la que pertenece la cifra",
        value: (v) => v.reportedForEntity,
      },
      {
        name: "referencia",
        type: "string",
        description: "Documento y ubicación de la cifra",
        // The document, not the transcriber's line numbers in it.
        value: (v) => withoutLineCitations(v.reference),
      },
    ],
    rows: model.values.filter((v) => v.status === "validado"),
  };
  return [indicators, objectives, summary, criteria, values] as CsvDef<unknown>[];
}
