import { readFile, rename, writeFile } from "node:fs/promises";
import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import { z } from "zod";
import { ConfigError, loadConfig } from "../server/config.ts";
import { type Database, openDatabase } from "../server/db/connect.ts";
import { DataDirLockedError } from "../server/db/data-dir-lock.ts";
import { migrateDatabase } from "../server/db/migrate.ts";
import { DomainError } from "../server/errors.ts";
import {
  checkPrintedBudgetReport,
  getBudgetReport,
} from "../server/features/budget/budget.service.ts";
import { exportBudget } from "../server/features/budget/budget-export.service.ts";
import { importBudgetFile } from "../server/features/budget/budget-import.service.ts";
import {
  applyBudgetRules,
  ensureBundledBudgetSetup,
  getBudgetRules,
  importBudgetRules,
  loadBudgetReference,
} from "../server/features/budget/budget-rules.service.ts";
import {
  exportCatalogue,
  importCatalogue,
  isDatabaseEmpty,
  listPolicies,
  seedBundledCatalogue,
} from "../server/features/catalogue/catalogue.service.ts";
import { evaluatePolicyYear } from "../server/features/evaluation/evaluation.service.ts";
import { buildPublicationPackage } from "../server/features/reports/publication-package.ts";
import {
  type GeneratedFile,
  generateEvaluationReport,
  generateMonitoringReport,
  type ProgressListener,
  REPORT_FORMATS,
  type ReportFormat,
  setReportText,
} from "../server/features/reports/reports.service.ts";
import { loadUbigeoReference } from "../server/features/territory/territory.service.ts";
import { createUser, listUsers } from "../server/features/users/users.service.ts";
import { firstAccountHint } from "../server/first-run.ts";
import type { Actor } from "../shared/actor.ts";
import { buildCatalogueJsonSchema } from "../shared/catalogue/catalogue-json-schema.ts";
import { serializeCatalogue } from "../shared/catalogue/serialize-catalogue.ts";
import type { Role } from "../shared/permissions.ts";
import { formatBudgetReport, formatImportReport } from "./format-budget.ts";
import { formatEvaluationTable } from "./format-evaluation.ts";
import { createProgressBar } from "./progress-bar.ts";

const USAGE = `Uso: vigia <comando> [opciones]

Comandos:
  migrate                                   Aplica las migraciones pendientes
  seed pntp [--replace]                     Carga la PNTP con sus datos 2022-2023
  seed ubigeo                               Carga los ubigeos INEI (departamentos, provincias, distritos)
  policies                                  Lista las políticas cargadas
  catalogue import ARCHIVO [--replace] [--update-entities]
                                            Importa un catálogo (atómico); --update-entities permite
                                            cambiar entidades y unidades que usan otras políticas
  catalogue export --policy CÓDIGO          Escribe el catálogo en la salida estándar
  catalogue schema                          Escribe el JSON Schema del formato de catálogo
  evaluate --policy CÓDIGO --year AÑO [--format table|json] [--preview]
                                            Avance tipo 1 y 2, índice de gestión y valoración
  user create --email CORREO --role ROL [--entity CÓDIGO]... [--proxy-entity CÓDIGO]... [--name NOMBRE] --password-stdin
                                            Crea un usuario (roles: administrador, punto_focal, revisor, comision)
  user list                                 Lista los usuarios
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
  report evaluation --policy CÓDIGO --year AÑO --format docx|pdf|xlsx --out ARCHIVO
                                            Informe de Evaluación generado de los datos
  report monitoring --policy CÓDIGO --year AÑO --period S1|S2 --format docx|pdf|xlsx --out ARCHIVO
                                            Reporte de seguimiento semestral
  report package --policy CÓDIGO --year AÑO --out ARCHIVO.zip
                                            Paquete de publicación para el PTE (PDF, XLSX, CSV)
  report text set --policy CÓDIGO --year AÑO --section conclusiones|recomendaciones|resumen --file ARCHIVO
                                            Registra un texto del informe (admite {{indice.tipo2}} …)

Base de datos: PGlite en ./data (VIGIA_DATA_DIR) o PostgreSQL con DATABASE_URL.`;

