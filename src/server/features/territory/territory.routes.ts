import type { Context } from "hono";
import { territoryContract as c } from "../../../shared/contracts/territory.contract.ts";
import { DomainError, invalid } from "../../errors.ts";
import { bindRoute } from "../../http/api-route.ts";
import { readLimitedFormData } from "../../http/multipart.ts";
import {
  createAssistance,
  createTraining,
  importTrainingsCsv,
  listAssistances,
  trainingTable,
} from "./activities.service.ts";
import {
  addMember,
  addSession,
  createSpace,
  getSpace,
  importSpacesCsv,
  listSpaces,
  summarizeSpaces,
} from "./coordination-spaces.service.ts";
import { decideRegisterProposal, getRegisterProposal } from "./register-proposals.service.ts";
import { listTerritoryGroups, setUbigeoValidity } from "./ubigeo-crosswalk.service.ts";

/** A register's CSV, at most 5 MB: thousands of trainings, not a microdata dump. */
const MAX_REGISTER_UPLOAD_BYTES = 5 * 1024 * 1024;

async function readCsvUpload(http: Context) {
  const form = await readLimitedFormData(http, {
    maxBytes: MAX_REGISTER_UPLOAD_BYTES + 64 * 1024,
    tooLarge: () => new DomainError("payload_too_large", "El archivo pesa más de 5 MB."),
    malformed: () => invalid("Envíe el archivo como multipart/form-data en el campo «file»."),
  });
  const file = form.get("file");
  if (!(file instanceof File)) {
    throw invalid("Falta el archivo: envíelo en el campo «file».", [
      { path: "file", message: "requerido" },
    ]);
  }
  return { fileName: file.name, text: await file.text() };
}

// Fixed paths (summary, imports) come before /:id, which would read them as ids.
export const territoryRoutes = [
  bindRoute(c.groups, ({ db, actor }) => listTerritoryGroups(db, actor)),
  bindRoute(c.setValidity, ({ db, actor, params, body }) =>
    setUbigeoValidity(db, actor, { code: params.code, ...body }),
  ),
  bindRoute(c.spaceSummary, ({ db, actor }) => summarizeSpaces(db, actor)),
  bindRoute(c.importSpaces, async ({ db, actor, query, http }) =>
    importSpacesCsv(db, actor, {
      ...(await readCsvUpload(http)),
      ...(query.codes ? { scheme: query.codes } : {}),
    }),
  ),
  bindRoute(c.listSpaces, ({ db, actor, query }) => listSpaces(db, actor, query)),
  bindRoute(c.getSpace, ({ db, actor, params }) => getSpace(db, actor, { id: params.id })),
  bindRoute(c.createSpace, ({ db, actor, body }) => createSpace(db, actor, body)),
  bindRoute(c.addMember, ({ db, actor, params, body }) =>
    addMember(db, actor, { id: params.id, ...body }),
  ),
  bindRoute(c.addSession, ({ db, actor, params, body }) =>
    addSession(db, actor, { id: params.id, ...body }),
  ),
  bindRoute(c.importTrainings, async ({ db, actor, query, http }) =>
    importTrainingsCsv(db, actor, {
      ...(await readCsvUpload(http)),
      ...(query.codes ? { scheme: query.codes } : {}),
    }),
  ),
  bindRoute(c.trainings, ({ db, actor, query }) => trainingTable(db, actor, query)),
  bindRoute(c.createTraining, ({ db, actor, body }) => createTraining(db, actor, body)),
  bindRoute(c.assistances, ({ db, actor, query }) => listAssistances(db, actor, query)),
  bindRoute(c.createAssistance, ({ db, actor, body }) => createAssistance(db, actor, body)),
  bindRoute(c.proposal, ({ db, actor, params, query }) =>
    getRegisterProposal(db, actor, {
      policyCode: params.code,
      indicatorCode: params.indicator,
      ...query,
    }),
  ),
  bindRoute(c.decide, ({ db, actor, params, body }) =>
    decideRegisterProposal(db, actor, {
      policyCode: params.code,
      indicatorCode: params.indicator,
      ...body,
    }),
  ),
];
