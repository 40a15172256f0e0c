import {
  dataEntryContract as c,
  MeasurementCreateSchema,
} from "../../../shared/contracts/data-entry.contract.ts";
import { localizedError } from "../../errors.ts";
import type { FileStore } from "../../files/file-store.ts";
import { bindRoute, parseInput } from "../../http/api-route.ts";
import { fileOf, readEvidenceForm } from "../../http/evidence-form.ts";
import { getEntryContext } from "./entry-context.service.ts";
import {
  createMeasurementWithEvidence,
  downloadEvidence,
  uploadEvidence,
} from "./evidence.service.ts";
import {
  commentMeasurement,
  createMeasurement,
  getMeasurement,
  getRuleContext,
  listMeasurementPage,
  observeMeasurement,
  submitMeasurement,
  updateMeasurement,
  validateMeasurementValue,
  validateMeasurementValues,
} from "./measurements.service.ts";
import { getOfflineData } from "./offline-data.service.ts";
import { listTasks } from "./tasks.service.ts";

function jsonField(field: FormDataEntryValue | null): unknown {
  if (typeof field !== "string") throw localizedError("invalid", "evidence.measurementField");
  try {
    return JSON.parse(field);
  } catch {
    throw localizedError("invalid", "evidence.measurementField");
  }
}

export function dataEntryRoutes(store: FileStore) {
  return [
    bindRoute(c.offlineData, ({ db, actor, params, query }) =>
      getOfflineData(db, actor, { policyCode: params.code, since: query.since }),
    ),
    bindRoute(c.tasks, ({ db, actor, params }) =>
      listTasks(db, actor, { policyCode: params.code }),
    ),
    bindRoute(c.list, ({ db, actor, params, query }) =>
      listMeasurementPage(db, actor, { policyCode: params.code, ...query }),
    ),
    bindRoute(c.create, ({ db, actor, params, body }) =>
      createMeasurement(db, actor, {
        policyCode: params.code,
        indicatorCode: params.indicator,
        ...body,
      }),
    ),
    bindRoute(c.ruleContext, ({ db, actor, params, query }) =>
      getRuleContext(db, actor, {
        policyCode: params.code,
        indicatorCode: params.indicator,
        ...query,
      }),
    ),
    bindRoute(c.entryContext, ({ db, actor, params, query }) =>
      getEntryContext(db, actor, {
        policyCode: params.code,
        indicatorCode: params.indicator,
        ...query,
      }),
    ),
    bindRoute(c.get, ({ db, actor, params }) => getMeasurement(db, actor, { id: params.id })),
    bindRoute(c.update, ({ db, actor, params, body }) =>
      updateMeasurement(db, actor, { id: params.id, ...body }),
    ),
    bindRoute(c.submit, ({ db, actor, params, body }) =>
      submitMeasurement(db, actor, { id: params.id, ...body }),
    ),
    bindRoute(c.observe, ({ db, actor, params, body }) =>
      observeMeasurement(db, actor, { id: params.id, ...body }),
    ),
    bindRoute(c.validate, ({ db, actor, params, body }) =>
      validateMeasurementValue(db, actor, { id: params.id, ...body }),
    ),
    bindRoute(c.validateMany, ({ db, actor, body }) =>
      validateMeasurementValues(db, actor, { items: body.items }),
    ),
    bindRoute(c.comment, ({ db, actor, params, body }) =>
      commentMeasurement(db, actor, { id: params.id, comment: body.comment }),
    ),
    bindRoute(c.createWithEvidence, async ({ db, actor, params, http }) => {
      const form = await readEvidenceForm(http);
      const file = fileOf(form);
      const measurement = parseInput(
        MeasurementCreateSchema,
        jsonField(form.get("measurement")),
        "measurement",
      );
      return createMeasurementWithEvidence(db, actor, {
        policyCode: params.code,
        indicatorCode: params.indicator,
        ...measurement,
        file: { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
        store,
      });
    }),
    bindRoute(c.uploadEvidence, async ({ db, actor, params, http }) => {
      const file = fileOf(await readEvidenceForm(http));
      return uploadEvidence(db, actor, {
        measurementId: params.id,
        fileName: file.name,
        bytes: new Uint8Array(await file.arrayBuffer()),
        store,
      });
    }),
    bindRoute(c.downloadEvidence, async ({ db, actor, params }) => {
      const file = await downloadEvidence(db, actor, { id: params.id, store });
      return new Response(file.bytes as unknown as BodyInit, {
        headers: {
          "Content-Type": file.mediaType,
          "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
          "X-Checksum-SHA256": file.sha256,
        },
      });
    }),
  ];
}
