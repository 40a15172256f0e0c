import { importVeeduriaReference } from "../../server/features/veedurias/veeduria-reference.service.ts";
import { type CommandInput, UsageError } from "../cli-support.ts";

/** `vigia veedurias import-reference`: seed 000's semáforo counts (transcribed). */
export async function runVeedurias({ args, values, actor, out, io }: CommandInput): Promise<void> {
  const [sub] = args;
  if (sub !== "import-reference") {
    throw new UsageError("Uso: vigia veedurias import-reference [--file ARCHIVO.json]");
  }
  const r = await io.withDatabase((db) =>
    importVeeduriaReference(db, actor, values.file ? { file: values.file } : {}),
  );
  out(
    [
      `${r.label}.`,
      `  periodo ${r.period}: ${r.veedurias} veedurías, ${r.counts} conteos (${r.outcome})`,
      `  ${r.file}`,
      "",
    ].join("\n"),
  );
}
