/**
 * Figures by province for the province map: a figure given for the province (four digits, or
 * six ending in 00) is taken as it is; a province without one gets the sum of its districts'
 * figures, said so in the table. Never both: a province figure and its districts' figures
 * count the same people, and adding them would count them twice.
 */

export interface ProvinceFigure {
  ubigeo: string | null;
  value: number;
}

export interface ProvinceValue {
  /** INEI province code, four digits. */
  province: string;
  value: number;
  /** How many district figures were added up; 0 when the province has its own figure. */
  districts: number;
}

/** The province code of a province or district ubigeo, or null for a department or country. */
export function provinceCode(ubigeo: string | null): string | null {
  if (ubigeo === null || !/^\d{4}(\d{2})?$/.test(ubigeo)) return null;
  return ubigeo.slice(0, 4);
}

const isProvinceLevel = (ubigeo: string) => ubigeo.length === 4 || ubigeo.endsWith("00");

/** One group's figures (one concept, source and period) by province, in code order. */
export function provinceValues(figures: readonly ProvinceFigure[]): ProvinceValue[] {
  const own = new Map<string, number>();
  const summed = new Map<string, { value: number; districts: number }>();
  for (const f of figures) {
    const code = provinceCode(f.ubigeo);
    if (code === null || f.ubigeo === null) continue;
    if (isProvinceLevel(f.ubigeo)) own.set(code, (own.get(code) ?? 0) + f.value);
    else {
      const s = summed.get(code) ?? { value: 0, districts: 0 };
      summed.set(code, { value: s.value + f.value, districts: s.districts + 1 });
    }
  }
  const codes = [...new Set([...own.keys(), ...summed.keys()])].sort();
  return codes.map((province) => {
    const direct = own.get(province);
    if (direct !== undefined) return { province, value: direct, districts: 0 };
    const s = summed.get(province) ?? { value: 0, districts: 0 };
    return { province, value: s.value, districts: s.districts };
  });
}
