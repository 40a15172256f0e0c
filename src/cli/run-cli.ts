import { parseArgs } from "node:util";
import { ConfigError } from "../server/config.ts";
import { DataDirLockedError } from "../server/db/data-dir-lock.ts";
import { DomainError } from "../server/errors.ts";
import { type CliIo, type CommandInput, cliActor, UsageError } from "./cli-support.ts";

/**
 * The `vigia` command line, runnable in any process (bin/vigia.mjs → main.ts passes the
 * process's streams; tests pass buffers and their own database). Each command's module is
 * imported only when it runs: the report renderers (docx, pdfmake, exceljs, resvg) and the
 * budget import are most of the code, and a `vigia user list` or `vigia policies` has no use
 * for them.
 */

const USAGE = `Uso: vigia <comando> [opciones]

Comandos:
  migrate                                   Aplica las migraciones pendientes
  seed pntp [--replace [--with-values ARCHIVO]]
                                            Carga la PNTP con sus datos 2022-2023
  seed ubigeo                               Carga los ubigeos INEI (departamentos, provincias, distritos)
  policies                                  Lista las políticas cargadas
  catalogue import ARCHIVO [--replace [--with-values ARCHIVO]] [--update-entities]
                                            Importa un catálogo (atómico); --update-entities permite
                                            cambiar entidades y unidades que usan otras políticas.
                                            --replace se niega si borraría valores reportados que el
                                            catálogo no trae, salvo --with-values, que antes guarda la
                                            política actual (todas las fichas y valores) en ARCHIVO
  catalogue export --policy CÓDIGO          Escribe el catálogo en la salida estándar
  catalogue schema                          Escribe el JSON Schema del formato de catálogo
  evaluate --policy CÓDIGO --year AÑO [--format table|json] [--preview]
                                            Avance tipo 1 y 2, índice de gestión y valoración
  user create --email CORREO --role ROL [--entity CÓDIGO]... [--proxy-entity CÓDIGO]... [--name NOMBRE] --password-stdin
                                            Crea un usuario (roles: administrador, punto_focal, revisor, comision)
  user list                                 Lista los usuarios
  user mfa-reset CORREO                     Restablece el segundo factor (TOTP) de una cuenta
  budget import ARCHIVO [--year AÑO] [--dry-run] [--skip-invalid]
                                            Importa la ejecución presupuestal del MEF (CSV o XLSX);
                                            atómico: una fila inválida rechaza el archivo salvo --skip-invalid
  budget report --year AÑO [--policy CÓDIGO] [--format table|json]
                                            Capítulo de presupuesto (Tablas 2 a 9) y errores del informe impreso
  budget rules [--policy CÓDIGO]            Muestra las reglas de etiquetado vigentes (JSON)
  budget rules import ARCHIVO               Nueva versión de las reglas; vuelve a etiquetar
  budget rules apply [--year AÑO]           Vuelve a etiquetar con las reglas vigentes
  budget reference ARCHIVO                  Carga cifras de referencia (presupuesto nacional, pliegos, población)
  budget checks [--policy CÓDIGO]           Revisa las tablas impresas del informe alternativo
  budget export --year AÑO --out ARCHIVO [--table servicios|objetivos|niveles|pliegos|departamentos|anios]
                                            Exporta las tablas (.csv: una tabla; .xlsx: todas)
  stats import-reference                    Carga las cifras TRANSCRITAS de los documentos semilla
                                            (listas de códigos y ubigeos en el primer uso)
  stats import ARCHIVO --source CÓDIGO [--dry-run]
                                            Importa cifras de una fuente (CSV o XLSX; atómico;
                                            correspondencia en reference/statistics/mappings/)
  stats reconcile --year AÑO [--format table|json]
                                            Cifras de cada fuente lado a lado, causas y marcas
  stats figures [--year AÑO] [--source CÓDIGO] [--concept CÓDIGO] [--format table|json]
                                            Lista las cifras vigentes con su procedencia
  stats code-lists                          Carga las versiones nuevas de las listas de códigos
  stats records import ARCHIVO.json         Carga registros seudonimizados (casos, víctimas, investigados)
  territory import-reference                Carga los espacios de coordinación, capacitaciones y
                                            agrupaciones TRANSCRITOS de los documentos 003 y 004
  veedurias import-reference                Carga los conteos del semáforo de las veedurías
                                            TRANSCRITOS del documento 000 (CHS Alternativo)
  linkage estimate TABLA.csv [--method stepwise|bhs|main] [--level 0.95] [--format table|json]
                                            Cifra oculta (estimación por sistemas múltiples) de una
                                            tabla de solapamientos; no usa la base de datos
  audit verify [--anchor ID:HASH]...        Recalcula la cadena de la auditoría; nombra el primer eslabón roto
  audit anchor                              Registra el ancla del día (cabeza de la cadena) y la imprime
  backup --out ARCHIVO                      Respaldo: todas las tablas y las evidencias, con sumas SHA-256
                                            (en PGlite, con el servidor detenido)
  restore ARCHIVO [--replace]               Restaura un respaldo en una base vacía (--replace BORRA la actual);
                                            rechaza un respaldo de un esquema más nuevo
  linkage encode --schema ESQUEMA.json --secret-file SECRETO --in VICTIMAS.csv --out CODIF.json --source CÓDIGO
                                            Codifica las víctimas (filtros de Bloom con clave) en la
                                            institución; sin base de datos ni red; no escribe texto plano
  linkage link CODIF.json... [--threshold 0.7] [--truth VERDAD.csv] [--out GRUPOS.json] [--format table|json]
                                            Enlaza codificaciones de varias fuentes: bloques, Dice,
                                            grupos sin encadenamiento, tabla de solapamientos
  linkage synth --records N --out DIRECTORIO [--seed S]
                                            Tres listas sintéticas (PNP, MP, MIMP) con su verdad
  linkage upload CODIF.json --year AÑO      Carga las codificaciones de una fuente (mismo esquema en el año)
  linkage run --year AÑO [--threshold T] [--incremental] [--format table|json]
                                            Enlaza los lotes del año (nueva versión): personas distintas,
                                            solapamientos y cifra oculta; umbral del histograma si falta;
                                            --incremental: solo los lotes nuevos, sobre la última versión
  linkage publish --run ID                  Publica los conteos sin duplicados del enlace en el registro
                                            estadístico (MININTER-ENLACE; puntos 15 a 17 del informe TIP)
  linkage purge                             Borra codificaciones y enlaces más antiguos que
                                            VIGIA_LINKAGE_RETENTION_DAYS (730 días por omisión)
  report evaluation --policy CÓDIGO --year AÑO --format docx|pdf|xlsx --out ARCHIVO
                                            Informe de Evaluación generado de los datos
  report monitoring --policy CÓDIGO --year AÑO --period S1|S2 --format docx|pdf|xlsx --out ARCHIVO
                                            Reporte de seguimiento semestral
  report package --policy CÓDIGO --year AÑO --out ARCHIVO.zip
                                            Paquete de publicación para el PTE (PDF, XLSX, CSV)
  report tip --year AÑO --format xlsx|docx|pdf --out ARCHIVO [--audience public|internal]
                                            Paquete de datos TIP: 40 datos por pilar, con su estado
  report congress --year AÑO --format docx|pdf --out ARCHIVO
                                            Informe anual al Congreso (evaluación, estadística, presupuesto, compromisos)
  report text set --policy CÓDIGO --year AÑO --section conclusiones|recomendaciones|resumen --file ARCHIVO
                                            Registra un texto del informe (admite {{indice.tipo2}} …)

Base de datos: PGlite en ./data (VIGIA_DATA_DIR) o PostgreSQL con DATABASE_URL.`;

