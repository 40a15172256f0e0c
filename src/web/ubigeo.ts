/** INEI departments (reference/geo/ubigeo_departamento.csv, MIT): code → name, for the region picker. */
export const DEPARTAMENTOS: readonly { code: string; name: string }[] = [
  { code: "010000", name: "AMAZONAS" },
  { code: "020000", name: "ANCASH" },
  { code: "030000", name: "APURIMAC" },
  { code: "040000", name: "AREQUIPA" },
  { code: "050000", name: "AYACUCHO" },
  { code: "060000", name: "CAJAMARCA" },
  { code: "070000", name: "CALLAO" },
  { code: "080000", name: "CUSCO" },
  { code: "090000", name: "HUANCAVELICA" },
  { code: "100000", name: "HUANUCO" },
  { code: "110000", name: "ICA" },
  { code: "120000", name: "JUNIN" },
  { code: "130000", name: "LA LIBERTAD" },
  { code: "140000", name: "LAMBAYEQUE" },
  { code: "150000", name: "LIMA" },
  { code: "160000", name: "LORETO" },
  { code: "170000", name: "MADRE DE DIOS" },
  { code: "180000", name: "MOQUEGUA" },
  { code: "190000", name: "PASCO" },
  { code: "200000", name: "PIURA" },
  { code: "210000", name: "PUNO" },
  { code: "220000", name: "SAN MARTIN" },
  { code: "230000", name: "TACNA" },
  { code: "240000", name: "TUMBES" },
  { code: "250000", name: "UCAYALI" },
];

/** Accepts a department, province or district ubigeo (2, 4 or 6 digits). */
export const UBIGEO_PATTERN = /^\d{2}(\d{2}(\d{2})?)?$/;

/** Department name of a ubigeo code, or null when the department is unknown. */
export function departmentOf(code: string): string | null {
  if (!UBIGEO_PATTERN.test(code)) return null;
  const prefix = code.slice(0, 2);
  return DEPARTAMENTOS.find((d) => d.code.startsWith(prefix))?.name ?? null;
}
