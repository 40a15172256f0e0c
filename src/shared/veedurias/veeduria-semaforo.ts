/**
 * The veedurías' semáforo (docs/veedurias.md): the statuses with which a regional veeduría
 * grades each lineamiento of the policy, as seed 000 names them (000:L3418-L3452; seed_000.md
 * §f.1 `VeeduriaAssessment`), their order from best to worst, their colours, and the pure
 * arithmetic the public page, the open data and the tests share. No IO.
 */

export const VEEDURIA_STATUSES = [
  "avanzado",
  "con_avances",
  "parcial",
  "inicial",
  "sin_avance",
  "sin_informacion_publica",
] as const;
export type VeeduriaStatus = (typeof VEEDURIA_STATUSES)[number];

/** The words of the seed (and of the CSV's `estado_nombre`). */
export const VEEDURIA_STATUS_LABELS: Record<VeeduriaStatus, string> = {
  avanzado: "Avanzado",
  con_avances: "Con avances",
  parcial: "Parcial",
  inicial: "Inicial",
  sin_avance: "Sin avance",
  sin_informacion_publica: "Sin información pública",
};

/**
 * A traffic light from green to red; «sin información pública» is not a grade of the State's
 * work but of its transparency, so it is a grey that stays distinct from «sin avance».
 * Colours pass 3:1 against white for the map's borders and carry a text label everywhere.
 */
export const VEEDURIA_STATUS_COLOURS: Record<VeeduriaStatus, string> = {
  avanzado: "#1A7F37",
  con_avances: "#6BAF3A",
  parcial: "#E0B000",
  inicial: "#E07B00",
  sin_avance: "#C62828",
  sin_informacion_publica: "#6E7781",
};

/** A year (2025), a semester (2025-S1) or a span of years (2023-2025). */
export const VEEDURIA_PERIOD_PATTERN = /^\d{4}(-S[12]|-\d{4})?$/;

/** Whether a span's years are in order (2023-2025, not 2025-2023). */
export function isVeeduriaPeriod(text: string): boolean {
  if (!VEEDURIA_PERIOD_PATTERN.test(text)) return false;
  const span = /^(\d{4})-(\d{4})$/.exec(text);
  return !span || Number(span[1]) < Number(span[2]);
}

/** INEI departments (two digits, reference/geo/ubigeo_departamento.csv): a veeduría's region. */
export const DEPARTMENT_NAMES: Readonly<Record<string, string>> = {
  "01": "Amazonas",
  "02": "Áncash",
  "03": "Apurímac",
  "04": "Arequipa",
  "05": "Ayacucho",
  "06": "Cajamarca",
  "07": "Callao",
  "08": "Cusco",
  "09": "Huancavelica",
  "10": "Huánuco",
  "11": "Ica",
  "12": "Junín",
  "13": "La Libertad",
  "14": "Lambayeque",
  "15": "Lima",
  "16": "Loreto",
  "17": "Madre de Dios",
  "18": "Moquegua",
  "19": "Pasco",
  "20": "Piura",
  "21": "Puno",
  "22": "San Martín",
  "23": "Tacna",
  "24": "Tumbes",
  "25": "Ucayali",
};

export type StatusCounts = Record<VeeduriaStatus, number>;

export const emptyCounts = (): StatusCounts =>
  Object.fromEntries(VEEDURIA_STATUSES.map((s) => [s, 0])) as StatusCounts;

/** How many lineamientos a veeduría graded with each status (its assessments of one period). */
export function countStatuses(statuses: Iterable<VeeduriaStatus>): StatusCounts {
  const counts = emptyCounts();
  for (const s of statuses) counts[s] += 1;
  return counts;
}

/**
 * The status a region is drawn with on the map when no lineamiento is chosen: the one most
 * lineamientos have; a tie goes to the worse status, so the map never looks better than the
 * grades. Null when nothing was graded.
 */
export function dominantStatus(counts: StatusCounts): VeeduriaStatus | null {
  let best: VeeduriaStatus | null = null;
  for (const s of VEEDURIA_STATUSES) {
    if (counts[s] > 0 && (best === null || counts[s] >= counts[best])) best = s;
  }
  return best;
}

/** Lineamientos neither graded nor counted: what the document did not say. */
export function ungraded(counts: StatusCounts, lineamientos: number): number {
  const total = VEEDURIA_STATUSES.reduce((t, s) => t + counts[s], 0);
  return Math.max(0, lineamientos - total);
}
