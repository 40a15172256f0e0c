import { type Catalogue, CatalogueSchema } from "../schemas/catalogue.schema.ts";

/**
 * Canonical text of a catalogue: keys in schema order, two-space indentation, final newline.
 * Import followed by export must give back these exact bytes, so files written with this
 * function round-trip exactly.
 */
export function serializeCatalogue(catalogue: Catalogue): string {
  return `${JSON.stringify(CatalogueSchema.parse(catalogue), null, 2)}\n`;
}
