import { DomainError } from "../../server/errors.ts";
import {
  runLinkage as linkYear,
  uploadEncodings,
} from "../../server/features/linkage/linkage.service.ts";
import { publishLinkageCounts } from "../../server/features/linkage/linkage-results.service.ts";
import { purgeExpiredLinkageData } from "../../server/features/linkage/linkage-retention.service.ts";
import type { LinkageRunResult } from "../../shared/contracts/linkage.contract.ts";
import { EncodingsFileSchema } from "../../shared/linkage/encodings-file.ts";
import { type CommandInput, readJsonFile, requireYear, UsageError } from "../cli-support.ts";

/**
 * `vigia linkage upload | run | purge`: the database side of record linkage, the same domain
 * functions the /enlace page calls (docs/linkage.md, "Linking in Vigía"). Output is aggregates
 * only: counts, the overlap table, the estimate; never a record id.
 */

const n = (x: number) => Math.round(x).toLocaleString("es-PE");

function formatRun(r: LinkageRunResult): string {
  const lines = [
    `Enlace ${r.year}, versión ${r.version} (id ${r.id}): ${r.sources.join(", ")}${r.baseRunId !== null ? ` (incremental sobre el enlace ${r.baseRunId}: ${n(r.newRecords ?? 0)} registros nuevos)` : ""}`,
    `Umbral Dice: ${r.threshold} (${r.thresholdOrigin === "indicado" ? "indicado" : "valle del histograma"})`,
    `Registros: ${n(r.records)}; personas distintas: ${n(r.deduplicated)}`,
    `Pares candidatos: ${n(r.candidatePairs)}; sobre el umbral: ${n(r.pairsAboveThreshold)}; posibles duplicados dentro de una fuente: ${n(r.withinSourcePairs)}`,
    "Solapamientos:",
    ...r.overlap.map((o) => `  ${o.sources.join(" + ")}: ${n(o.count)}`),
    r.mse.ok
      ? `Cifra oculta: ${n(r.mse.darkFigure)}; población estimada ${n(r.mse.total)} (IC ${Math.round(r.mse.interval.level * 100)} %: ${n(r.mse.interval.lower)} – ${n(r.mse.interval.upper)})`
      : `Cifra oculta: no se estima: ${r.mse.message}`,
    `Pares para revisión: ${n(r.review.pending)} pendientes`,
    `Con registro de víctima en el registro estadístico: ${n(r.counts.withVictimRecord)} de ${n(r.counts.people)} personas`,
    ...(r.counts.withVictimRecord > 0
      ? [
          `Por región: ${r.counts.byDepartment.map((d) => `${d.code ?? "sin dato"} ${n(d.count)}`).join(", ")}`,
          `Por forma de explotación: ${r.counts.byExploitationForm.map((d) => `${d.code ?? "sin dato"} ${n(d.count)}`).join(", ")}`,
        ]
      : []),
  ];
  return `${lines.join("\n")}\n`;
}

export async function runUpload({ args, values, actor, err, io }: CommandInput): Promise<void> {
  const file = args[1];
  if (!file) throw new UsageError("Uso: vigia linkage upload CODIF.json --year AÑO");
  const year = requireYear(values.year);
  const parsed = EncodingsFileSchema.safeParse(await readJsonFile(file));
  if (!parsed.success)
    throw new DomainError(
      "invalid",
      `${file} no es un archivo de codificaciones válido (vigia-linkage-encodings/1): ${parsed.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join(".")}: ${i.message}`)
        .join("; ")}`,
    );
  const batch = await io.withDatabase((db) =>
    uploadEncodings(db, actor, { sourceCode: parsed.data.source, year, file: parsed.data }),
  );
  err(`${n(batch.records)} registros de ${batch.source} cargados para ${year} (lote ${batch.id}).`);
}

export async function runYear({ values, actor, out, io }: CommandInput): Promise<void> {
  const year = requireYear(values.year);
  const threshold = values.threshold === undefined ? undefined : Number(values.threshold);
  if (threshold !== undefined && !(threshold > 0 && threshold <= 1))
    throw new UsageError("--threshold debe estar entre 0 y 1");
  const format = values.format ?? "table";
  if (format !== "table" && format !== "json")
    throw new UsageError("--format debe ser table o json");
  const result = await io.withDatabase((db) =>
    linkYear(db, actor, { year, threshold, incremental: values.incremental === true }),
  );
  // The histogram is for the chart; the terminal gets the figures.
  out(format === "json" ? `${JSON.stringify(result, null, 2)}\n` : formatRun(result));
}

export async function runPublish({ values, actor, err, io }: CommandInput): Promise<void> {
  const id = Number(values.run);
  if (!Number.isSafeInteger(id) || id < 1)
    throw new UsageError(
      "Uso: vigia linkage publish --run ID (el id que imprime vigia linkage run)",
    );
  const p = await io.withDatabase((db) => publishLinkageCounts(db, actor, { id }));
  err(
    `Enlace ${p.year} v${p.version} publicado en el registro estadístico (importación ${p.importId}): ${p.figuresNew} cifras nuevas, ${p.figuresRestated} reexpresadas, ${p.figuresUnchanged} sin cambios. ${p.overlap.message}`,
  );
}

export async function runPurge({ actor, err, io }: CommandInput): Promise<void> {
  const report = await io.withDatabase((db) => purgeExpiredLinkageData(db, actor));
  err(
    `Retención del enlace (antes del ${report.cutoff.slice(0, 10)}): ${report.batches} lotes, ${n(report.encodings)} codificaciones y ${report.runs} enlaces borrados.`,
  );
}
