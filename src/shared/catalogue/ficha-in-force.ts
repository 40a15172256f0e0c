/**
 * The ficha técnica version in force in a year, on the catalogue document: the highest version
 * valid that year, the rule the database applies (`versionInForce` in sql-fragments.ts). With
 * fichas revised in the app, the latest version is not the one of an earlier year's report.
 * Falls back to the latest version for a year no version covers, so a document still prints.
 */
export function fichaInForce<
  V extends { version: number; validFrom: number; validTo: number | null },
>(versions: readonly V[], year: number): V | undefined {
  let best: V | undefined;
  for (const v of versions) {
    if (v.validFrom > year || (v.validTo !== null && v.validTo < year)) continue;
    if (!best || v.version > best.version) best = v;
  }
  return best ?? versions.at(-1);
}
