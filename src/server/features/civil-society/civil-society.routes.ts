import {
  ContributionCreateSchema,
  civilSocietyContract as c,
} from "../../../shared/contracts/civil-society.contract.ts";
import { localizedError } from "../../errors.ts";
import type { FileStore } from "../../files/file-store.ts";
import { bindRoute, parseInput } from "../../http/api-route.ts";
import { fileOf, filesOf, readEvidenceForm } from "../../http/evidence-form.ts";
import { openDataResponse } from "../open-data/open-data.routes.ts";
import {
  accreditOrganization,
  addContributionEvidence,
  addOrganizationMember,
  listAccreditedOrganizations,
  MAX_FILES_PER_CONTRIBUTION,
  publishContribution,
  removeContribution,
  respondToContribution,
} from "./civil-society.service.ts";
import {
  civilDatasetFile,
  contributionRows,
  lastChangeOf,
  missingRows,
} from "./civil-society-files.ts";
import { downloadPublicEvidence, listPublicContributions } from "./civil-society-read.service.ts";
import { getOwnWorkspace } from "./civil-society-workspace.service.ts";
import { listMissingInformation } from "./missing-information.service.ts";

function jsonField(field: FormDataEntryValue | null): unknown {
  const fail = () =>
    localizedError("invalid", "civil.contributionField", {}, [
      { path: "contribution", message: "JSON del aporte." },
    ]);
  if (typeof field !== "string") throw fail();
  try {
    return JSON.parse(field);
  } catch {
    throw fail();
  }
}

const bytesOf = async (file: File) => ({
  fileName: file.name,
  bytes: new Uint8Array(await file.arrayBuffer()),
});

export function civilSocietyRoutes(store: FileStore) {
  return [
    bindRoute(c.organizations, ({ db, actor }) => listAccreditedOrganizations(db, actor)),
    bindRoute(c.accredit, ({ db, actor, body }) => accreditOrganization(db, actor, body)),
    bindRoute(c.addMember, ({ db, actor, params, body }) =>
      addOrganizationMember(db, actor, { organizationId: params.id, email: body.email }),
    ),
    bindRoute(c.workspace, ({ db, actor, params }) =>
      getOwnWorkspace(db, actor, { policyCode: params.code }),
    ),
    bindRoute(c.publish, async ({ db, actor, http }) => {
      const form = await readEvidenceForm(http, MAX_FILES_PER_CONTRIBUTION);
      const files = filesOf(form, MAX_FILES_PER_CONTRIBUTION);
      const contribution = parseInput(
        ContributionCreateSchema,
        jsonField(form.get("contribution")),
        "contribution",
      );
      return publishContribution(db, actor, {
        ...contribution,
        files: await Promise.all(files.map(bytesOf)),
        store,
      });
    }),
    bindRoute(c.addEvidence, async ({ db, actor, params, http }) => {
      const file = fileOf(await readEvidenceForm(http));
      return addContributionEvidence(db, actor, { id: params.id, store, ...(await bytesOf(file)) });
    }),
    bindRoute(c.respond, ({ db, actor, params, body }) =>
      respondToContribution(db, actor, { id: params.id, text: body.text }),
    ),
    bindRoute(c.remove, ({ db, actor, params, body }) =>
      removeContribution(db, actor, { id: params.id, reason: body.reason }),
    ),
    bindRoute(c.publicList, ({ db, actor, params, query }) =>
      listPublicContributions(db, actor, {
        policyCode: params.code,
        ...(query.year !== undefined ? { year: query.year } : {}),
      }),
    ),
    bindRoute(c.evidence, async ({ db, actor, params }) => {
      const file = await downloadPublicEvidence(db, actor, { id: params.id, store });
      return new Response(file.bytes as unknown as BodyInit, {
        headers: {
          "Content-Type": file.mediaType,
          "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
          "X-Checksum-SHA256": file.sha256,
          "Access-Control-Allow-Origin": "*",
          "Cache-Control": "public, max-age=60, must-revalidate",
        },
      });
    }),
    bindRoute(c.missing, ({ db, actor, params, query }) =>
      listMissingInformation(db, actor, { policyCode: params.code, year: query.year }),
    ),
    bindRoute(c.dataset, async ({ db, actor, params, http }) => {
      const input = {
        policyCode: params.code,
        dataset: params.dataset,
        year: params.file.year,
        format: params.file.format,
      };
      const baseUrl = new URL(http.req.url).origin;
      if (params.dataset === "sociedad-civil") {
        const { contributions } = await listPublicContributions(db, actor, input);
        return openDataResponse(
          http,
          civilDatasetFile(
            input,
            contributionRows(contributions),
            baseUrl,
            lastChangeOf(contributions),
          ),
        );
      }
      const missing = await listMissingInformation(db, actor, input);
      return openDataResponse(
        http,
        civilDatasetFile(input, missingRows(missing), baseUrl, new Date(0)),
      );
    }),
  ];
}