class UsageError extends Error {}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

const cliActor = (): Actor => ({ id: `cli:${userInfo().username}`, kind: "cli", ip: null });

async function withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const handle = await openDatabase(loadConfig().database);
  try {
    await migrateDatabase(handle.db);
    return await fn(handle.db);
  } finally {
    await handle.close();
  }
}

/**
 * A database with no policy at all is a first run, not a wrong code: say how to load one
 * (`npm start` does it by itself; the CLI leaves that choice to the person).
 */
async function requireSomePolicy(db: Database): Promise<void> {
  if (await isDatabaseEmpty(db)) {
    throw new DomainError(
      "not_found",
      "La base de datos no tiene ninguna política cargada. Cargue la PNTP con `npx vigia seed pntp` (o un catálogo con `npx vigia catalogue import ARCHIVO`) y vuelva a intentarlo.",
    );
  }
}

const YearSchema = z.coerce.number().int().min(1990).max(2100);

/** --format, or else the extension of --out. */
function reportFormat(format: string | undefined, out: string): ReportFormat {
  const chosen = format && format !== "table" ? format : out.split(".").pop()?.toLowerCase();
  if (!REPORT_FORMATS.includes(chosen as ReportFormat)) {
    throw new UsageError(`--format debe ser ${REPORT_FORMATS.join(", ")}`);
  }
  return chosen as ReportFormat;
}

/** Steps on stderr with the time elapsed, so stdout stays clean for pipes. */
function cliProgress(): ProgressListener {
  const start = performance.now();
  return (step, done, total) => {
    const seconds = ((performance.now() - start) / 1000).toFixed(1);
    process.stderr.write(`[${done}/${total}] ${step}… (${seconds} s)\n`);
  };
}

