import { z } from "zod";
import { CatalogueSchema } from "../schemas/catalogue.schema.ts";

/** JSON Schema of the catalogue format, generated from the zod schema (docs/catalogue.schema.json). */
export function buildCatalogueJsonSchema(): string {
  const schema = z.toJSONSchema(CatalogueSchema, { target: "draft-2020-12" });
  return `${JSON.stringify({ ...schema, title: "Vigía catalogue", $id: "https://vigia.pe/schemas/catalogue-v1.json" }, null, 2)}\n`;
}
