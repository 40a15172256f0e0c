import { commitmentsContract as c } from "../../../shared/contracts/commitments.contract.ts";
import type { FileStore } from "../../files/file-store.ts";
import { bindRoute } from "../../http/api-route.ts";
import { fileOf, readEvidenceForm } from "../../http/evidence-form.ts";
import {
  closeCommitment,
  createCommitment,
  downloadCommitmentEvidence,
  getCommitment,
  getCompliance,
  listCommitments,
  updateCommitment,
  uploadCommitmentEvidence,
} from "./commitments.service.ts";

export function commitmentRoutes(store: FileStore) {
  return [
    bindRoute(c.list, ({ db, actor, params }) =>
      listCommitments(db, actor, { policyCode: params.code }),
    ),
    bindRoute(c.compliance, ({ db, actor, params, query }) =>
      getCompliance(db, actor, { policyCode: params.code, periodYear: query.periodYear }),
    ),
    bindRoute(c.create, ({ db, actor, params, body }) =>
      createCommitment(db, actor, { policyCode: params.code, ...body }),
    ),
    bindRoute(c.get, ({ db, actor, params }) => getCommitment(db, actor, { id: params.id })),
    bindRoute(c.update, ({ db, actor, params, body }) =>
      updateCommitment(db, actor, { id: params.id, ...body }),
    ),
    bindRoute(c.close, ({ db, actor, params, body }) =>
      closeCommitment(db, actor, { id: params.id, ...body }),
    ),
    bindRoute(c.uploadEvidence, async ({ db, actor, params, http }) => {
      const file = fileOf(await readEvidenceForm(http));
      return uploadCommitmentEvidence(db, actor, {
        commitmentId: params.id,
        fileName: file.name,
        bytes: new Uint8Array(await file.arrayBuffer()),
        store,
      });
    }),
    bindRoute(c.downloadEvidence, async ({ db, actor, params }) => {
      const file = await downloadCommitmentEvidence(db, actor, { id: params.id, store });
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
