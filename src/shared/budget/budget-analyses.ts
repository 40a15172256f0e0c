import { LEVEL_LABELS, LEVELS, type Level } from "./budget-fields.ts";
import type { TagKind } from "./tagging-rules.ts";

/**
 * The budget chapter's computations (seed 000 §b.4), pure: from tagged sums and reference
 * figures to the tables. Amounts stay in integer cents; ratios are returned unrounded and
 * rounded only for display.
 */

export const BUDGET_CLASS_LABELS = {
  asignacion_especifica: "Asignación específica",
  meta_sin_asignacion_especifica: "Meta sin asignación específica",
  sin_meta_presupuestal: "Sin meta presupuestal",
} as const;
export type BudgetClass = keyof typeof BUDGET_CLASS_LABELS;

export interface TagSum {
  year: number;
  nivel: Level;
  pliegoCode: string;
  serviceId: number;
  kind: TagKind;
  lines: number;
  pia: number;
  pim: number;
  certificacion: number | null;
  compromiso: number | null;
  devengado: number;
  girado: number | null;
}

export interface AnalysisInput {
  policy: { code: string; name: string };
  services: {
    id: number;
    code: string;
    number: number;
    name: string;
    objectiveCode: string;
    owner: string | null;
  }[];
  objectives: { code: string; name: string }[];
  tagSums: TagSum[];
  importedYears: number[];
  national: { year: number; pia: number; pim: number; source: string }[];
  population: { year: number; inhabitants: number; source: string }[];
  pliegoReference: {
    year: number;
    pliegoCode: string;
    pliegoName: string | null;
    nivel: Level | null;
    pia: number;
    pim: number;
  }[];
  pliegoLines: {
    year: number;
    nivel: Level;
    pliegoCode: string;
    pliegoName: string | null;
    pia: number;
    pim: number;
  }[];
  priority: { pliegoCode: string; nivel: Level; label: string }[];
  overAllocated: Map<number, number>;
}

/** a / b × 100, or null when b is zero or missing. */
export function percent(a: number | null, b: number | null): number | null {
  if (a === null || b === null || b === 0) return null;
  return (a / b) * 100;
}

/** (current − previous) / previous × 100. */
function changePercent(previous: number | null, current: number | null): number | null {
  if (previous === null || current === null || previous === 0) return null;
  return ((current - previous) / previous) * 100;
}

export interface StageAmounts {
  piaCents: number;
  pimCents: number;
  certificacionCents: number | null;
  compromisoCents: number | null;
  devengadoCents: number;
  giradoCents: number | null;
  execution: number | null;
}

const addNullable = (a: number | null, b: number | null) =>
  a === null && b === null ? null : (a ?? 0) + (b ?? 0);

function sumStages(rows: readonly TagSum[]): StageAmounts {
  let pia = 0;
  let pim = 0;
  let devengado = 0;
  let certificacion: number | null = null;
  let compromiso: number | null = null;
  let girado: number | null = null;
  for (const r of rows) {
    pia += r.pia;
    pim += r.pim;
    devengado += r.devengado;
    certificacion = addNullable(certificacion, r.certificacion);
    compromiso = addNullable(compromiso, r.compromiso);
    girado = addNullable(girado, r.girado);
  }
  return {
    piaCents: pia,
    pimCents: pim,
    certificacionCents: certificacion,
    compromisoCents: compromiso,
    devengadoCents: devengado,
    giradoCents: girado,
    execution: percent(devengado, pim),
  };
}

const specific = (input: AnalysisInput, year: number) =>
  input.tagSums.filter((t) => t.year === year && t.kind === "especifico");

export function yearFigures(input: AnalysisInput, year: number) {
  const totals = sumStages(specific(input, year));
  const national = input.national.find((n) => n.year === year) ?? null;
  const population = input.population.find((p) => p.year === year) ?? null;
  const inhabitants = population?.inhabitants ?? null;
  return {
    year,
    imported: input.importedYears.includes(year),
    ...totals,
    nationalPiaCents: national?.pia ?? null,
    nationalPimCents: national?.pim ?? null,
    shareNationalPia: percent(totals.piaCents, national?.pia ?? null),
    shareNationalPim: percent(totals.pimCents, national?.pim ?? null),
    population: inhabitants,
    perCapitaPia: inhabitants ? totals.piaCents / 100 / inhabitants : null,
    perCapitaDevengado: inhabitants ? totals.devengadoCents / 100 / inhabitants : null,
    pimMinusPiaCents: totals.pimCents - totals.piaCents,
    pimOverPia: totals.piaCents === 0 ? null : totals.pimCents / totals.piaCents,
  };
}

