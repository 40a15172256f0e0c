import { todayInLima } from "../../../../shared/dates.ts";
import type { ChainAnchorSnapshot } from "../../../audit/audit-chain.service.ts";

/**
 * `auditoria-ancla.json`: the audit chain's head when the package was built, and the latest
 * daily anchor, so that a copy of both lives outside Vigía wherever the package is published
 * (ADR 0041, docs/transparency.md). Anyone holding it can later ask the operator for
 * `vigia audit verify --anchor ID:HASH`, or run it on a copy of the database: a chain rewritten
 * since (even with every later hash recomputed) no longer has this hash at this event.
 */

export const ANCHOR_PATH = "auditoria-ancla.json";

const verifyCommand = (a: { lastId: string | null; hash: string | null }) =>
  a.lastId !== null && a.hash !== null ? `vigia audit verify --anchor ${a.lastId}:${a.hash}` : null;

export function anchorFile(anchor: ChainAnchorSnapshot, generatedAt: Date): string {
  const document = {
    formato: "vigia-ancla-auditoria/1",
    dia: todayInLima(generatedAt),
    generado: generatedAt.toISOString(),
    alcance:
      "Registro de auditoría completo de la instalación de Vigía que generó este paquete (tabla audit_event): cada evento encadenado al anterior por SHA-256, desde el primero hasta el indicado.",
    cabeza: {
      descripcion: "Último evento de la cadena al generar el paquete.",
      ultimoEvento: anchor.head.lastId,
      hash: anchor.head.hash,
      verificar: verifyCommand(anchor.head),
    },
    anclaDiaria: anchor.daily && {
      descripcion:
        "Última ancla diaria registrada por Vigía (la misma línea «auditoría: ancla …» de su registro de arranque).",
      dia: anchor.daily.day,
      ultimoEvento: anchor.daily.lastId,
      hash: anchor.daily.hash,
      verificar: verifyCommand(anchor.daily),
    },
    comoVerificar: [
      "Guarde este archivo (o el paquete entero, cuya suma SHA-256 publica el portal).",
      "Más adelante, pida al operador de Vigía que ejecute el comando «verificar» de arriba (o ejecútelo sobre una copia de la base de datos). «Cadena de auditoría íntegra» confirma que los eventos hasta el indicado son los mismos que cuando se generó el paquete.",
      "«Cadena de auditoría rota» con «El ancla externa registró otro hash» o «ya no existe» indica que el registro de auditoría fue reescrito o recortado después de la publicación.",
    ],
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
