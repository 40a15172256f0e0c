import { writeFile } from "node:fs/promises";
import { migrateDatabase } from "../../server/db/migrate.ts";
import { DomainError } from "../../server/errors.ts";
import {
  exportCatalogue,
  importCatalogue,
  listPolicies,
  seedBundledCatalogue,
} from "../../server/features/catalogue/catalogue.service.ts";
import { loadUbigeoReference } from "../../server/features/territory/territory.service.ts";
import { buildCatalogueJsonSchema } from "../../shared/catalogue/catalogue-json-schema.ts";
import { serializeCatalogue } from "../../shared/catalogue/serialize-catalogue.ts";
import type { Catalogue } from "../../shared/schemas/catalogue.schema.ts";
import { type CommandInput, readJsonFile, UsageError } from "../cli-support.ts";

/**
 * `--with-values FILE`: the policy being replaced is written to FILE (as `catalogue export`
 * would) inside the replace's transaction, before anything is deleted; a file that cannot be
 * written (it exists, no permission) undoes the replace.
 */
function replaceOptions(values: CommandInput["values"], err: (line: string) => void) {
  const path = values["with-values"];
  if (path === undefined) return {};
  if (!values.replace) throw new UsageError("--with-values solo tiene sentido con --replace.");
  return {
    exportExisting: async (existing: Catalogue) => {
      try {
        await writeFile(path, serializeCatalogue(existing), { flag: "wx" });
      } catch (e) {
        const why =
          (e as NodeJS.ErrnoException).code === "EEXIST"
            ? "ya existe (no se sobrescribe un respaldo)"
            : (e as Error).message;
        throw new DomainError(
          "invalid",
          `No se pudo guardar la política actual en ${path}: ${why}. No se reemplazó nada.`,
        );
      }
      const n = existing.indicators.reduce((a, i) => a + i.measurements.length, 0);
      err(`Política actual guardada en ${path} (${n} valores, todas las versiones de ficha).`);
    },
  };
}

/** `vigia migrate`, `vigia seed …`, `vigia policies`, `vigia catalogue …`. */

export async function runMigrate({ err, io }: CommandInput): Promise<void> {
  const result = await io.withDatabase((db) => migrateDatabase(db));
  err(
    result.applied.length
      ? `Migraciones aplicadas: ${result.applied.join(", ")}`
      : "Base de datos al día.",
  );
  return;
}

export async function runSeed({ args, values, actor, err, io }: CommandInput): Promise<void> {
  const [sub] = args;
  if (!sub) throw new UsageError("Indique el catálogo: vigia seed pntp | vigia seed ubigeo");
  if (sub === "ubigeo") {
    const loaded = await io.withDatabase((db) => loadUbigeoReference(db, actor));
    err(`Ubigeos INEI cargados: ${JSON.stringify(loaded)}`);
    return;
  }
  const summary = await io.withDatabase((db) =>
    seedBundledCatalogue(db, actor, {
      code: sub,
      replace: values.replace ?? false,
      ...replaceOptions(values, err),
    }),
  );
  err(`Catálogo "${summary.policy}" cargado: ${JSON.stringify(summary.counts)}`);
  return;
}

export async function runPolicies({ actor, out, io }: CommandInput): Promise<void> {
  const rows = await io.withDatabase((db) => listPolicies(db, actor));
  for (const p of rows) out(`${p.code}\t${p.shortName ?? ""}\t${p.conductor}\t${p.name}\n`);
  return;
}

export async function runCatalogue({
  args,
  values,
  actor,
  out,
  err,
  io,
}: CommandInput): Promise<void> {
  const [sub, arg] = args;
  if (sub === "schema") {
    out(buildCatalogueJsonSchema());
    return;
  }
  if (sub === "import") {
    if (!arg) throw new UsageError("Indique el archivo: vigia catalogue import ARCHIVO");
    const document = await readJsonFile(arg);
    const summary = await io.withDatabase((db) =>
      importCatalogue(db, actor, {
        document,
        replace: values.replace ?? false,
        updateEntities: values["update-entities"],
        ...replaceOptions(values, err),
      }),
    );
    err(
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
        err(`${label} ${c.code}: ${fields}${others}`);
      }
    }
    for (const w of summary.warnings) err(`Advertencia: ${w.path}: ${w.message}`);
    return;
  }
  if (sub === "export") {
    if (!values.policy) throw new UsageError("Indique la política: --policy CÓDIGO");
    const policyCode = values.policy;
    const catalogue = await io.withDatabase((db) => exportCatalogue(db, actor, { policyCode }));
    out(serializeCatalogue(catalogue));
    return;
  }
  throw new UsageError(`Subcomando desconocido: catalogue ${sub ?? ""}`);
}