/**
 * A service's budget class in a year: any specific chain → asignación específica; only its
 * institutional meta → meta sin asignación específica; nothing tagged → sin meta presupuestal.
 */
function classifyService(input: AnalysisInput, serviceId: number, year: number): BudgetClass {
  const rows = input.tagSums.filter((t) => t.year === year && t.serviceId === serviceId);
  if (rows.some((t) => t.kind === "especifico")) return "asignacion_especifica";
  if (rows.some((t) => t.kind === "institucional")) return "meta_sin_asignacion_especifica";
  return "sin_meta_presupuestal";
}

export function servicesFor(input: AnalysisInput, year: number) {
  return input.services.map((s) => {
    const mine = input.tagSums.filter((t) => t.year === year && t.serviceId === s.id);
    const spec = mine.filter((t) => t.kind === "especifico");
    const inst = mine.filter((t) => t.kind === "institucional");
    return {
      code: s.code,
      number: s.number,
      name: s.name,
      objective: s.objectiveCode,
      owner: s.owner,
      budgetClass: classifyService(input, s.id, year),
      ...sumStages(spec),
      institutionalPimCents: inst.reduce((n, t) => n + t.pim, 0),
      pliegos: [...new Set(spec.map((t) => t.pliegoCode))].sort(),
    };
  });
}

export function objectivesFor(input: AnalysisInput, year: number) {
  const services = servicesFor(input, year);
  return input.objectives.map((o) => {
    const mine = services.filter((s) => s.objective === o.code);
    const ids = new Set(input.services.filter((s) => s.objectiveCode === o.code).map((s) => s.id));
    return {
      code: o.code,
      name: o.name,
      services: mine.length,
      funded: mine.filter((s) => s.budgetClass === "asignacion_especifica").length,
      classes: countClasses(mine),
      ...sumStages(specific(input, year).filter((t) => ids.has(t.serviceId))),
    };
  });
}

function countClasses(rows: readonly { budgetClass: BudgetClass }[]) {
  const counts: Record<BudgetClass, number> = {
    asignacion_especifica: 0,
    meta_sin_asignacion_especifica: 0,
    sin_meta_presupuestal: 0,
  };
  for (const r of rows) counts[r.budgetClass] += 1;
  return counts;
}

/** Every level of government, always: a level with nothing is a finding, not a gap. */
export function levelsFor(input: AnalysisInput, year: number) {
  const rows = specific(input, year);
  return LEVELS.map((level) => ({
    level,
    label: LEVEL_LABELS[level],
    ...sumStages(rows.filter((t) => t.nivel === level)),
  }));
}

/**
 * The policy's share within each prioritised pliego of a level. A pliego's total comes from the
 * reference figures when there are some, else from the imported lines (a full MEF extract
 * holds the whole pliego); the row says which. Money of the level outside the prioritised
 * pliegos is reported, not hidden.
 */
export function pliegosFor(input: AnalysisInput, year: number) {
  const rows = specific(input, year);
  const groups = (["nacional", "regional"] as const).map((nivel) => {
    const pliegos = input.priority.filter((p) => p.nivel === nivel);
    const out = pliegos.map((p) => {
      const mine = rows.filter((t) => t.pliegoCode === p.pliegoCode);
      const ref = input.pliegoReference.find(
        (r) => r.year === year && r.pliegoCode === p.pliegoCode,
      );
      const fromLines = input.pliegoLines.find(
        (r) => r.year === year && r.pliegoCode === p.pliegoCode,
      );
      const totalPia = ref?.pia ?? fromLines?.pia ?? null;
      const totalPim = ref?.pim ?? fromLines?.pim ?? null;
      const s = sumStages(mine);
      return {
        pliego: p.pliegoCode,
        label: p.label,
        nivel,
        totalPiaCents: totalPia,
        totalPimCents: totalPim,
        totalSource: ref
          ? ("referencia" as const)
          : fromLines
            ? ("lineas" as const)
            : ("ninguna" as const),
        piaCents: s.piaCents,
        pimCents: s.pimCents,
        devengadoCents: s.devengadoCents,
        sharePia: percent(s.piaCents, totalPia),
        sharePim: percent(s.pimCents, totalPim),
      };
    });
    const sum = (f: (r: (typeof out)[number]) => number | null) =>
      out.some((r) => f(r) === null) && out.every((r) => f(r) === null)
        ? null
        : out.reduce((n, r) => n + (f(r) ?? 0), 0);
    const totalPia = sum((r) => r.totalPiaCents);
    const totalPim = sum((r) => r.totalPimCents);
    const pia = out.reduce((n, r) => n + r.piaCents, 0);
    const pim = out.reduce((n, r) => n + r.pimCents, 0);
    const level = sumStages(rows.filter((t) => t.nivel === nivel));
    return {
      nivel,
      rows: out,
      total: {
        pliego: "TOTAL",
        label: "Total priorizados",
        nivel,
        totalPiaCents: totalPia,
        totalPimCents: totalPim,
        totalSource: out.every((r) => r.totalSource === "referencia")
          ? ("referencia" as const)
          : out.some((r) => r.totalSource !== "ninguna")
            ? ("lineas" as const)
            : ("ninguna" as const),
        piaCents: pia,
        pimCents: pim,
        devengadoCents: out.reduce((n, r) => n + r.devengadoCents, 0),
        sharePia: percent(pia, totalPia),
        sharePim: percent(pim, totalPim),
      },
      levelPiaCents: level.piaCents,
      levelPimCents: level.pimCents,
      outsidePiaCents: level.piaCents - pia,
      outsidePimCents: level.pimCents - pim,
    };
  });
  return groups;
}

