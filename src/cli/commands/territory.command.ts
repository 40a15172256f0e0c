import { importTerritoryReference } from "../../server/features/territory/territory-reference.service.ts";
import { type CommandInput, UsageError } from "../cli-support.ts";

/** `vigia territory import-reference`: the seed 003/004 reference data (transcribed). */
export async function runTerritory({
  args,
  values,
  actor,
  out,
  err,
  io,
}: CommandInput): Promise<void> {
  const [sub] = args;
  if (sub !== "import-reference") {
    throw new UsageError("Uso: vigia territory import-reference [--file DIRECTORIO]");
  }
  const r = await io.withDatabase((db) =>
    importTerritoryReference(db, actor, values.file ? { dir: values.file } : {}),
  );
  if (r.ubigeoLoaded) err("Cargado (primer uso): ubigeos INEI.");
  out(
    [
      "Datos de referencia TRANSCRITOS de los documentos 003 y 004 (no son exportaciones institucionales):",
      `  agrupaciones interregionales: ${r.groups}`,
      `  espacios de coordinación: ${r.spaces.created} nuevos de ${r.spaces.rows} filas (${r.spaces.file})`,
      `  capacitaciones: ${r.trainings.created} nuevas de ${r.trainings.rows} filas (${r.trainings.file})`,
      "",
    ].join("\n"),
  );
}
