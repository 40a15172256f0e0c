import { createHash } from "node:crypto";
import { strToU8, zipSync } from "fflate";
import type { Actor } from "../../../../shared/actor.ts";
import { CONTENT_TYPES } from "../../../../shared/contracts/reports.contract.ts";
import { withoutLineCitations } from "../../../../shared/public-text.ts";
import type { Database } from "../../../db/connect.ts";
import { buildEvaluationDocument } from "../evaluation/evaluation-document.builder.ts";
import {
  buildEvaluationReportModel,
  type EvaluationReportModel,
} from "../evaluation/evaluation-model.service.ts";
import type { ReportDocument } from "../render/report-document.ts";
import { formatDateEs } from "../render/report-format.ts";
import { type GeneratedFile, type ProgressListener, renderReport } from "../reports.service.ts";

/**
 * The publication package for the Portal de Transparencia Estándar (PTE): the Informe (PDF),
 * its annex (XLSX), the figures as CSV with a Frictionless data package as data dictionary,
 * a README in Spanish and SHA-256 checksums. Validated data only, cut-off date stated.
 */

type FieldType = "string" | "number" | "integer";
interface FieldDef<R> {
  name: string;
  type: FieldType;
  description: string;
  value(row: R): string | number | null;
}
interface CsvDef<R> {
  name: string;
  title: string;
  description: string;
  primaryKey: string[];
  fields: FieldDef<R>[];
  rows: R[];
}

/** Progress "ND" (not computable) is written as ND and declared a missing value. */
const MISSING = ["", "ND"];

