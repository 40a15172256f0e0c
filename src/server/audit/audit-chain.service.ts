import { createHash } from "node:crypto";
import { todayInLima } from "../../shared/dates.ts";
import type { Executor } from "../db/connect.ts";
import {
  type ChainedEventText,
  findChainHead,
  insertAnchor,
  listAnchors,
  listChainedEvents,
} from "./audit-chain.repository.ts";

/**
 * Verifying the tamper-evident audit (migration 0021, docs/decisions/0020). The digest is
 * recomputed here, in the application, from the stored fields: a superuser who edits an event
 * (with the append-only trigger disabled) and leaves its hash breaks the chain at that event;
 * one who also recomputes every later hash with the database's own function is caught by the
 * chain head and the daily anchors, and beyond them only by an anchor copied outside Vigía (the
 * log line, `--anchor`).
 */

const field = (value: string | null) =>
  value === null ? "-;" : `${Buffer.byteLength(value, "utf8")}:${value};`;

/** The same digest as audit_event_digest() in migration 0021, computed independently. */
export function auditEventDigest(
  prevHash: string | null,
  e: Omit<ChainedEventText, "prevHash" | "hash">,
): string {
  const text =
    field(prevHash) +
    field(e.id) +
    field(e.at) +
    field(e.actor) +
    field(e.action) +
    field(e.objectType) +
    field(e.objectId) +
    field(e.before) +
    field(e.after) +
    field(e.ip);
  return createHash("sha256").update(text, "utf8").digest("hex");
}

export type ChainBreak =
  | { kind: "contenido"; eventId: string; message: string }
  | { kind: "enlace"; eventId: string; message: string }
  | { kind: "cabeza"; eventId: string | null; message: string }
  | { kind: "ancla"; eventId: string | null; message: string };

export interface ChainVerification {
  events: number;
  head: { lastId: string | null; lastHash: string | null };
  anchorsChecked: number;
  /** The first broken link, or null when the whole chain holds. */
  broken: ChainBreak | null;
}

const BATCH = 5000;

/**
 * Walks the chain in id order and stops at the first break: an event whose content no longer
 * gives its hash (edited), one whose previous hash is not the hash of the event before it (an
 * event removed or inserted), a head that is not the last event (events removed from the end),
 * or an anchor whose event is missing or has another hash (the chain rewritten since).
 * `external` anchors (id and hash copied from a log or a publication package) are checked the
 * same way.
 */
export async function verifyAuditChain(
  db: Executor,
  external: readonly { lastId: string; hash: string }[] = [],
): Promise<ChainVerification> {
  const head = (await findChainHead(db)) ?? { lastId: null, lastHash: null };
  const anchors = [
    ...(await listAnchors(db)).filter((a) => a.lastId !== null),
    ...external.map((a) => ({ day: "externa", ...a })),
  ];
  const wanted = new Map<string, { day: string; hash: string | null }[]>();
  for (const a of anchors) {
    const list = wanted.get(a.lastId as string) ?? [];
    list.push({ day: a.day, hash: a.hash });
    wanted.set(a.lastId as string, list);
  }
  const result = (broken: ChainBreak | null, events: number): ChainVerification => ({
    events,
    head,
    anchorsChecked: anchors.length,
    broken,
  });

  let previous: string | null = null;
  let lastId = "0";
  let events = 0;
  const seen = new Set<string>();
  for (;;) {
    const batch = await listChainedEvents(db, lastId, BATCH);
    for (const e of batch) {
      if (e.prevHash !== previous)
        return result(
          {
            kind: "enlace",
            eventId: e.id,
            message: `El evento ${e.id} no sigue al anterior: su hash previo no es el del evento que lo precede (se eliminó o insertó un evento antes de él).`,
          },
          events,
        );
      if (auditEventDigest(e.prevHash, e) !== e.hash)
        return result(
          {
            kind: "contenido",
            eventId: e.id,
            message: `El contenido del evento ${e.id} (${e.action}, ${e.at}) no corresponde a su hash: fue modificado después de registrarse.`,
          },
          events,
        );
      for (const a of wanted.get(e.id) ?? []) {
        if (a.hash !== e.hash)
          return result(
            {
              kind: "ancla",
              eventId: e.id,
              message: `El ancla ${a.day} registró otro hash para el evento ${e.id}: la cadena fue reescrita desde entonces.`,
            },
            events,
          );
        seen.add(e.id);
      }
      previous = e.hash;
      lastId = e.id;
      events++;
    }
    if (batch.length < BATCH) break;
  }
  for (const id of wanted.keys())
    if (!seen.has(id))
      return result(
        {
          kind: "ancla",
          eventId: id,
          message: `El evento ${id}, registrado en un ancla, ya no existe.`,
        },
        events,
      );
  if ((head.lastId ?? "0") !== (events === 0 ? "0" : lastId) || head.lastHash !== previous)
    return result(
      {
        kind: "cabeza",
        eventId: head.lastId,
        message: `La cabeza de la cadena (evento ${head.lastId ?? "ninguno"}) no es el último evento (${events === 0 ? "ninguno" : lastId}): se eliminaron eventos al final.`,
      },
      events,
    );
  return result(null, events);
}

/** Today's anchor (Lima day): the head as it stands, once a day; the log line is its copy. */
export async function anchorAuditChain(
  db: Executor,
  log: (line: string) => void = () => {},
): Promise<{ day: string; lastId: string | null; hash: string | null; created: boolean }> {
  const anchor = await insertAnchor(db, todayInLima());
  if (anchor.created)
    log(
      `auditoría: ancla ${anchor.day} evento ${anchor.lastId ?? "ninguno"} hash ${anchor.hash ?? "-"}`,
    );
  return anchor;
}

export interface ChainAnchorSnapshot {
  /** The head as it stands now. */
  head: { lastId: string | null; hash: string | null };
  /** The latest daily anchor recorded (audit_anchor), if any. */
  daily: { day: string; lastId: string | null; hash: string | null } | null;
}

/** The head now and the latest daily anchor, read without writing: what a package publishes. */
export async function readChainAnchor(db: Executor): Promise<ChainAnchorSnapshot> {
  const head = await findChainHead(db);
  const anchors = await listAnchors(db);
  return {
    head: { lastId: head?.lastId ?? null, hash: head?.lastHash ?? null },
    daily: anchors.at(-1) ?? null,
  };
}
