import { z } from "zod";
import { base64IntoWords } from "./bloom-encoding.ts";
import { type EncodedRecords, packSources } from "./link-encodings.ts";

/**
 * The file `vigia linkage encode` writes and an institution hands over: the schema's hash, the
 * source, and per record its pseudonymous id, its encoding and its keyed blocking keys. Nothing
 * else: no name, date, document or count of any plaintext field.
 */
export const ENCODINGS_FORMAT = "vigia-linkage-encodings/1";

export const EncodingsFileSchema = z
  .object({
    format: z.literal(ENCODINGS_FORMAT),
    schemaHash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
    source: z.string().regex(/^[A-Z0-9_-]{2,20}$/),
    bits: z.number().int().min(64),
    records: z.array(
      z
        .object({
          id: z.string().min(1).max(64),
          clk: z.string().min(1),
          blocks: z.array(z.string().regex(/^[A-Za-z0-9_-]{16}$/)),
        })
        .strict(),
    ),
  })
  .strict();
export type EncodingsFile = z.infer<typeof EncodingsFileSchema>;

/** Several sources' files, which must share one schema, packed for linking. */
export function decodeEncodingFiles(files: EncodingsFile[]): EncodedRecords {
  const [first] = files;
  if (!first) throw new Error("no encodings to link");
  for (const f of files) {
    if (f.schemaHash !== first.schemaHash || f.bits !== first.bits) {
      throw new Error(
        `La fuente ${f.source} se codificó con otro esquema (${f.schemaHash}) que ${first.source} (${first.schemaHash}): no se pueden comparar.`,
      );
    }
  }
  if (new Set(files.map((f) => f.source)).size !== files.length) {
    throw new Error("Cada fuente debe aparecer una sola vez.");
  }
  const width = first.bits / 32;
  return packSources(
    files.map((f) => ({
      source: f.source,
      ids: f.records.map((r) => r.id),
      blocks: f.records.map((r) => r.blocks),
      encodings: f.records.map((r, i) => {
        const words = new Uint32Array(width);
        if (!base64IntoWords(r.clk, words)) {
          throw new Error(
            `Fuente ${f.source}, registro ${i + 1} («${r.id}»): codificación no válida.`,
          );
        }
        return words;
      }),
    })),
  );
}
