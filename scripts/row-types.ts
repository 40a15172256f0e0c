import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, posix, relative, resolve } from "node:path";
import { type Kysely, sql } from "kysely";
import { PostgresDialect, serializeFromMetadata } from "kysely-codegen";
import {
  DIMENSIONS,
  type Dimension,
  LEVELS,
  type Level,
} from "../src/shared/budget/budget-fields.ts";
import { TAG_KINDS, type TagKind } from "../src/shared/budget/tagging-rules.ts";
import type { Direction } from "../src/shared/ceplan-formulas.ts";
import {
  AUDIENCES,
  type Audience,
  DISCLOSURE_RULES,
  type DisclosureRule,
} from "../src/shared/disclosure/disclosure-rules.ts";
import { ROLES, type Role } from "../src/shared/permissions.ts";
import {
  type DisaggregationDimension,
  DisaggregationDimension as DisaggregationDimensionEnum,
  type EntityKind,
  EntityKind as EntityKindEnum,
  IndicatorDirection,
  type IndicatorLevel,
  IndicatorLevel as IndicatorLevelEnum,
  IndicatorUnit,
  MeasurementStatus as MeasurementStatusEnum,
  type MetaSource,
  MetaSource as MetaSourceEnum,
  type PeriodKind,
  PeriodKind as PeriodKindEnum,
  type Unit,
} from "../src/shared/schemas/catalogue.schema.ts";
import type { MeasurementStatus } from "../src/shared/workflow/measurement-status.ts";

/**
 * The database row types (src/server/db/schema.generated.ts), generated from a migrated
 * database with kysely-codegen (ADR 0012). The database is the authority: a text column with a
 * `CHECK (column IN (…))` list is typed by that list, through the shared union named below
 * when there is one, so rows carry `Unit`, `MeasurementStatus`, `Role` … and need no cast. The
 * generator refuses to write a union whose members differ from the column's list.
 */

export const ROOT = resolve(import.meta.dirname, "..");
export const OUT_FILE = "src/server/db/schema.generated.ts";

/** A union exported by shared code that a CHECK'd column is typed by. */
export interface SharedUnion {
  /** The exported type's name. */
  type: string;
  /** The module that exports it, from the repository root. */
  module: string;
  /** Its members at run time: compared with the column's CHECK list on every run. */
  values: readonly string[];
}

/**
 * The members of T exactly: a list that misses one of T's members, or names one T lacks, does
 * not compile. With the run-time comparison against the CHECK list, this ties the type a row
 * carries to what the database accepts.
 */
const membersOf =
  <T extends string>() =>
  <const V extends readonly T[]>(
    values: V &
      ([Exclude<T, V[number]>] extends [never] ? unknown : { missing: Exclude<T, V[number]> }),
  ): readonly string[] =>
    values;

const union = (type: string, module: string, values: readonly string[]): SharedUnion => ({
  type,
  module,
  values,
});
const CATALOGUE = "src/shared/schemas/catalogue.schema.ts";
const DISCLOSURE = "src/shared/disclosure/disclosure-rules.ts";
const level = union("Level", "src/shared/budget/budget-fields.ts", membersOf<Level>()(LEVELS));
const tagKind = union(
  "TagKind",
  "src/shared/budget/tagging-rules.ts",
  membersOf<TagKind>()(TAG_KINDS),
);
const periodKind = union("PeriodKind", CATALOGUE, membersOf<PeriodKind>()(PeriodKindEnum.options));

/**
 * `table.column` → the shared union its rows carry. A CHECK'd column not listed here is typed
 * by its own list ("csv" | "xlsx"); a listed column must have a CHECK list equal to the union.
 */