async function run(argv: string[]): Promise<void> {
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
      table: { type: "string" },
    },
  });
  const [command, sub, arg] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return;
  }
  const actor = cliActor();
  const out = (text: string) => process.stdout.write(text);

  switch (command) {
    case "migrate": {
      const result = await withDatabase((db) => migrateDatabase(db));
      console.error(
        result.applied.length
          ? `Migraciones aplicadas: ${result.applied.join(", ")}`
          : "Base de datos al día.",
      );
      return;
    }
    case "seed": {
      if (!sub) throw new UsageError("Indique el catálogo: vigia seed pntp | vigia seed ubigeo");
      if (sub === "ubigeo") {
        const loaded = await withDatabase((db) => loadUbigeoReference(db, actor));
        console.error(`Ubigeos INEI cargados: ${JSON.stringify(loaded)}`);
        return;
      }
      const summary = await withDatabase((db) =>
        seedBundledCatalogue(db, actor, { code: sub, replace: values.replace }),
      );
      console.error(`Catálogo "${summary.policy}" cargado: ${JSON.stringify(summary.counts)}`);
      return;
    }
    case "policies": {
      const rows = await withDatabase((db) => listPolicies(db, actor));
      for (const p of rows) out(`${p.code}\t${p.shortName ?? ""}\t${p.conductor}\t${p.name}\n`);
      return;
    }
    case "catalogue": {
      if (sub === "schema") {
        out(buildCatalogueJsonSchema());
        return;
      }
      if (sub === "import") {
        if (!arg) throw new UsageError("Indique el archivo: vigia catalogue import ARCHIVO");
        let document: unknown;
        try {
          document = JSON.parse(await readFile(arg, "utf8"));
        } catch (err) {
          throw new DomainError(
            "invalid",
            `No se pudo leer ${arg} como JSON: ${(err as Error).message}`,
          );
        }
        const summary = await withDatabase((db) =>
          importCatalogue(db, actor, {
            document,
            replace: values.replace,
            updateEntities: values["update-entities"],
          }),
        );
        console.error(
          `Catálogo "${summary.policy}" ${summary.replaced ? "reemplazado" : "importado"}: ${JSON.stringify(summary.counts)}`,
        );
        for (const [label, list] of [
          ["Entidad modificada", summary.entitiesChanged],
          ["Unidad modificada", summary.orgUnitsChanged],
        ] as const) {
          for (const c of list) {
            const fields = c.changes
              .map((f) => `${f.field}: ${f.before ?? "null"} → ${f.after ?? "null"}`)
              .join("; ");
            const others = c.usedBy.length ? ` (también en ${c.usedBy.join(", ")})` : "";
            console.error(`${label} ${c.code}: ${fields}${others}`);
          }
        }
        for (const w of summary.warnings) console.error(`Advertencia: ${w.path}: ${w.message}`);
        return;
      }
      if (sub === "export") {
        if (!values.policy) throw new UsageError("Indique la política: --policy CÓDIGO");
        const policyCode = values.policy;
        const catalogue = await withDatabase((db) => exportCatalogue(db, actor, { policyCode }));
        out(serializeCatalogue(catalogue));
        return;
      }
      throw new UsageError(`Subcomando desconocido: catalogue ${sub ?? ""}`);
    }
    case "evaluate": {
      if (!values.policy) throw new UsageError("Indique la política: --policy CÓDIGO");
      const year = YearSchema.safeParse(values.year);
      if (!year.success) throw new UsageError("Indique un año válido: --year AAAA");
      if (values.format !== "table" && values.format !== "json") {
        throw new UsageError("--format debe ser table o json");
      }
      const policyCode = values.policy;
      const evaluation = await withDatabase(async (db) => {
        await requireSomePolicy(db);
        return evaluatePolicyYear(db, actor, {
          policyCode,
          year: year.data,
          preview: values.preview,
        });
      });
      out(
        values.format === "json"
          ? `${JSON.stringify(evaluation, null, 2)}\n`
          : formatEvaluationTable(evaluation),
      );
      return;
    }
    case "user": {
      if (sub === "list") {
        const users = await withDatabase((db) => listUsers(db, actor));
        // On stderr, so that stdout stays one line per account for scripts.
        if (users.length === 0) {
          console.error(
            ["No hay usuarios.", ...firstAccountHint(loadConfig().database.backend)].join("\n"),
          );
        }
        for (const u of users) {
          const entities = u.entities
            .map((e) => (e.grant === "delegada" ? `${e.code}*` : e.code))
            .join(",");
          out(
            `${u.email}\t${u.role}\t${entities}\t${u.isActive ? "activo" : "inactivo"}${u.isDemo ? "\tdemo" : ""}\n`,
          );
        }
        return;
      }
      if (sub === "create") {
        if (!values.email || !values.role) throw new UsageError("Indique --email y --role.");
        if (!values["password-stdin"]) {
          throw new UsageError(
            "La contraseña se lee de la entrada estándar: use --password-stdin (nunca como argumento).",
          );
        }
        const password = (await readStdin()).replace(/\r?\n$/, "");
        const email = values.email;
        const created = await withDatabase((db) =>
          createUser(db, actor, {
            email,
            displayName: values.name ?? email,
            role: values.role as Role,
            entities: values.entity ?? [],
            proxyEntities: values["proxy-entity"] ?? [],
            password,
          }),
        );
        console.error(`Usuario creado: ${created.email} (id ${created.id})`);
        return;
      }
      throw new UsageError(`Subcomando desconocido: user ${sub ?? ""}`);
    }
    case "budget": {
      await runBudget(positionals.slice(1), values, actor, out);
      return;
    }
    case "report": {
      if (!values.policy) throw new UsageError("Indique la política: --policy CÓDIGO");
      const year = YearSchema.safeParse(values.year);
      if (!year.success) throw new UsageError("Indique un año válido: --year AAAA");
      const policyCode = values.policy;
      if (sub === "text") {
        if (arg !== "set") throw new UsageError("Uso: vigia report text set --section … --file …");
        if (!values.section) throw new UsageError("Indique la sección: --section conclusiones");
        if (!values.file) throw new UsageError("Indique el archivo del texto: --file ARCHIVO");
        const body = await readFile(values.file, "utf8");
        const section = values.section;
        const saved = await withDatabase((db) =>
          setReportText(db, actor, { policyCode, year: year.data, section, body }),
        );
        console.error(
          `Texto "${saved.section}" de ${saved.policy} ${saved.year} registrado por ${saved.author} (${saved.placeholders} marcadores).`,
        );
        return;
      }
      if (!values.out) throw new UsageError("Indique el archivo de salida: --out ARCHIVO");
      const outFile = values.out;
      const progress = cliProgress();
      let file: GeneratedFile;
      if (sub === "package") {
        file = await withDatabase((db) =>
          buildPublicationPackage(db, actor, { policyCode, year: year.data, onProgress: progress }),
        );
      } else if (sub === "evaluation" || sub === "monitoring") {
        const format = reportFormat(values.format, outFile);
        if (sub === "evaluation") {
          file = await withDatabase((db) =>
            generateEvaluationReport(db, actor, {
              policyCode,
              year: year.data,
              format,
              onProgress: progress,
            }),
          );
        } else {
          const period = values.period;
          if (period !== "S1" && period !== "S2") {
            throw new UsageError("Indique el semestre: --period S1 o --period S2");
          }
          file = await withDatabase((db) =>
            generateMonitoringReport(db, actor, {
              policyCode,
              year: year.data,
              period,
              format,
              onProgress: progress,
            }),
          );
        }
      } else {
        throw new UsageError(`Subcomando desconocido: report ${sub ?? ""}`);
      }
      // Written beside the target and renamed, so a failure never leaves half a document.
      const partial = `${outFile}.partial`;
      await writeFile(partial, file.bytes);
      await rename(partial, outFile);
      console.error(
        `Listo: ${outFile} (${Math.ceil(file.bytes.length / 1024)} KB, ${file.contentType}).`,
      );
      return;
    }
    default:
      throw new UsageError(`Comando desconocido: ${command}`);
  }
}