function csvEscape(v: string | number | null): string {
  if (v === null) return "";
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function toCsv<R>(def: CsvDef<R>): string {
  const lines = [def.fields.map((f) => csvEscape(f.name)).join(",")];
  for (const row of def.rows) lines.push(def.fields.map((f) => csvEscape(f.value(row))).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

function csvDefinitions(model: EvaluationReportModel) {
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

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

function readme(
  model: EvaluationReportModel,
  files: { path: string; title: string }[],
  defs: CsvDef<unknown>[],
): string {
  const cat = model.catalogue;
  const conductor = cat.entities.find((e) => e.code === cat.policy.conductor)?.name;
  const lines = [
    `# ${cat.policy.name}: evaluación ${model.year}`,
    "",
    `Paquete de publicación para el Portal de Transparencia Estándar (PTE), generado por Vigía a partir de los datos registrados en el sistema de seguimiento.`,
    "",
    `- Conductor: ${conductor ?? cat.policy.conductor}`,
    `- Año evaluado: ${model.year} (con ${model.year - 1} como referencia)`,
    `- Fecha de corte: ${formatDateEs(model.cutOff)}. Solo incluye valores **validados** por el conductor hasta esa fecha.`,
    `- Generado el: ${model.generatedAt.toISOString()}`,
    "",
    "## Contenido",
    "",
    "| Archivo | Descripción |",
    "|---|---|",
    ...files.map((f) => `| \`${f.path}\` | ${f.title} |`),
    "| `datapackage.json` | Diccionario de datos (Frictionless Data Package): campos, tipos y descripciones |",
    "| `manifest.json`, `SHA256SUMS` | Sumas SHA-256 de cada archivo |",
    "",
    "## Diccionario de datos",
    "",
  ];
  for (const d of defs) {
    lines.push(`### datos/${d.name}.csv`, "", d.description, "");
    lines.push("| Campo | Tipo | Descripción |", "|---|---|---|");
    for (const f of d.fields) lines.push(`| \`${f.name}\` | ${f.type} | ${f.description} |`);
    lines.push("");
  }
  lines.push(
    "## Notas",
    "",
    "- CSV en UTF-8, separados por comas, con punto decimal. `ND` indica un avance no calculable.",
    "- Los avances están redondeados a un decimal (half-up), como en el informe; la hoja «Indicadores» del XLSX trae los valores sin redondear.",
    "- Las líneas de base marcadas como derivadas fueron despejadas de cifras publicadas (ver anexo 1 del informe).",
    "- Los valores que las reglas de calidad observan se publican tal como fueron validados y se listan en el anexo 2 del informe y en la columna `alertas`.",
    "",
    "## Verificación",
    "",
    "```",
    "sha256sum -c SHA256SUMS",
    "```",
    "",
  );
  return lines.join("\n");
}

export interface PublicationPackageInput {
  policyCode: string;
  year: number;
  now?: Date;
  onProgress?: ProgressListener;
}

export async function buildPublicationPackage(
  db: Database,
  actor: Actor,
  input: PublicationPackageInput,
): Promise<GeneratedFile> {
  const progress = input.onProgress ?? (() => {});
  progress("Leyendo datos validados y calculando la evaluación", 1, 4);
  const model = await buildEvaluationReportModel(db, actor, input);
  progress("Armando el documento y los gráficos", 2, 4);
  const doc = buildEvaluationDocument(model);
  progress("Generando PDF y XLSX", 3, 4);
  const pdf = await renderReport(doc, "pdf");
  const xlsx = await renderReport(doc, "xlsx");
  progress("Escribiendo CSV, diccionario y sumas de verificación", 4, 4);
  return packageFiles(model, pdf, xlsx);
}

/**
 * The package around an Informe already rendered from `model`: publishing a year renders the
 * PDF once for both the public's download and the package.
 */
export async function packageFromModel(
  model: EvaluationReportModel,
  doc: ReportDocument,
  pdf: GeneratedFile,
): Promise<GeneratedFile> {
  return packageFiles(model, pdf, await renderReport(doc, "xlsx"));
}

function packageFiles(
  model: EvaluationReportModel,
  pdf: GeneratedFile,
  xlsx: GeneratedFile,
): GeneratedFile {
  const files = new Map<string, Uint8Array>();
  const described: { path: string; title: string }[] = [];
  files.set(pdf.fileName, pdf.bytes);
  described.push({ path: pdf.fileName, title: `Informe de Evaluación ${model.year} (PDF)` });
  files.set(xlsx.fileName, xlsx.bytes);
  described.push({
    path: xlsx.fileName,
    title: "Anexo en hoja de cálculo: una hoja por cuadro y los datos",
  });
  const defs = csvDefinitions(model);
  for (const d of defs) {
    const path = `datos/${d.name}.csv`;
    files.set(path, strToU8(toCsv(d)));
    described.push({ path, title: d.title });
  }

  const resources = [
    ...defs.map((d) => {
      const path = `datos/${d.name}.csv`;
      const bytes = files.get(path) ?? new Uint8Array();
      return {
        name: d.name,
        path,
        profile: "tabular-data-resource",
        title: d.title,
        description: d.description,
        format: "csv",
        mediatype: "text/csv",
        encoding: "utf-8",
        bytes: bytes.length,
        hash: `sha256:${sha256(bytes)}`,
        schema: {
          fields: d.fields.map((f) => ({ name: f.name, type: f.type, description: f.description })),
          primaryKey: d.primaryKey,
          missingValues: MISSING,
        },
      };
    }),
    ...[pdf, xlsx].map((f) => ({
      name: f.fileName.replace(/\.[a-z]+$/, `-${f.fileName.split(".").pop()}`),
      path: f.fileName,
      profile: "data-resource",
      title: described.find((d) => d.path === f.fileName)?.title,
      format: f.fileName.split(".").pop(),
      mediatype: f.contentType,
      bytes: f.bytes.length,
      hash: `sha256:${sha256(f.bytes)}`,
    })),
  ];
  const cat = model.catalogue;
  const datapackage = {
    profile: "data-package",
    name: `${model.policyCode}-evaluacion-${model.year}`,
    title: `${cat.policy.name}: evaluación ${model.year}`,
    description: `Resultados de la evaluación ${model.year} (avance tipo 1 y tipo 2, índice de gestión, valoración) y valores validados al ${formatDateEs(model.cutOff)}.`,
    created: model.generatedAt.toISOString(),
    keywords: ["política nacional", "CEPLAN", "evaluación", "seguimiento", model.policyCode],
    contributors: [
      {
        title:
          cat.entities.find((e) => e.code === cat.policy.conductor)?.name ?? cat.policy.conductor,
        role: "publisher",
      },
    ],
    sources: cat.provenance.sources.map((title) => ({ title: withoutLineCitations(title) })),
    vigia: { fechaCorte: model.cutOff, estados: ["validado"], anio: model.year },
    resources,
  };
  files.set("datapackage.json", strToU8(`${JSON.stringify(datapackage, null, 2)}\n`));
  files.set("LEEME.md", strToU8(readme(model, described, defs)));

  const manifest = {
    politica: model.policyCode,
    anio: model.year,
    fechaCorte: model.cutOff,
    generado: model.generatedAt.toISOString(),
    estados: ["validado"],
    archivos: [...files].map(([path, bytes]) => ({
      path,
      bytes: bytes.length,
      sha256: sha256(bytes),
    })),
  };
  files.set("manifest.json", strToU8(`${JSON.stringify(manifest, null, 2)}\n`));
  files.set(
    "SHA256SUMS",
    strToU8(
      [...files]
        .filter(([path]) => path !== "SHA256SUMS")
        .map(([path, bytes]) => `${sha256(bytes)}  ${path}\n`)
        .join(""),
    ),
  );

  const mtime = model.generatedAt;
  const zipped = zipSync(
    Object.fromEntries([...files].map(([path, bytes]) => [path, [bytes, { mtime }]])),
    { level: 6 },
  );
  return {
    fileName: `publicacion-${model.policyCode}-${model.year}.zip`,
    contentType: CONTENT_TYPES.zip,
    bytes: zipped,
  };
}
