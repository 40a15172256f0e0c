import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Actor } from "../../../shared/actor.ts";
import type { Database } from "../../db/connect.ts";
import { generateTemporaryPassword } from "../auth/password.service.ts";
import { importCatalogue } from "../catalogue/catalogue.service.ts";
import { openPeriod } from "../periods/periods.service.ts";
import { createUser } from "../users/users.service.ts";
import { createMilestone } from "./plans.service.ts";

/**
 * First-run demo of the subnational plans (ADR 0030): two EXAMPLE regional plans (Puno, Cusco;
 * catalogues/demo, labelled as demos, not official plans), 2026 T1–T4 open for Puno, three
 * milestones of the administration, and the accounts that walk the loop: Puno's regional
 * focal point and regional conductor, and Cusco's focal point (the other territory).
 */

const DEMO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../../../catalogues/demo");
export const DEMO_PLAN_FILES = [
  "plan-regional-puno.demo.catalogue.json",
  "plan-regional-cusco.demo.catalogue.json",
];
export const DEMO_PLAN_CODE = "prtp-puno-demo";
export const DEMO_PLAN_YEAR = 2026;

const DEMO_PLAN_ACCOUNTS = [
  {
    email: "puno@demo.vigia.pe",
    displayName: "Punto focal regional Puno (demo)",
    role: "punto_focal",
    entities: ["GORE-PUNO"],
    territory: "21",
  },
  {
    email: "conductor.puno@demo.vigia.pe",
    displayName: "Conductor regional Puno (demo)",
    role: "conductor_regional",
    entities: [],
    territory: "21",
  },
  {
    email: "cusco@demo.vigia.pe",
    displayName: "Punto focal regional Cusco (demo)",
    role: "punto_focal",
    entities: ["GORE-CUSCO"],
    territory: "08",
  },
] as const;

const addDays = (day: string, days: number) => {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/** Needs the PNTP and the ubigeo loaded (the plans align to the PNTP and name their region). */
export async function createDemoPlans(
  db: Database,
  actor: Actor,
  input: { password: string | null; today: string },
): Promise<{ email: string; role: string; password: string }[]> {
  for (const file of DEMO_PLAN_FILES) {
    const document: unknown = JSON.parse(await readFile(resolve(DEMO_DIR, file), "utf8"));
    await importCatalogue(db, actor, { document, replace: false });
  }
  const created: { email: string; role: string; password: string }[] = [];
  for (const account of DEMO_PLAN_ACCOUNTS) {
    const password = input.password ?? generateTemporaryPassword();
    await createUser(db, actor, {
      ...account,
      entities: [...account.entities],
      proxyEntities: [],
      password,
      isDemo: true,
      mustChangePassword: input.password === null,
    });
    created.push({ email: account.email, role: account.role, password });
  }
  for (const period of ["T1", "T2", "T3", "T4"] as const)
    await openPeriod(db, actor, {
      policyCode: DEMO_PLAN_CODE,
      year: DEMO_PLAN_YEAR,
      period,
      opensOn: input.today,
      deadline: addDays(input.today, 30),
    });
  // One milestone of each horizon, so the three lights show from the first visit.
  const milestones = [
    {
      horizon: "100_dias" as const,
      title: "Reinstalar la Red Regional contra la Trata de Personas de Puno (ejemplo)",
      dueOn: addDays(input.today, -10),
      status: "en_proceso" as const,
    },
    {
      horizon: "primer_anio" as const,
      title: "Aprobar por ordenanza el plan regional actualizado (ejemplo)",
      dueOn: addDays(input.today, 20),
      status: "pendiente" as const,
    },
    {
      horizon: "fin_gestion" as const,
      title: "Capacitar a 1 600 efectivos policiales de la región en la gestión (ejemplo)",
      dueOn: addDays(input.today, 900),
      status: "en_proceso" as const,
    },
  ];
  for (const m of milestones)
    await createMilestone(db, actor, {
      code: DEMO_PLAN_CODE,
      ...m,
      responsible: "Gerencia Regional de Desarrollo Social (ejemplo)",
      budgetSoles: null,
      completedOn: null,
      note: null,
      today: input.today,
    });
  return created;
}
