import { anchorAuditChain, verifyAuditChain } from "../../server/audit/audit-chain.service.ts";
import { DomainError } from "../../server/errors.ts";
import { type CommandInput, UsageError } from "../cli-support.ts";

const ANCHOR = /^(\d{1,19}):([0-9a-f]{64})$/;

/**
 * `vigia audit verify [--anchor ID:HASH]…` recomputes the audit chain and exits 1 naming the
 * first broken link; `vigia audit anchor` records today's anchor and prints it (a copy to keep
 * outside Vigía, to pass back with --anchor).
 */
export async function runAudit({ args, values, out, io }: CommandInput): Promise<void> {
  const [sub] = args;
  if (sub === "verify") {
    const external = (values.anchor ?? []).map((text) => {
      const m = ANCHOR.exec(text);
      if (!m)
        throw new UsageError(
          `--anchor debe ser ID:HASH (el número del evento y su hash SHA-256 en hexadecimal): «${text}»`,
        );
      return { lastId: m[1] as string, hash: m[2] as string };
    });
    const v = await io.withDatabase((db) => verifyAuditChain(db, external));
    if (v.broken)
      throw new DomainError("conflict", `Cadena de auditoría rota. ${v.broken.message}`);
    out(
      `Cadena de auditoría íntegra: ${v.events.toLocaleString("es-PE")} eventos; cabeza ${v.head.lastId ?? "ninguna"} ${v.head.lastHash ?? ""}; ${v.anchorsChecked} anclas comprobadas.\n`,
    );
    return;
  }
  if (sub === "anchor") {
    const a = await io.withDatabase((db) => anchorAuditChain(db));
    out(
      `${a.created ? "Ancla registrada" : "El ancla de hoy ya existía"}: ${a.day} evento ${a.lastId ?? "ninguno"} hash ${a.hash ?? "-"}\n`,
    );
    return;
  }
  throw new UsageError("Uso: vigia audit verify [--anchor ID:HASH]… | vigia audit anchor");
}