export const SHARED_UNIONS: Readonly<Record<string, SharedUnion>> = {
  "app_user.role": union("Role", "src/shared/permissions.ts", membersOf<Role>()(ROLES)),
  "budget_label.dimension": union(
    "Dimension",
    "src/shared/budget/budget-fields.ts",
    membersOf<Dimension>()(DIMENSIONS),
  ),
  "budget_line.nivel": level,
  "budget_pliego_total.nivel": level,
  "budget_priority_pliego.nivel": level,
  "budget_reference_amount.nivel": level,
  "budget_rule.kind": tagKind,
  "budget_rule.nivel": level,
  "budget_tag.kind": tagKind,
  "disclosure_log.audience": union("Audience", DISCLOSURE, membersOf<Audience>()(AUDIENCES)),
  "disclosure_log.rule": union(
    "DisclosureRule",
    DISCLOSURE,
    membersOf<DisclosureRule>()(DISCLOSURE_RULES),
  ),
  "entity.kind": union("EntityKind", CATALOGUE, membersOf<EntityKind>()(EntityKindEnum.options)),
  "indicator.level": union(
    "IndicatorLevel",
    CATALOGUE,
    membersOf<IndicatorLevel>()(IndicatorLevelEnum.options),
  ),
  "indicator_version.direction": union(
    "Direction",
    "src/shared/ceplan-formulas.ts",
    membersOf<Direction>()(IndicatorDirection.options),
  ),
  "indicator_version.unit": union("Unit", CATALOGUE, membersOf<Unit>()(IndicatorUnit.options)),
  "measurement.period": periodKind,
  "measurement.status": union(
    "MeasurementStatus",
    "src/shared/workflow/measurement-status.ts",
    membersOf<MeasurementStatus>()(MeasurementStatusEnum.options),
  ),
  "measurement_disaggregation.dimension": union(
    "DisaggregationDimension",
    CATALOGUE,
    membersOf<DisaggregationDimension>()(DisaggregationDimensionEnum.options),
  ),
  "meta.source": union("MetaSource", CATALOGUE, membersOf<MetaSource>()(MetaSourceEnum.options)),
  "reporting_period.period": periodKind,
};

/**
 * `table.column` → the shape of a jsonb column whose readers rely on one; the others read as
 * `unknown` and are checked where they are parsed.
 */
export const JSON_SHAPES: Readonly<Record<string, string>> = {
  "budget_rule_set.review_patterns": "string[]",
  "commitment.new_metas": "{ year: number; value: number }[]",
  "indicator_version.data_sources": "string[]",
};

// What the two drivers return (src/server/db/connect.ts): numeric and bigint parsed to numbers,
// a date kept as its 'YYYY-MM-DD' text, jsonb parsed on the way out and written as JSON text.
const TYPE_MAPPING = {
  date: "string",
  int8: "number",
  jsonb: "JsonText<unknown>",
  numeric: "number",
};
const COLUMN_TYPES_MODULE = "src/server/db/column-types.ts";

const HEADER = `/**
 * Row types of db/migrations, in camelCase (Kysely's CamelCasePlugin maps them to the
 * snake_case columns). GENERATED by \`npm run db:types\` (scripts/row-types.ts) from a freshly
 * migrated database: do not edit; add a migration and run it again. \`npm run check\` fails when
 * this file and the migrations disagree. A text column with a CHECK (… IN …) list carries
 * that list as a union, through the shared type named in scripts/row-types.ts where one exists.
 */
`;

export interface RowTypesOptions {
  /** The schema to read; the application's tables live in public. */
  schema?: string;
  unions?: Readonly<Record<string, SharedUnion>>;
  jsonShapes?: Readonly<Record<string, string>>;
  /** The file the text is written to, from the repository root: imports are relative to it. */
  outFile?: string;
}

