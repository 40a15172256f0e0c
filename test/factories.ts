import { randomBytes } from "node:crypto";
import type { Hono } from "hono";
import type { Database } from "../src/server/db/connect.ts";
import { createUser } from "../src/server/features/users/users.service.ts";
import { systemActor } from "../src/shared/actor.ts";
import type { Role } from "../src/shared/permissions.ts";
import type { Catalogue } from "../src/shared/schemas/catalogue.schema.ts";
import { ApiSession } from "./support/api-session.ts";

/** Test data built per test, never shared fixtures: each user gets its own e-mail. */

export const TEST_PASSWORD = "clave-de-prueba-2024";

export async function buildUser(
  db: Database,
  role: Role,
  options: { entities?: string[]; proxyEntities?: string[]; territory?: string | null } = {},
) {
  const email = `${role}-${randomBytes(4).toString("hex")}@prueba.vigia.pe`;
  const displayName = `Usuario ${role}`;
  const user = await createUser(db, systemActor("test"), {
    email,
    displayName,
    role,
    entities: options.entities ?? [],
    proxyEntities: options.proxyEntities ?? [],
    territory: options.territory ?? null,
    password: TEST_PASSWORD,
  });
  return { ...user, displayName, password: TEST_PASSWORD };
}

/** A signed-in session of a new user with the role (and entities, for focal points). */
export async function signIn(
  app: Hono,
  db: Database,
  role: Role,
  options: { entities?: string[]; proxyEntities?: string[]; territory?: string | null } = {},
) {
  const user = await buildUser(db, role, options);
  const session = new ApiSession(app);
  const res = await session.login(user.email, user.password);
  if (res.status !== 200) throw new Error(`login failed: ${JSON.stringify(res.json)}`);
  return { session, user };
}

/** The smallest valid PDF, for evidence uploads. */
export function minimalPdf(text = "Evidencia de prueba"): Uint8Array<ArrayBuffer> {
  const body = `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 100]>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`;
  return new Uint8Array(new TextEncoder().encode(body));
}

/**
 * A small second policy, conducted by MTPE, that re-declares entities the PNTP also lists
 * (MTPE, SUNAFIL, MININTER) exactly as the PNTP does unless `sunafilParent` says otherwise.
 */
export function buildSecondPolicyCatalogue(
  options: { sunafilParent?: string | null } = {},
): Catalogue {
  const parent = options.sunafilParent === undefined ? "MTPE" : options.sunafilParent;
  return {
    formatVersion: 1 as const,
    provenance: { description: "Política de prueba", sources: [] },
    policy: {
      code: "pnlab",
      name: "Política Nacional de prueba",
      shortName: null,
      approvalNorm: null,
      approvalDate: "2024-03-01",
      horizonYear: 2030,
      publicProblem: null,
      desiredFuture: null,
      conductor: "MTPE",
      conductorUnit: null,
    },
    entities: [
      {
        code: "MTPE",
        name: "Ministerio de Trabajo y Promoción del Empleo",
        kind: "ministerio" as const,
        parent: null,
      },
      {
        code: "SUNAFIL",
        name: "Superintendencia Nacional de Fiscalización Laboral",
        kind: "organismo_adscrito" as const,
        parent,
      },
      {
        code: "MININTER",
        name: "Ministerio del Interior",
        kind: "ministerio" as const,
        parent: null,
      },
    ],
    orgUnits: [],
    objectives: [{ code: "OP1", name: "Objetivo de prueba", expectedResult: null }],
    lineamientos: [],
    services: [],
    indicators: [
      {
        code: "1.1",
        level: "objetivo" as const,
        objective: "OP1",
        service: null,
        versions: [
          {
            version: 1,
            name: "Indicador de prueba",
            unit: "porcentaje" as const,
            direction: "ascendente" as const,
            isCumulative: false,
            numerator: "Casos atendidos",
            denominator: "Casos recibidos",
            dataSources: ["Registro de prueba"],
            responsibleEntity: "SUNAFIL",
            responsibleUnit: null,
            baseline: { value: 5, year: 2023, source: null, isDerived: false, note: null },
            validFrom: 2024,
            validTo: null,
            reason: null,
          },
        ],
        metas: [
          {
            year: 2025,
            value: 8,
            source: "ficha_tecnica" as const,
            revision: 1,
            reference: null,
            note: null,
          },
        ],
        measurements: [
          {
            year: 2025,
            period: "ANUAL" as const,
            indicatorVersion: 1,
            value: 6,
            numerator: null,
            denominator: null,
            disaggregations: [],
            narrative: { logros: null, dificultades: null, medidas: null },
            sourceSystem: null,
            reportingEntity: "SUNAFIL",
            reportingUnit: null,
            reportedForEntity: "SUNAFIL",
            status: "validado" as const,
            reference: null,
            note: null,
          },
        ],
      },
    ],
    commitments: [],
    valoracion: {
      criteria: [
        {
          code: "C1",
          name: "Nivel del índice",
          weight: 1,
          rule: { kind: "nivel_indice" as const },
        },
      ],
      totalLevelRule: "mas_cercano" as const,
    },
  };
}
