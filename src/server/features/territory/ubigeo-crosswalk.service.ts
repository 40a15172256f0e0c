import type { z } from "zod";
import type { Actor } from "../../../shared/actor.ts";
import type { GroupSchema, ValiditySchema } from "../../../shared/contracts/territory.contract.ts";
import {
  type Crosswalk,
  type CrosswalkEntry,
  createCrosswalk,
} from "../../../shared/territory/ubigeo-crosswalk.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Database, Executor } from "../../db/connect.ts";
import { invalid, notFound } from "../../errors.ts";
import {
  findTrainingOutsideValidity,
  findUbigeoValidity,
  listCrosswalkRows,
  listGroupRows,
  updateUbigeoValidity,
} from "./territory.repository.ts";

/** The crosswalk of the ubigeo in the database (2,113 places: read whole, per import). */
export async function loadCrosswalk(db: Executor): Promise<Crosswalk> {
  const rows = await listCrosswalkRows(db);
  if (rows.length === 0) {
    throw invalid("No hay ubigeos cargados: ejecute «vigia seed ubigeo» primero.");
  }
  return createCrosswalk(
    rows.map(
      (r): CrosswalkEntry => ({
        inei: r.code,
        reniec: r.reniecCode,
        level: r.level,
        name: r.name,
        parents: [
          r.level === "distrito" ? r.provinceName : null,
          r.level !== "departamento" ? r.departmentName : null,
        ]
          .filter((x): x is string => !!x)
          .join(", "),
        validFrom: r.validFrom,
        validTo: r.validTo,
      }),
    ),
  );
}

/**
 * Sets when a place began or ceased to exist (a district created by law in 2016). Refused when
 * a register already holds a record of that place outside the new span: history is not
 * rewritten silently.
 */
export async function setUbigeoValidity(
  db: Database,
  actor: Actor,
  input: { code: string } & z.output<typeof ValiditySchema>,
) {
  if (input.validFrom && input.validTo && input.validFrom > input.validTo) {
    throw invalid("La fecha de inicio de vigencia es posterior a la de fin.", [
      { path: "validTo", message: "anterior a validFrom" },
    ]);
  }
  return db.transaction().execute(async (tx) => {
    const before = await findUbigeoValidity(tx, input.code);
    if (!before) throw notFound(`No existe el ubigeo ${input.code}.`);
    const outside = await findTrainingOutsideValidity(tx, input.code, input);
    if (outside !== null) {
      throw invalid(
        `El ubigeo ${input.code} tiene capacitaciones registradas fuera de esa vigencia (p. ej. la ${outside}).`,
      );
    }
    const validity = { validFrom: input.validFrom, validTo: input.validTo };
    await updateUbigeoValidity(tx, input.code, validity);
    await recordAudit(tx, actor, {
      action: "ubigeo.validity",
      objectType: "ubigeo",
      objectId: input.code,
      before: { validFrom: before.validFrom, validTo: before.validTo },
      after: validity,
    });
    return { code: input.code, ...validity };
  });
}

export async function listTerritoryGroups(
  db: Database,
  _actor: Actor,
): Promise<z.infer<typeof GroupSchema>[]> {
  const groups = new Map<string, z.infer<typeof GroupSchema>>();
  for (const r of await listGroupRows(db)) {
    let g = groups.get(r.code);
    if (!g) {
      g = { code: r.code, name: r.name, source: r.source, note: r.note, members: [] };
      groups.set(r.code, g);
    }
    if (r.ubigeoCode)
      g.members.push({ code: r.ubigeoCode, name: r.memberName ?? "", note: r.memberNote });
  }
  return [...groups.values()];
}