/** The `CHECK (column IN (…))` lists of a schema's text columns, by `table.column`. */
export async function readCheckLists<T>(
  db: Kysely<T>,
  schema: string,
): Promise<Map<string, string[]>> {
  const { rows } = await sql<{ tableName: string; columnName: string; definition: string }>`
    SELECT c.relname AS "tableName", a.attname AS "columnName",
           pg_get_constraintdef(k.oid) AS definition
    FROM pg_constraint k
    JOIN pg_class c ON c.oid = k.conrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.conkey[1]
    WHERE k.contype = 'c' AND n.nspname = ${schema} AND cardinality(k.conkey) = 1
    ORDER BY 1, 2, k.conname`.execute(db);
  const lists = new Map<string, string[]>();
  for (const r of rows) {
    const values = parseCheckList(r.columnName, r.definition);
    if (!values) continue;
    const key = `${r.tableName}.${r.columnName}`;
    if (lists.has(key)) {
      throw new Error(`${key} tiene dos listas CHECK (… IN …); deje una sola.`);
    }
    lists.set(key, values);
  }
  return lists;
}

/**
 * The values of `CHECK (column IN ('a', 'b'))` as PostgreSQL prints it back
 * (`CHECK ((column = ANY (ARRAY['a'::text, 'b'::text])))`, or `column = 'a'::text` for one
 * value); null for any other check.
 */
export function parseCheckList(column: string, definition: string): string[] | null {
  const literal = "'((?:[^']|'')*)'::text";
  const col = `"?${column.replace(/[^a-z0-9_]/g, "")}"?`;
  const many = new RegExp(
    String.raw`^CHECK \(\(${col} = ANY \(\(?ARRAY\[(${literal}(?:, ${literal})*)\]\)?(?:::text\[\])?\)\)\)$`,
  );
  const one = new RegExp(String.raw`^CHECK \(\(${col} = ${literal}\)\)$`);
  const m = many.exec(definition);
  const list = m?.[1] ?? (one.test(definition) ? definition.slice(definition.indexOf("'")) : null);
  if (list === null) return null;
  return [...list.matchAll(new RegExp(literal, "g"))].map((x) => (x[1] ?? "").replace(/''/g, "'"));
}

const importPath = (from: string, module: string) => {
  const path = relative(dirname(from), module).split("\\").join(posix.sep);
  return path.startsWith(".") ? path : `./${path}`;
};

/** The text of the row-types file for the tables of `schema`, formatted as the repository is. */
export async function generateRowTypes<T>(
  db: Kysely<T>,
  options: RowTypesOptions = {},
): Promise<string> {
  const schema = options.schema ?? "public";
  const unions = options.unions ?? SHARED_UNIONS;
  const jsonShapes = options.jsonShapes ?? JSON_SHAPES;
  const outFile = options.outFile ?? OUT_FILE;
  const dialect = new PostgresDialect({
    dateParser: "string",
    numericParser: "number",
    defaultSchemas: [schema],
  });
  const metadata = await dialect.introspector.introspect({
    // The introspector reads snake_case catalog columns: no CamelCasePlugin on its queries.
    // (Its typings see Kysely's CommonJS declarations, a different class to the compiler.)
    db: db.withoutPlugins() as unknown as Parameters<
      typeof dialect.introspector.introspect
    >[0]["db"],
    includePattern: `${schema}.*`,
  });
  const checkLists = await readCheckLists(db.withoutPlugins(), schema);

  const problems: string[] = [];
  const columns: Record<string, string> = {};
  const imports = new Map<string, string>([["JsonText", COLUMN_TYPES_MODULE]]);
  const seen = new Set<string>();
  for (const table of metadata.tables) {
    for (const column of table.columns) {
      const key = `${table.name}.${column.name}`;
      seen.add(key);
      const list = checkLists.get(key);
      const shared = unions[key];
      const shape = jsonShapes[key];
      if (shape && column.dataType !== "jsonb") {
        problems.push(`${key} figura en JSON_SHAPES pero es ${column.dataType}, no jsonb.`);
        continue;
      }
      let type: string;
      if (shared) {
        if (!list) {
          problems.push(
            `${key} está tipada como ${shared.type} pero no tiene lista CHECK (${column.name} IN (…)): agregue la restricción o quite la entrada de SHARED_UNIONS.`,
          );
          continue;
        }
        const missing = list.filter((v) => !shared.values.includes(v));
        const extra = shared.values.filter((v) => !list.includes(v));
        if (missing.length > 0 || extra.length > 0) {
          problems.push(
            `${key}: la lista CHECK de la base (${list.join(", ")}) no coincide con ${shared.type} (${shared.module})` +
              (missing.length > 0 ? `; falta en ${shared.type}: ${missing.join(", ")}` : "") +
              (extra.length > 0 ? `; falta en la base: ${extra.join(", ")}` : "") +
              ". Alinee la migración y el tipo compartido.",
          );
          continue;
        }
        const known = imports.get(shared.type);
        if (known && known !== shared.module) {
          problems.push(`${shared.type} se importa de dos módulos: ${known} y ${shared.module}.`);
        }
        imports.set(shared.type, shared.module);
        type = shared.type;
      } else if (list) {
        type = list.map((v) => JSON.stringify(v)).join(" | ");
      } else if (shape) {
        type = `JsonText<${shape}>`;
      } else {
        continue;
      }
      if (column.isNullable) type = `${type} | null`;
      if (column.hasDefaultValue) type = `Generated<${type}>`;
      columns[key] = type;
    }
  }
  for (const key of [...Object.keys(unions), ...Object.keys(jsonShapes)].sort()) {
    if (!seen.has(key)) {
      problems.push(`${key} figura en scripts/row-types.ts pero no existe en la base migrada.`);
    }
  }
  if (problems.length > 0) {
    throw new Error(`Los tipos de fila no se generaron:\n- ${problems.join("\n- ")}`);
  }

  const customImports = Object.fromEntries(
    [...imports]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, module]) => [name, importPath(outFile, module)]),
  );
  const body = serializeFromMetadata({
    metadata,
    dialect,
    camelCase: true,
    defaultSchemas: [schema],
    overrides: { columns },
    customImports,
    typeMapping: TYPE_MAPPING,
    skipAutogeneratedFileComment: true,
  });
  return formatLikeTheRepository(`${HEADER}\n${body}`, outFile);
}

