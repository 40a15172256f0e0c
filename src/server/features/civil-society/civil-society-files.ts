import { createHash } from "node:crypto";
import { toCsvLine } from "../../../shared/budget/csv-stream.ts";
import type {
  Contribution,
  MissingInformation,
} from "../../../shared/contracts/civil-society.contract.ts";
import {
  CIVIL_SOCIETY_DATASETS,
  CIVIL_SOCIETY_MEDIA_TYPES,
  type CivilSocietyDatasetId,
  type CivilSocietyFormat,
  civilSocietyPaths,
  SIN_INFORMACION_PUBLICA,
} from "../../../shared/open-data/civil-society-datasets.ts";
import { OPEN_DATA_LICENSE } from "../../../shared/open-data/open-data-datasets.ts";
import type { VersionedFile } from "../open-data/open-data.service.ts";

/**
 * The two live datasets as files (pure): the same columns as their definition in
 * src/shared/open-data/civil-society-datasets.ts, CSV (UTF-8, CRLF, licence last, as every
 * open-data CSV) or JSON with `campos` and `licencia`. The version tag is the bytes' hash, since
 * the rows change whenever an organisation publishes.
 */

type Cell = string | number | null;

export function contributionRows(contributions: readonly Contribution[]): Record<string, Cell>[] {
  return contributions.map((c) => ({
    id: c.id,
    anio: c.year,
    tipo: c.kind,
    codigo: c.target.code,
    nombre: c.target.name,
    dice: c.organization.name,
    valor_oficial: c.official?.value ?? null,
    estado_oficial: c.official
      ? c.official.value === null
        ? SIN_INFORMACION_PUBLICA
        : "publicado"
      : null,
    valor_alternativo: c.value,
    metodo: c.method,
    valoracion: c.assessment,
    fuente: c.source,
    comentario: c.comment,
    solicitud_acceso: c.accessRequest?.id ?? null,
    fecha_publicacion: c.publishedAt,
    evidencias: c.evidence.map((e) => e.url).join(" ") || null,
    respuesta_conductor: c.response?.text ?? null,
    fecha_respuesta: c.response?.respondedAt ?? null,
    estado: c.statusLabel,
  }));
}

/** The latest change among contributions: a publication, a response or a removal. */
export function lastChangeOf(contributions: readonly Contribution[]): Date {
  let latest = 0;
  for (const c of contributions) {
    for (const d of [c.publishedAt, c.response?.respondedAt, c.removal?.removedAt]) {
      if (d) latest = Math.max(latest, Date.parse(d));
    }
  }
  return new Date(latest);
}

export function missingRows(missing: MissingInformation): Record<string, Cell>[] {
  return missing.items.map((m) => ({
    anio: missing.year,
    tipo: m.kind,
    codigo: m.code,
    nombre: m.name,
    responsable: m.responsible,
    responsable_nombre: m.responsibleName,
    estado: SIN_INFORMACION_PUBLICA,
    motivo: m.reason,
  }));
}

const cellText = (v: Cell | undefined) => (v === null || v === undefined ? "" : String(v));

export function civilDatasetFile(
  input: {
    policyCode: string;
    dataset: CivilSocietyDatasetId;
    year: number;
    format: CivilSocietyFormat;
  },
  rows: readonly Record<string, Cell>[],
  baseUrl: string,
  lastModified: Date,
): VersionedFile {
  const def = CIVIL_SOCIETY_DATASETS.find((d) => d.id === input.dataset);
  if (!def) throw new Error(`unknown dataset ${input.dataset}`);
  const names = def.fields.map((f) => f.name);
  // Evidence addresses are absolute in a downloaded file, which travels without its server.
  const absolute = rows.map((r) =>
    typeof r.evidencias === "string"
      ? {
          ...r,
          evidencias: r.evidencias
            .split(" ")
            .map((p) => `${baseUrl}${p}`)
            .join(" "),
        }
      : r,
  );
  let text: string;
  if (input.format === "csv") {
    const lines = [toCsvLine([...names, "licencia"])];
    for (const row of absolute) {
      lines.push(toCsvLine([...names.map((n) => cellText(row[n])), OPEN_DATA_LICENSE.name]));
    }
    text = `${lines.join("\r\n")}\r\n`;
  } else {
    text = JSON.stringify({
      conjunto: def.id,
      titulo: def.title,
      descripcion: def.description,
      politica: input.policyCode,
      anio: input.year,
      licencia: OPEN_DATA_LICENSE,
      campos: def.fields,
      clavePrimaria: def.primaryKey,
      filas: absolute,
    });
  }
  const bytes = new TextEncoder().encode(text);
  return {
    fileName: `${input.policyCode}-${def.id}-${input.year}.${input.format}`,
    contentType: CIVIL_SOCIETY_MEDIA_TYPES[input.format],
    bytes,
    etag: `W/"${createHash("sha256").update(bytes).digest("hex").slice(0, 32)}"`,
    lastModified,
    describedBy: civilSocietyPaths.dataset(input.policyCode, def.id, input.year, "json"),
  };
}
