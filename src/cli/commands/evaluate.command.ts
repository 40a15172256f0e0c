import { DomainError } from "../../server/errors.ts";
import { isDatabaseEmpty } from "../../server/features/catalogue/catalogue.service.ts";
import { evaluatePolicyYear } from "../../server/features/evaluation/evaluation.service.ts";
import { type CommandInput, requireYear, UsageError } from "../cli-support.ts";
import { formatEvaluationTable } from "../format-evaluation.ts";

/** `vigia evaluate --policy P --year Y [--format table|json] [--preview]`. */
export async function runEvaluate({ values, actor, out, io }: CommandInput): Promise<void> {
  if (!values.policy) throw new UsageError("Indique la política: --policy CÓDIGO");
  const year = requireYear(values.year);
  if (values.format !== "table" && values.format !== "json") {
    throw new UsageError("--format debe ser table o json");
  }
  const policyCode = values.policy;
  const evaluation = await io.withDatabase(async (db) => {
    // A database with no policy at all is a first run, not a wrong code: say how to load
    // one (`npm start` does it by itself; the CLI leaves that choice to the person).
    if (await isDatabaseEmpty(db)) {
      throw new DomainError(
        "not_found",
        "La base de datos no tiene ninguna política cargada. Cargue la PNTP con `npx vigia seed pntp` (o un catálogo con `npx vigia catalogue import ARCHIVO`) y vuelva a intentarlo.",
      );
    }
    return evaluatePolicyYear(db, actor, {
      policyCode,
      year,
      preview: values.preview ?? false,
    });
  });
  out(
    values.format === "json"
      ? `${JSON.stringify(evaluation, null, 2)}\n`
      : formatEvaluationTable(evaluation),
  );
}
