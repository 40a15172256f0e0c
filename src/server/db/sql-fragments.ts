import { sql } from "kysely";

/**
 * Two rules of the model that many queries share, written once:
 * - the ficha técnica version in force in a year (the highest version valid that year);
 * - the revision in force of a value (no higher revision of the same indicator and period,
 *   optionally among some statuses only).
 * Aliases are code constants, never user input; columns go through the CamelCase plugin.
 */

export function versionInForce(alias: string, year: number) {
  const col = (c: string) => sql.ref(`${alias}.${c}`);
  return sql<boolean>`(${col("validFrom")} <= ${year}
    and (${col("validTo")} is null or ${col("validTo")} >= ${year})
    and not exists (
      select 1 from indicator_version later
      where later.indicator_id = ${col("indicatorId")}
        and later.version > ${col("version")}
        and later.valid_from <= ${year}
        and (later.valid_to is null or later.valid_to >= ${year})))`;
}

export function isLatestRevision(alias: string, statuses?: readonly string[]) {
  const col = (c: string) => sql.ref(`${alias}.${c}`);
  const statusFilter = statuses?.length ? sql`and newer.status in (${sql.join(statuses)})` : sql``;
  return sql<boolean>`not exists (
    select 1 from measurement newer
    where newer.indicator_id = ${col("indicatorId")}
      and newer.year = ${col("year")}
      and newer.period = ${col("period")}
      and newer.revision > ${col("revision")}
      ${statusFilter})`;
}
