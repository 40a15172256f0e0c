import { basename } from "node:path";
import {
  listStatisticsFigures,
  reconcileStatisticsYear,
} from "../../server/features/statistics/statistics.service.ts";
import {
  ensureStatisticsSetup,
  loadStatisticsCodeLists,
} from "../../server/features/statistics/statistics-code-lists.service.ts";
import { importStatisticsFile } from "../../server/features/statistics/statistics-import.service.ts";
import { importStatisticsRecords } from "../../server/features/statistics/statistics-records.service.ts";
import { importReferenceFigures } from "../../server/features/statistics/statistics-reference.service.ts";
import { type CommandInput, readJsonFile, requireYear, UsageError } from "../cli-support.ts";
import {
  formatCodeLists,
  formatFigures,
  formatReconciliation,
  formatReferenceImport,
  formatStatisticsImport,
} from "../format-statistics.ts";
import { createProgressBar } from "../progress-bar.ts";

/** `vigia stats …`: code lists, import, reference figures, reconciliation, figures, records. */
export async function runStats({ args, values, actor, out, err, io }: CommandInput): Promise<void> {
  const [sub, arg, third] = args;
  const format = values.format ?? "table";
  const requireFormat = () => {
    if (format !== "table" && format !== "json")
      throw new UsageError("--format debe ser table o json");
  };
  switch (sub) {
    case "code-lists": {
      const loads = await io.withDatabase((db) => loadStatisticsCodeLists(db, actor));
      out(formatCodeLists(loads));
      return;
    }
    case "import": {
      if (!arg)
        throw new UsageError("Indique el archivo: vigia stats import ARCHIVO --source CÓDIGO");
      if (!values.source)
        throw new UsageError("Indique la fuente: --source CÓDIGO (p. ej. PNP-RETA)");
      const sourceCode = values.source;
      const bar = createProgressBar(io.stderr);
      const report = await io
        .withDatabase(async (db) => {
          for (const loaded of await ensureStatisticsSetup(db, actor))
            err(`Cargado (primer uso): ${loaded}.`);
          return importStatisticsFile(db, actor, {
            path: arg,
            sourceCode,
            dryRun: values["dry-run"] ?? false,
            onProgress: bar.update,
          });
        })
        .finally(() => bar.stop());
      out(formatStatisticsImport(report));
      return;
    }
    case "import-reference": {
      const report = await io.withDatabase((db) =>
        importReferenceFigures(db, actor, values.file ? { path: values.file } : {}),
      );
      for (const loaded of report.setup) err(`Cargado (primer uso): ${loaded}.`);
      out(formatReferenceImport(report));
      return;
    }
    case "reconcile": {
      requireFormat();
      const year = requireYear(values.year);
      const result = await io.withDatabase((db) => reconcileStatisticsYear(db, actor, { year }));
      out(
        format === "json" ? `${JSON.stringify(result, null, 2)}\n` : formatReconciliation(result),
      );
      return;
    }
    case "figures": {
      requireFormat();
      const figures = await io.withDatabase((db) =>
        listStatisticsFigures(db, actor, {
          ...(values.year !== undefined ? { year: requireYear(values.year) } : {}),
          ...(values.source ? { source: values.source } : {}),
          ...(values.concept ? { concept: values.concept } : {}),
        }),
      );
      out(format === "json" ? `${JSON.stringify(figures, null, 2)}\n` : formatFigures(figures));
      return;
    }
    case "records": {
      if (arg !== "import" || !third)
        throw new UsageError("Uso: vigia stats records import ARCHIVO.json");
      const document = await readJsonFile(third);
      const report = await io.withDatabase((db) =>
        importStatisticsRecords(db, actor, { document, fileName: basename(third) }),
      );
      err(
        `Registros de ${report.source} (importación ${report.importId}): ${report.cases} casos con ${report.milestones} hitos, ${report.victims} víctimas, ${report.suspects} investigados.`,
      );
      return;
    }
    default:
      throw new UsageError(`Subcomando desconocido: stats ${sub ?? ""}`);
  }
}
