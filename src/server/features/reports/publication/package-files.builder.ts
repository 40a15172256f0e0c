import { createHash } from "node:crypto";
import { strToU8, zipSync } from "fflate";
import { CONTENT_TYPES } from "../../../../shared/contracts/reports.contract.ts";
import { withoutLineCitations } from "../../../../shared/public-text.ts";
import type { ChainAnchorSnapshot } from "../../../audit/audit-chain.service.ts";
import {
  type CsvTable,
  OPEN_DATA_LICENSE,
  RESERVED,
  STATISTICS_CSV_FIELDS,
  STATISTICS_CSV_PRIMARY_KEY,
  statisticsCsv,
} from "../../statistics/statistics-csv.builder.ts";
import type { EvaluationReportModel } from "../evaluation/evaluation-model.service.ts";
import { formatDateEs } from "../render/report-format.ts";
import type { GeneratedFile } from "../reports.service.ts";
import { ANCHOR_PATH, anchorFile } from "./package-anchor.builder.ts";
import { type CsvDef, csvDefinitions, MISSING, toCsv } from "./package-data.builder.ts";

/**
 * The package's files around an Informe already rendered: the CSV, datapackage.json, the
 * README in Spanish, the audit chain's anchor (package-anchor.builder.ts), the manifest and
 * SHA256SUMS, zipped with the model's time as every
 * entry's date. `datos/estadisticas.csv` holds the register's public tables of the year as the
 * statistics feature protected them (output `paquete/estadisticas`); it is written after the
 * evaluation's files, which stay as they were.
 */

/** The register's tables of the year, already through disclosure control (public audience). */
export interface PackageStatistics {
  k: number;
  tables: readonly CsvTable[];
}

const STATISTICS_PATH = "datos/estadisticas.csv";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

function readme(
  model: EvaluationReportModel,
  files: { path: string; title: string }[],
  defs: CsvDef<unknown>[],
  statistics: PackageStatistics,
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
    `| \`${ANCHOR_PATH}\` | Ancla de la cadena de auditoría de Vigía al generar el paquete (último evento y su hash) |`,
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
  lines.push(`### ${STATISTICS_PATH}`, "", statisticsDescription(model, statistics), "");
  lines.push("| Campo | Tipo | Descripción |", "|---|---|---|");
  for (const f of STATISTICS_CSV_FIELDS) {
    lines.push(`| \`${f.name}\` | ${f.type} | ${f.description} |`);
  }
  lines.push(
    "",
    `Licencia de \`${STATISTICS_PATH}\`: ${OPEN_DATA_LICENSE.title} (${OPEN_DATA_LICENSE.path}).`,
    "",
  );
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
    `\`${ANCHOR_PATH}\` guarda fuera de Vigía el estado de su registro de auditoría al generar este paquete. Con él, cualquiera puede pedir más adelante que se compruebe que el registro no fue reescrito: el archivo trae el comando \`vigia audit verify --anchor …\` y cómo leer su resultado.`,
    "",
  );
  return lines.join("\n");
}

const statisticsTitle = (model: EvaluationReportModel) =>
  `Estadísticas públicas del registro estadístico, ${model.year}`;

const statisticsDescription = (model: EvaluationReportModel, statistics: PackageStatistics) =>
  `Las tablas de conteos del registro estadístico cuyo periodo cae en ${model.year}, una fila por celda, con control de divulgación (k = ${statistics.k}): «${RESERVED}» marca una celda con menos de ${statistics.k} casos o reservada para que no pueda calcularse una que los tiene (ambas igual). Las mismas tablas que publica el portal.`;

export function packageFiles(
  model: EvaluationReportModel,
  pdf: GeneratedFile,
  xlsx: GeneratedFile,
  statistics: PackageStatistics,
  anchor: ChainAnchorSnapshot,
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
  files.set(STATISTICS_PATH, strToU8(statisticsCsv(statistics.tables)));
  described.push({ path: STATISTICS_PATH, title: statisticsTitle(model) });

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
    {
      name: "estadisticas",
      path: STATISTICS_PATH,
      profile: "tabular-data-resource",
      title: statisticsTitle(model),
      description: statisticsDescription(model, statistics),
      format: "csv",
      mediatype: "text/csv",
      encoding: "utf-8",
      bytes: files.get(STATISTICS_PATH)?.length ?? 0,
      hash: `sha256:${sha256(files.get(STATISTICS_PATH) ?? new Uint8Array())}`,
      licenses: [OPEN_DATA_LICENSE],
      schema: {
        fields: STATISTICS_CSV_FIELDS.map((f) => ({
          name: f.name,
          type: f.type,
          description: f.description,
        })),
        primaryKey: STATISTICS_CSV_PRIMARY_KEY,
        missingValues: ["", RESERVED],
      },
    },
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
  files.set(ANCHOR_PATH, strToU8(anchorFile(anchor, model.generatedAt)));
  files.set("datapackage.json", strToU8(`${JSON.stringify(datapackage, null, 2)}\n`));
  files.set("LEEME.md", strToU8(readme(model, described, defs, statistics)));

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