async function readJsonFile(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, "utf8"));
  } catch (err) {
    throw new DomainError(
      "invalid",
      `No se pudo leer ${path} como JSON: ${(err as Error).message}`,
    );
  }
}

/** `vigia budget …`: import, report, rules, reference, checks, export. */
async function runBudget(
  args: string[],
  values: {
    policy?: string | undefined;
    year?: string | undefined;
    format?: string | undefined;
    "dry-run"?: boolean | undefined;
    "skip-invalid"?: boolean | undefined;
    out?: string | undefined;
    table?: string | undefined;
  },
  actor: Actor,
  out: (text: string) => void,
) {
  const [sub, arg, third] = args;
  const policyCode = values.policy ?? "pntp";
  const year = values.year === undefined ? null : YearSchema.safeParse(values.year);
  if (year && !year.success) throw new UsageError("Indique un año válido: --year AAAA");
  const yearValue = year?.success ? year.data : null;
  /** The policy and its bundled budget rules and reference, loaded on first use. */
  const prepare = async (db: Database) => {
    if (!(await listPolicies(db, actor)).some((p) => p.code === policyCode)) {
      try {
        await seedBundledCatalogue(db, actor, { code: policyCode, replace: false });
        console.error(`Catálogo "${policyCode}" cargado (primer uso).`);
      } catch (err) {
        if (!(err instanceof DomainError && err.code === "not_found")) throw err;
      }
    }
    for (const loaded of await ensureBundledBudgetSetup(db, actor, { policyCode })) {
      console.error(`Cargado (primer uso): ${loaded}.`);
    }
  };
  switch (sub) {
    case "import": {
      if (!arg) throw new UsageError("Indique el archivo: vigia budget import ARCHIVO");
      const bar = createProgressBar(process.stderr);
      const report = await withDatabase(async (db) => {
        await prepare(db);
        return importBudgetFile(db, actor, {
          path: arg,
          year: yearValue,
          dryRun: values["dry-run"] ?? false,
          skipInvalid: values["skip-invalid"] ?? false,
          onProgress: bar.update,
        });
      }).finally(() => bar.stop());
      out(formatImportReport(report));
      return;
    }
    case "report": {
      if (yearValue === null) throw new UsageError("Indique el año: --year AAAA");
      if (values.format !== "table" && values.format !== "json")
        throw new UsageError("--format debe ser table o json");
      const report = await withDatabase(async (db) => {
        await prepare(db);
        return getBudgetReport(db, actor, { policyCode, year: yearValue });
      });
      out(
        values.format === "json"
          ? `${JSON.stringify(report, null, 2)}\n`
          : formatBudgetReport(report),
      );
      return;
    }
    case "rules": {
      if (arg === undefined || arg === "list") {
        const rules = await withDatabase(async (db) => {
          await prepare(db);
          return getBudgetRules(db, actor, { policyCode });
        });
        out(`${JSON.stringify(rules, null, 2)}\n`);
        return;
      }
      if (arg === "import") {
        if (!third) throw new UsageError("Indique el archivo: vigia budget rules import ARCHIVO");
        const document = await readJsonFile(third);
        const result = await withDatabase(async (db) => {
          await prepare(db);
          return importBudgetRules(db, actor, { document });
        });
        console.error(
          `Reglas de "${result.policy}" v${result.version} (${result.rules} reglas). Reetiquetado: ${
            result.retagged
              .map((y) => `${y.year}: ${y.tagged} etiquetadas, ${y.review} para revisión`)
              .join("; ") || "sin importaciones"
          }.`,
        );
        return;
      }
      if (arg === "apply") {
        const result = await withDatabase(async (db) => {
          await prepare(db);
          return applyBudgetRules(db, actor, { policyCode, year: yearValue });
        });
        console.error(
          `Reetiquetado de "${result.policy}": ${
            result.retagged
              .map((y) => `${y.year}: ${y.tagged} etiquetadas, ${y.review} para revisión`)
              .join("; ") || "sin importaciones"
          }.`,
        );
        return;
      }
      throw new UsageError(`Subcomando desconocido: budget rules ${arg}`);
    }
    case "reference": {
      if (!arg) throw new UsageError("Indique el archivo: vigia budget reference ARCHIVO");
      const document = await readJsonFile(arg);
      const result = await withDatabase((db) => loadBudgetReference(db, actor, { document }));
      console.error(`Referencia cargada: ${JSON.stringify(result)}`);
      return;
    }
    case "checks": {
      const result = await withDatabase((db) =>
        checkPrintedBudgetReport(db, actor, { policyCode }),
      );
      out(`${result.source}\n`);
      for (const f of result.findings) out(`[${f.severity}] ${f.code}: ${f.message}\n`);
      return;
    }
    case "export": {
      if (yearValue === null) throw new UsageError("Indique el año: --year AAAA");
      if (!values.out)
        throw new UsageError("Indique el archivo de salida: --out ARCHIVO.csv|.xlsx");
      const target = values.out;
      const format = target.toLowerCase().endsWith(".xlsx") ? "xlsx" : "csv";
      const file = await withDatabase(async (db) => {
        await prepare(db);
        return exportBudget(db, actor, {
          policyCode,
          year: yearValue,
          format,
          table: (values.table ?? "servicios") as "servicios",
        });
      });
      await writeFile(target, file.bytes);
      console.error(`Escrito ${target} (${file.bytes.length} bytes).`);
      return;
    }
    default:
      throw new UsageError(`Subcomando desconocido: budget ${sub ?? ""}`);
  }
}

try {
  await run(process.argv.slice(2));
} catch (err) {
  if (err instanceof UsageError) {
    console.error(`${err.message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else if (
    err instanceof DomainError ||
    err instanceof ConfigError ||
    err instanceof DataDirLockedError
  ) {
    console.error(`Error: ${err.message}`);
    if (err instanceof DomainError) {
      for (const i of err.issues.slice(0, 20)) console.error(`  - ${i.path}: ${i.message}`);
      if (err.issues.length > 20) console.error(`  … y ${err.issues.length - 20} más.`);
    }
    process.exitCode = 1;
  } else if (
    err instanceof TypeError &&
    "code" in err &&
    String(err.code).startsWith("ERR_PARSE_ARGS")
  ) {
    console.error(`${err.message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else {
    throw err;
  }
}
