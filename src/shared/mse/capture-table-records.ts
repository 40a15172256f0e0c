import { type CaptureTable, MseInputError } from "./mse-estimate.ts";

/**
 * An overlap table from CSV records (header first): one 0/1 column per list, then `count`, one
 * row per combination of lists, the format SparseMSE and modslavmse use and the TIP report's
 * overlap table gives. Refusals name the row (1 = first after the header) and the column.
 */
export function captureTableFromRecords(records: readonly (readonly string[])[]): CaptureTable {
  const [header, ...rows] = records;
  if (!header || header.length < 3) {
    throw new MseInputError(
      "La tabla de solapamientos necesita una columna 0/1 por lista (al menos dos) y la columna count.",
    );
  }
  const names = header.map((h) => h.trim());
  if (names.at(-1)?.toLowerCase() !== "count") {
    throw new MseInputError(`La última columna debe llamarse «count» (es «${names.at(-1)}»).`);
  }
  const lists = names.slice(0, -1);
  const seen = new Set<string>();
  for (const [i, name] of lists.entries()) {
    if (!/^[\p{L}\p{N}_ .-]{1,40}$/u.test(name)) {
      throw new MseInputError(
        `Cabecera, columna ${i + 1}: el nombre de lista «${name}» no es válido.`,
      );
    }
    if (seen.has(name))
      throw new MseInputError(`Cabecera, columna ${i + 1}: la lista «${name}» está repetida.`);
    seen.add(name);
  }
  const histories = rows.map((row, r) => {
    if (row.length !== names.length) {
      throw new MseInputError(
        `Fila ${r + 1}: tiene ${row.length} campos y la cabecera ${names.length}.`,
      );
    }
    const on = lists.map((name, c) => {
      const v = (row[c] ?? "").trim();
      if (v !== "0" && v !== "1") {
        throw new MseInputError(
          `Fila ${r + 1}, columna ${c + 1} «${name}»: debe ser 0 o 1 (es «${v}»).`,
        );
      }
      return v === "1";
    });
    const raw = (row[lists.length] ?? "").trim();
    if (!/^\d{1,9}$/.test(raw)) {
      throw new MseInputError(
        `Fila ${r + 1}, columna ${names.length} «count»: debe ser un entero entre 0 y 999999999 (es «${raw}»).`,
      );
    }
    return { on, count: Number(raw) };
  });
  return { lists, histories };
}