export function buildBudgetSummary(
  input: AnalysisInput,
  year: number,
  basis: {
    imports: {
      year: number;
      id: number;
      fileName: string;
      importedAt: string;
      rowsLoaded: number;
      reconstructed: boolean;
    }[];
    ruleSetVersion: number | null;
  },
) {
  const totals = yearFigures(input, year);
  const previousYear = year - 1;
  const previous = input.importedYears.includes(previousYear)
    ? yearFigures(input, previousYear)
    : null;
  const byService = servicesFor(input, year);
  return {
    policy: input.policy,
    year,
    basis: {
      ...basis,
      populationSource: input.population.find((p) => p.year === year)?.source ?? null,
      nationalSource: input.national.find((n) => n.year === year)?.source ?? null,
    },
    totals,
    previous,
    change: {
      pia: changePercent(previous?.piaCents ?? null, totals.piaCents),
      pim: changePercent(previous?.pimCents ?? null, totals.pimCents),
      devengado: changePercent(previous?.devengadoCents ?? null, totals.devengadoCents),
    },
    byLevel: levelsFor(input, year),
    byObjective: objectivesFor(input, year),
    byService,
    classCounts: countClasses(byService),
    overAllocatedLines: input.overAllocated.get(year) ?? 0,
  };
}

/** Name of the row of specific money on lines without ubigeo. */
const NO_LOCATION_LABEL = "Sin ubicación";

/**
 * Specific budget by department of the line's ubigeo: every department of the reference (a
 * department with nothing is a finding, as with levels), then the money without a location.
 * A code missing from the reference keeps its code as name rather than vanishing.
 */
export function departmentsFor(
  sums: readonly { department: string | null; pia: number; pim: number; devengado: number }[],
  departments: readonly { code: string; name: string }[],
) {
  const total = sums.reduce(
    (t, s) => ({ pia: t.pia + s.pia, pim: t.pim + s.pim, devengado: t.devengado + s.devengado }),
    { pia: 0, pim: 0, devengado: 0 },
  );
  const row = (department: string | null, name: string) => {
    const mine = sums.filter((s) => s.department === department);
    const pia = mine.reduce((n, s) => n + s.pia, 0);
    const pim = mine.reduce((n, s) => n + s.pim, 0);
    const devengado = mine.reduce((n, s) => n + s.devengado, 0);
    return {
      department,
      name,
      piaCents: pia,
      pimCents: pim,
      devengadoCents: devengado,
      execution: percent(devengado, pim),
      sharePim: percent(pim, total.pim),
    };
  };
  const known = new Set(departments.map((d) => d.code));
  const unknown = [
    ...new Set(sums.map((s) => s.department).filter((d): d is string => !!d && !known.has(d))),
  ];
  const rows = [
    ...departments.map((d) => row(d.code, d.name)),
    ...unknown.map((code) => row(code, code)),
  ].sort((a, b) => (a.department ?? "").localeCompare(b.department ?? ""));
  if (sums.some((s) => s.department === null)) rows.push(row(null, NO_LOCATION_LABEL));
  return {
    rows,
    total: {
      piaCents: total.pia,
      pimCents: total.pim,
      devengadoCents: total.devengado,
      execution: percent(total.devengado, total.pim),
    },
  };
}
