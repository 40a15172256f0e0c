import { readFile } from "node:fs/promises";
import { DomainError } from "../../server/errors.ts";
import { parseCsv } from "../../server/features/territory/territory.service.ts";
import { loadLpSolver } from "../../server/lib/lp-solver.ts";
import { captureTableFromRecords } from "../../shared/mse/capture-table-records.ts";
import { existenceProgram } from "../../shared/mse/existence-lp.ts";
import {
  estimateDarkFigure,
  type MseEstimate,
  MseInputError,
} from "../../shared/mse/mse-estimate.ts";
import { type CommandInput, UsageError } from "../cli-support.ts";

const METHODS = ["stepwise", "bhs", "main"] as const;
type Method = (typeof METHODS)[number];

const number = (n: number) => Math.round(n).toLocaleString("es-PE");

function formatEstimate(e: MseEstimate): string {
  const pct = Math.round(e.interval.level * 100);
  const lines = [
    `Listas: ${e.lists.join(", ")}`,
    `Casos observados: ${number(e.observed)}`,
    `Cifra oculta estimada: ${number(e.darkFigure)}`,
    `Población total estimada: ${number(e.total)} (IC ${pct} %: ${number(e.interval.lower)} – ${number(e.interval.upper)})`,
    `Método: ${e.method}${e.pThreshold === null ? "" : ` (umbral p = ${e.pThreshold})`}; devianza ${e.deviance.toFixed(2)} con ${e.degreesOfFreedom} g.l.; AIC ${e.aic.toFixed(2)}`,
    e.interactions.length === 0
      ? "Interacciones: ninguna (solo efectos principales)"
      : `Interacciones: ${e.interactions
          .map((i) => `${i.lists.join(":")}${i.emptyOverlap ? " (sin casos en común)" : ""}`)
          .join(", ")}`,
  ];
  return `${lines.join("\n")}\n`;
}

/**
 * `vigia linkage estimate TABLA.csv`: multiple systems estimation of the dark figure from an
 * overlap table (one 0/1 column per list, then count). Needs no database: the table is the
 * aggregate a linkage run produces, or one published, like reference/mse/uk_nrm_2013.csv.
 */
export async function runLinkage(input: CommandInput): Promise<void> {
  const sub = input.args[0];
  if (sub === "encode") return (await import("./linkage-encoding.command.ts")).runEncode(input);
  if (sub === "link") return (await import("./linkage-encoding.command.ts")).runLink(input);
  if (sub === "synth") return (await import("./linkage-encoding.command.ts")).runSynth(input);
  if (sub === "upload") return (await import("./linkage-run.command.ts")).runUpload(input);
  if (sub === "run") return (await import("./linkage-run.command.ts")).runYear(input);
  if (sub === "publish") return (await import("./linkage-run.command.ts")).runPublish(input);
  if (sub === "purge") return (await import("./linkage-run.command.ts")).runPurge(input);
  if (sub !== "estimate") {
    throw new UsageError(
      "Uso: vigia linkage estimate|encode|link|synth|upload|run|publish|purge … (vigia --help)",
    );
  }
  return runEstimate(input);
}

async function runEstimate({ args, values, out }: CommandInput): Promise<void> {
  const file = args[1];
  if (!file)
    throw new UsageError("Indique la tabla de solapamientos: vigia linkage estimate TABLA.csv");
  const method = (values.method ?? "stepwise") as Method;
  if (!METHODS.includes(method)) throw new UsageError("--method debe ser stepwise, bhs o main");
  const level = values.level === undefined ? 0.95 : Number(values.level);
  if (!(level >= 0.5 && level <= 0.999))
    throw new UsageError("--level debe estar entre 0.5 y 0.999");
  const format = values.format ?? "table";
  if (format !== "table" && format !== "json")
    throw new UsageError("--format debe ser table o json");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new DomainError("invalid", `No se pudo leer ${file}: ${(error as Error).message}`);
  }
  const highs = await loadLpSolver();
  let result: ReturnType<typeof estimateDarkFigure>;
  try {
    result = estimateDarkFigure(captureTableFromRecords(parseCsv(text, file)), {
      method,
      level,
      existence: existenceProgram(highs),
    });
  } catch (error) {
    if (error instanceof MseInputError)
      throw new DomainError("invalid", `${file}: ${error.message}`);
    throw error;
  }
  if (!result.ok)
    throw new DomainError("invalid", `No se puede estimar la cifra oculta: ${result.message}`);
  out(
    format === "json"
      ? `${JSON.stringify(result.estimate, null, 2)}\n`
      : formatEstimate(result.estimate),
  );
}
