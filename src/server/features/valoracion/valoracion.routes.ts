import {
  valoracionContract as c,
  ValoracionDeclarationSchema,
} from "../../../shared/contracts/valoracion.contract.ts";
import { MAX_EVIDENCE_BYTES } from "../../../shared/limits.ts";
import { invalid, localizedError } from "../../errors.ts";
import type { FileStore } from "../../files/file-store.ts";
import { bindRoute, parseInput } from "../../http/api-route.ts";
import { readLimitedFormData } from "../../http/multipart.ts";
import {
  declareValoracionLevel,
  downloadDeclarationEvidence,
  listValoracionDeclarations,
} from "./valoracion.service.ts";

/** Room for the multipart framing and the declaration's JSON beside a file of the maximum size. */
const BODY_LIMIT = MAX_EVIDENCE_BYTES + 64 * 1024;

function declarationField(field: FormDataEntryValue | null): unknown {
  const bad = () =>
    invalid("Falta la declaración (campo «declaration», JSON).", [
      { path: "declaration", message: "Campo obligatorio: año, criterio, nivel y fundamento." },
    ]);
  if (typeof field !== "string") throw bad();
  try {
    return JSON.parse(field);
  } catch {
    throw bad();
  }
}

export function valoracionRoutes(store: FileStore) {
  return [
    bindRoute(c.declarations, ({ db, actor, params, query }) =>
      listValoracionDeclarations(db, actor, { policyCode: params.code, year: query.year }),
    ),
    bindRoute(c.declare, async ({ db, actor, params, http }) => {
      const form = await readLimitedFormData(http, {
        maxBytes: BODY_LIMIT,
        tooLarge: () =>
          localizedError("payload_too_large", "evidence.tooLarge", { limit: MAX_EVIDENCE_BYTES }),
        malformed: () => localizedError("invalid", "evidence.notMultipart"),
      });
      const declaration = parseInput(
        ValoracionDeclarationSchema,
        declarationField(form.get("declaration")),
        "declaration",
      );
      const files = form.getAll("file");
      const file = files[0];
      if (!(file instanceof File) || files.length > 1) {
        throw invalid("Adjunte un archivo de evidencia (uno solo).", [
          { path: "file", message: "La evidencia es obligatoria: PDF, XLSX, DOCX, PNG o JPG." },
        ]);
      }
      return declareValoracionLevel(db, actor, {
        policyCode: params.code,
        ...declaration,
        file: { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
        store,
      });
    }),
    bindRoute(c.downloadEvidence, async ({ db, actor, params }) => {
      const file = await downloadDeclarationEvidence(db, actor, { id: params.id, store });
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
