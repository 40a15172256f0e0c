/**
 * The evaluation's shapes moved to src/shared/contracts/evaluation.contract.ts. This re-export
 * stays only while the data-entry routes still import the policy path from here.
 */
export { PolicyParamsSchema } from "./common.schema.ts";