/** Biome, as `npm run lint` runs it, so the committed file is what a developer's editor keeps. */
function formatLikeTheRepository(text: string, outFile: string): string {
  const biome = createRequire(import.meta.url).resolve("@biomejs/biome/bin/biome");
  const result = spawnSync(
    process.execPath,
    [biome, "check", "--write", `--stdin-file-path=${outFile}`],
    { cwd: ROOT, input: text, encoding: "utf8" },
  );
  if (result.status !== 0) {
    throw new Error(`Biome no pudo dar formato a ${outFile}:\n${result.stderr}`);
  }
  return result.stdout;
}

/**
 * What `npm run db:types -- --check` prints when the committed file is not what the migrations
 * generate: the instruction, then the differing lines.
 */
export function describeStaleRowTypes(
  outFile: string,
  committed: string,
  generated: string,
): string[] {
  return [
    `${outFile} no corresponde a db/migrations. Ejecute \`npm run db:types\` y confirme el archivo.`,
    "(- el archivo confirmado, + lo que generan las migraciones)",
    ...lineDiff(committed, generated),
  ];
}

/** The lines only in the committed file (-) or only in the generated one (+), in order. */
function lineDiff(before: string, after: string, limit = 40): string[] {
  const a = before.split("\n");
  const b = after.split("\n");
  // Longest common subsequence lengths of the suffixes, row by row: files are a few hundred lines.
  const width = b.length + 1;
  const lcs = new Uint16Array((a.length + 1) * width);
  const at = (i: number, j: number) => lcs[i * width + j] ?? 0;
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] =
        a[i] === b[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while ((i < a.length || j < b.length) && out.length < limit) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (i < a.length && (j === b.length || at(i + 1, j) >= at(i, j + 1))) {
      out.push(`  - ${i + 1}: ${a[i]}`);
      i++;
    } else {
      out.push(`  + ${j + 1}: ${b[j]}`);
      j++;
    }
  }
  return out;
}
