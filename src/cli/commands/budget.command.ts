import { writeFile } from "node:fs/promises";
import type { Database } from "../../server/db/connect.ts";
import { DomainError } from "../../server/errors.ts";
import {
  checkPrintedBudgetReport,
  getBudgetReport,
} from "../../server/features/budget/budget.service.ts";
import { exportBudget } from "../../server/features/budget/budget-export.service.ts";
import { importBudgetFile } from "../../server/features/budget/budget-import.service.ts";
import {
  applyBudgetRules,
  ensureBundledBudgetSetup,
  getBudgetRules,
  importBudgetRules,
  loadBudgetReference,
} from "../../server/features/budget/budget-rules.service.ts";
import {
  listPolicies,
  seedBundledCatalogue,
} from "../../server/features/catalogue/catalogue.service.ts";
import { type CommandInput, readJsonFile, requireYear, UsageError } from "../cli-support.ts";
import { formatBudgetReport, formatImportReport } from "../format-budget.ts";
import { createProgressBar } from "../progress-bar.ts";

/** `vigia budget …`: import, report, rules, reference, checks, export. */
export async function runBudget({
  args,
  values,
  actor,
  out,
  err,
  io,
}: CommandInput): Promise<void> {
  const [sub, arg, third] = args;
  const policyCode = values.policy ?? "pntp";
  const yearValue = values.year === undefined ? null : requireYear(values.year);
  /** The policy and its bundled budget rules and reference, loaded on first use. */
  const prepare = async (db: Database) => {
    if (!(await listPolicies(db, actor)).some((p) => p.code === policyCode)) {
      try {
        await seedBundledCatalogue(db, actor, { code: policyCode, replace: false });
        err(`Catálogo "${policyCode}" cargado (primer uso).`);
      } catch (err) {
        if (!(err instanceof DomainError && err.code === "not_found")) throw err;
      }
    }
    for (const loaded of await ensureBundledBudgetSetup(db, actor, { policyCode })) {
      err(`Cargado (primer uso): ${loaded}.`);
    }
  };
  switch (sub) {
    case "import": {
      if (!arg) throw new UsageError("Indique el archivo: vigia budget import ARCHIVO");
      const bar = createProgressBar(io.stderr);
      const report = await io
        .withDatabase(async (db) => {
          await prepare(db);
          return importBudgetFile(db, actor, {
            path: arg,
            year: yearValue,
            dryRun: values["dry-run"] ?? false,
            skipInvalid: values["skip-invalid"] ?? false,
            onProgress: bar.update,
          });
        })
        .finally(() => bar.stop());
      out(formatImportReport(report));
      return;
    }
    case "report": {
      if (yearValue === null) throw new UsageError("Indique el año: --year AAAA");
      if (values.format !== "table" && values.format !== "json")
        throw new UsageError("--format debe ser table o json");
      const report = await io.withDatabase(async (db) => {
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
        const rules = await io.withDatabase(async (db) => {
          await prepare(db);
          return getBudgetRules(db, actor, { policyCode });
        });
        out(`${JSON.stringify(rules, null, 2)}\n`);
        return;
      }
      if (arg === "import") {
        if (!third) throw new UsageError("Indique el archivo: vigia budget rules import ARCHIVO");
        const document = await readJsonFile(third);
        const result = await io.withDatabase(async (db) => {
          await prepare(db);
          return importBudgetRules(db, actor, { document });
        });
        err(
          `Reglas de "${result.policy}" v${result.version} (${result.rules} reglas). Reetiquetado: ${
            result.retagged
              .map((y) => `${y.year}: ${y.tagged} etiquetadas, ${y.review} para revisión`)
              .join("; ") || "sin importaciones"
          }.`,
        );
        return;
      }
      if (arg === "apply") {
        const result = await io.withDatabase(async (db) => {
          await prepare(db);
          return applyBudgetRules(db, actor, { policyCode, year: yearValue });
        });
        err(
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
      const result = await io.withDatabase((db) => loadBudgetReference(db, actor, { document }));
      err(`Referencia cargada: ${JSON.stringify(result)}`);
      return;
    }
    case "checks": {
      const result = await io.withDatabase((db) =>
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
      const file = await io.withDatabase(async (db) => {
        await prepare(db);
        return exportBudget(db, actor, {
          policyCode,
          year: yearValue,
          format,
          table: (values.table ?? "servicios") as "servicios",
        });
      });
      await writeFile(target, file.bytes);
      err(`Escrito ${target} (${file.bytes.length} bytes).`);
      return;
    }
    default:
      throw new UsageError(`Subcomando desconocido: budget ${sub ?? ""}`);
  }
}
