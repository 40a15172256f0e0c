import { readFile, rename, writeFile } from "node:fs/promises";
import { buildPublicationPackage } from "../../server/features/reports/publication/publication-package.service.ts";
import {
  type GeneratedFile,
  generateCongressReport,
  generateEvaluationReport,
  generateMonitoringReport,
  generateTipPack,
  type ProgressListener,
  setReportText,
} from "../../server/features/reports/reports.service.ts";
import {
  CONGRESS_FORMATS,
  REPORT_FORMATS,
  type ReportFormat,
} from "../../shared/contracts/reports.contract.ts";
import { AUDIENCES, type Audience } from "../../shared/disclosure/disclosure-rules.ts";
import { type CommandInput, requireYear, UsageError } from "../cli-support.ts";

/** --format, or else the extension of --out. */
function reportFormat(format: string | undefined, out: string): ReportFormat {
  const chosen = format && format !== "table" ? format : out.split(".").pop()?.toLowerCase();
  if (!REPORT_FORMATS.includes(chosen as ReportFormat)) {
    throw new UsageError(`--format debe ser ${REPORT_FORMATS.join(", ")}`);
  }
  return chosen as ReportFormat;
}

/** Steps on stderr with the time elapsed, so stdout stays clean for pipes. */
function cliProgress(err: (line: string) => void): ProgressListener {
  const start = performance.now();
  return (step, done, total) => {
    const seconds = ((performance.now() - start) / 1000).toFixed(1);
    err(`[${done}/${total}] ${step}… (${seconds} s)`);
  };
}

/** Writes beside the target and renames, so a failure never leaves half a document. */
async function writeOut(outFile: string, file: GeneratedFile, err: (line: string) => void) {
  const partial = `${outFile}.partial`;
  await writeFile(partial, file.bytes);
  await rename(partial, outFile);
  err(`Listo: ${outFile} (${Math.ceil(file.bytes.length / 1024)} KB, ${file.contentType}).`);
}

/** `vigia report tip|congress --year Y --format … --out F`: documents of the whole register. */
async function runRegisterReport(
  sub: "tip" | "congress",
  { values, actor, err, io }: CommandInput,
): Promise<void> {
  const year = requireYear(values.year);
  if (!values.out) throw new UsageError("Indique el archivo de salida: --out ARCHIVO");
  const outFile = values.out;
  const format = reportFormat(values.format, outFile);
  const progress = cliProgress(err);
  const start = performance.now();
  let file: GeneratedFile;
  if (sub === "tip") {
    const audience = (values.audience ?? "public") as Audience;
    if (!AUDIENCES.includes(audience)) {
      throw new UsageError(`--audience debe ser ${AUDIENCES.join(" o ")}`);
    }
    file = await io.withDatabase((db) =>
      generateTipPack(db, actor, { year, format, audience, onProgress: progress }),
    );
  } else {
    if (!(CONGRESS_FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`--format debe ser ${CONGRESS_FORMATS.join(" o ")}`);
    }
    file = await io.withDatabase((db) =>
      generateCongressReport(db, actor, {
        year,
        format: format as (typeof CONGRESS_FORMATS)[number],
        ...(values.policy ? { policyCode: values.policy } : {}),
        onProgress: progress,
      }),
    );
  }
  await writeOut(outFile, file, err);
  err(`Tiempo de generación: ${((performance.now() - start) / 1000).toFixed(2)} s.`);
}

/** `vigia report evaluation|monitoring|package|tip|congress|text set …`: documents generated from the data. */
export async function runReport(input: CommandInput): Promise<void> {
  const { args, values, actor, err, io } = input;
  const [sub, arg] = args;
  if (sub === "tip" || sub === "congress") return runRegisterReport(sub, input);
  if (!values.policy) throw new UsageError("Indique la política: --policy CÓDIGO");
  const year = requireYear(values.year);
  const policyCode = values.policy;
  if (sub === "text") {
    if (arg !== "set") throw new UsageError("Uso: vigia report text set --section … --file …");
    if (!values.section) throw new UsageError("Indique la sección: --section conclusiones");
    if (!values.file) throw new UsageError("Indique el archivo del texto: --file ARCHIVO");
    const body = await readFile(values.file, "utf8");
    const section = values.section;
    const saved = await io.withDatabase((db) =>
      setReportText(db, actor, { policyCode, year, section, body }),
    );
    err(
      `Texto "${saved.section}" de ${saved.policy} ${saved.year} registrado por ${saved.author} (${saved.placeholders} marcadores).`,
    );
    return;
  }
  if (!values.out) throw new UsageError("Indique el archivo de salida: --out ARCHIVO");
  const outFile = values.out;
  const progress = cliProgress(err);
  let file: GeneratedFile;
  if (sub === "package") {
    file = await io.withDatabase((db) =>
      buildPublicationPackage(db, actor, { policyCode, year, onProgress: progress }),
    );
  } else if (sub === "evaluation" || sub === "monitoring") {
    const format = reportFormat(values.format, outFile);
    if (sub === "evaluation") {
      file = await io.withDatabase((db) =>
        generateEvaluationReport(db, actor, {
          policyCode,
          year,
          format,
          onProgress: progress,
        }),
      );
    } else {
      const period = values.period;
      if (period !== "S1" && period !== "S2") {
        throw new UsageError("Indique el semestre: --period S1 o --period S2");
      }
      file = await io.withDatabase((db) =>
        generateMonitoringReport(db, actor, {
          policyCode,
          year,
          period,
          format,
          onProgress: progress,
        }),
      );
    }
  } else {
    throw new UsageError(`Subcomando desconocido: report ${sub ?? ""}`);
  }
  await writeOut(outFile, file, err);
}