type Command = (input: CommandInput) => Promise<void>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  migrate: async () => (await import("./commands/catalogue.command.ts")).runMigrate,
  seed: async () => (await import("./commands/catalogue.command.ts")).runSeed,
  policies: async () => (await import("./commands/catalogue.command.ts")).runPolicies,
  catalogue: async () => (await import("./commands/catalogue.command.ts")).runCatalogue,
  evaluate: async () => (await import("./commands/evaluate.command.ts")).runEvaluate,
  user: async () => (await import("./commands/user.command.ts")).runUser,
  budget: async () => (await import("./commands/budget.command.ts")).runBudget,
  report: async () => (await import("./commands/report.command.ts")).runReport,
  stats: async () => (await import("./commands/stats.command.ts")).runStats,
  linkage: async () => (await import("./commands/linkage.command.ts")).runLinkage,
  audit: async () => (await import("./commands/audit.command.ts")).runAudit,
  backup: async () => (await import("./commands/backup.command.ts")).runBackup,
  restore: async () => (await import("./commands/backup.command.ts")).runRestore,
  territory: async () => (await import("./commands/territory.command.ts")).runTerritory,
  veedurias: async () => (await import("./commands/veedurias.command.ts")).runVeedurias,
};

async function run(argv: string[], io: CliIo): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      policy: { type: "string" },
      year: { type: "string" },
      format: { type: "string", default: "table" },
      replace: { type: "boolean", default: false },
      preview: { type: "boolean", default: false },
      out: { type: "string" },
      period: { type: "string" },
      section: { type: "string" },
      file: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
      email: { type: "string" },
      role: { type: "string" },
      name: { type: "string" },
      entity: { type: "string", multiple: true },
      "proxy-entity": { type: "string", multiple: true },
      "password-stdin": { type: "boolean", default: false },
      "dry-run": { type: "boolean", default: false },
      "skip-invalid": { type: "boolean", default: false },
      "update-entities": { type: "boolean", default: false },
      "with-values": { type: "string" },
      table: { type: "string" },
      source: { type: "string" },
      concept: { type: "string" },
      audience: { type: "string" },
      method: { type: "string" },
      level: { type: "string" },
      anchor: { type: "string", multiple: true },
      schema: { type: "string" },
      "secret-file": { type: "string" },
      in: { type: "string" },
      records: { type: "string" },
      seed: { type: "string" },
      threshold: { type: "string" },
      truth: { type: "string" },
      incremental: { type: "boolean", default: false },
      run: { type: "string" },
    },
  });
  const [command, ...args] = positionals;
  if (values.help || !command) {
    io.stdout.write(`${USAGE}\n`);
    return;
  }
  const load = COMMANDS[command];
  if (!load) throw new UsageError(`Comando desconocido: ${command}`);
  const runCommand = await load();
  await runCommand({
    args,
    values,
    actor: cliActor(),
    out: (text: string) => io.stdout.write(text),
    err: (line: string) => io.stderr.write(`${line}\n`),
    io,
  });
}

/**
 * Runs one `vigia` command line and returns its exit code: 0 done, 1 refused (a domain,
 * configuration or lock error, explained on stderr), 2 a usage mistake (with the usage).
 * Anything else is a bug and propagates.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const err = (line: string) => io.stderr.write(`${line}\n`);
  try {
    await run(argv, io);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      err(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (
      error instanceof DomainError ||
      error instanceof ConfigError ||
      error instanceof DataDirLockedError
    ) {
      err(`Error: ${error.message}`);
      if (error instanceof DomainError) {
        for (const i of error.issues.slice(0, 20)) err(`  - ${i.path}: ${i.message}`);
        if (error.issues.length > 20) err(`  … y ${error.issues.length - 20} más.`);
      }
      return 1;
    }
    if (
      error instanceof TypeError &&
      "code" in error &&
      String(error.code).startsWith("ERR_PARSE_ARGS")
    ) {
      err(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}
