import type { Actor } from "../../../shared/actor.ts";
import type {
  MissingInformation,
  MissingItem,
} from "../../../shared/contracts/civil-society.contract.ts";
import { SIN_INFORMACION_PUBLICA } from "../../../shared/open-data/civil-society-datasets.ts";
import type { OpenDataRelease } from "../../../shared/open-data/open-data-datasets.ts";
import type { TipDataPoint } from "../../../shared/statistics/tip-data-points.schema.ts";
import type { Database } from "../../db/connect.ts";
import { listIndicatorsInForce } from "../catalogue/indicators.repository.ts";
import { listPolicies } from "../catalogue/policy.repository.ts";
import { requirePolicyId } from "../catalogue/policy.service.ts";
import { findPublishedRelease } from "../publication/publication.service.ts";
import { loadTipDataPoints } from "../statistics/statistics-tip-points.service.ts";
import { listEntityNames, listServices } from "./civil-society.repository.ts";

/**
 * What is missing, shown (issue 16 item 5): every indicator, service and TIP data point with no
 * public value for a year, with the entity responsible, listed as «sin información pública» the
 * way the veedurías report it (seed 000:L3398) instead of simply not appearing. «Public» means
 * what the year's publication froze for everyone (the open-data release): a value validated
 * after it, or kept inside Vigía, is not public. An unpublished year lists everything.
 */

/** Whether the release answers a TIP data point, and why not when it does not. */
function tipPointGap(point: TipDataPoint, release: OpenDataRelease | null): string | null {
  const q = point.query;
  if (q === null) return "el dato no está en ningún registro de Vigía";
  if (!release) return null; // the year's own reason applies
  if ("evaluation" in q) {
    return (release.tables["evaluacion-indice"]?.length ?? 0) > 0
      ? null
      : "la publicación del año no tiene el índice de gestión";
  }
  if ("budget" in q) {
    return (release.tables["presupuesto-servicios"]?.length ?? 0) > 0
      ? null
      : "la publicación del año no tiene presupuesto etiquetado";
  }
  if ("congress" in q) return "el informe al Congreso no forma parte de los datos abiertos";
  const concepts = new Set(q.concepts);
  const answered = (release.tables.estadisticas ?? []).some(
    (row) => concepts.has(String(row.concepto)) && typeof row.valor === "number",
  );
  return answered ? null : "las estadísticas públicas del año no tienen la cifra";
}

export async function listMissingInformation(
  db: Database,
  actor: Actor,
  input: { policyCode: string; year: number },
): Promise<MissingInformation> {
  const policyId = await requirePolicyId(db, input.policyCode);
  const published = await findPublishedRelease(db, actor, {
    policyCode: input.policyCode,
    year: input.year,
  });
  const release = published?.release ?? null;
  const notPublished = `el año ${input.year} no está publicado`;
  const names = new Map((await listEntityNames(db)).map((e) => [e.code, e.name]));
  const nameOf = (code: string) => names.get(code) ?? code;

  const publicValue = new Map<string, boolean>();
  for (const row of release?.tables["evaluacion-indicadores"] ?? []) {
    publicValue.set(String(row.indicador), typeof row.valor === "number");
  }
  const items: MissingItem[] = [];
  const indicators = await listIndicatorsInForce(db, policyId, input.year);
  for (const ind of indicators) {
    if (publicValue.get(ind.code)) continue;
    items.push({
      kind: "indicador",
      code: ind.code,
      name: ind.name,
      responsible: ind.responsible,
      responsibleName: nameOf(ind.responsible),
      reason: release ? "sin valor validado en la publicación del año" : notPublished,
    });
  }
  for (const service of await listServices(db, policyId, input.year)) {
    const own = indicators.filter((i) => i.service === service.code);
    if (own.some((i) => publicValue.get(i.code))) continue;
    const codes = service.responsibles.map((r) => r.code);
    items.push({
      kind: "servicio",
      code: service.code,
      name: service.name,
      responsible: codes.join("; ") || (service.provider ?? ""),
      responsibleName:
        service.responsibles.map((r) => r.name).join("; ") || (service.provider ?? ""),
      reason: !release
        ? notPublished
        : own.length === 0
          ? "el servicio no tiene indicador en el año"
          : "ninguno de sus indicadores tiene valor público en el año",
    });
  }
  // The TIP report is compiled by the policy's conductor from every entity's figures.
  const conductor =
    (await listPolicies(db)).find((p) => p.code === input.policyCode)?.conductor ?? "";
  for (const point of (await loadTipDataPoints()).dataPoints) {
    const gap = tipPointGap(point, release);
    if (release && gap === null) continue;
    items.push({
      kind: "dato_tip",
      code: String(point.id),
      name: point.label.es,
      responsible: conductor,
      responsibleName: nameOf(conductor),
      reason: gap ?? notPublished,
    });
  }
  const count = (kind: MissingItem["kind"]) => items.filter((i) => i.kind === kind).length;
  return {
    policy: input.policyCode,
    year: input.year,
    published: release !== null,
    label: SIN_INFORMACION_PUBLICA,
    counts: {
      indicador: count("indicador"),
      servicio: count("servicio"),
      dato_tip: count("dato_tip"),
    },
    items,
  };
}
