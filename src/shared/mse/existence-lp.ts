import type { Highs } from "highs";
import type { ExistenceProgram } from "./mse-estimate.ts";

/**
 * Fienberg and Rinaldo's (2012) test for the existence of the maximum likelihood estimate of a
 * log-linear model, on a HiGHS instance the caller loaded: the estimate exists exactly when the
 * sufficient statistics b = A·n can be written as A·y with every y_k > 0, i.e. when
 * max t subject to A·y = b, y_k ≥ t, y ≥ 0 is positive. (SparseMSE's `checkident` solves the
 * same program with lpSolve.)
 */
export function existenceProgram(highs: Highs): ExistenceProgram {
  return (a, b) => {
    const params = a.length;
    const cells = a[0]?.length ?? 0;
    // Columns: y_1 … y_n, then t. Rows: the p equalities, then y_k − t ≥ 0.
    const starts = [0];
    const indices: number[] = [];
    const values: number[] = [];
    for (const row of a) {
      row.forEach((v, k) => {
        if (v !== 0) {
          indices.push(k);
          values.push(v);
        }
      });
      starts.push(indices.length);
    }
    for (let k = 0; k < cells; k++) {
      indices.push(k, cells);
      values.push(1, -1);
      starts.push(indices.length);
    }
    const model = highs.createModel({
      numCols: cells + 1,
      numRows: params + cells,
      sense: highs.constants.objectiveSense.maximize,
      colCost: [...new Array<number>(cells).fill(0), 1],
      colLower: new Array<number>(cells + 1).fill(0),
      colUpper: new Array<number>(cells + 1).fill(highs.infinity),
      rowLower: [...b, ...new Array<number>(cells).fill(0)],
      rowUpper: [...b, ...new Array<number>(cells).fill(highs.infinity)],
      matrix: {
        format: "csr",
        numRows: params + cells,
        numCols: cells + 1,
        starts,
        indices,
        values,
      },
    });
    try {
      model.options.set({ output_flag: false });
      model.run();
      if (model.getModelStatus() !== highs.constants.modelStatus.optimal) return 0;
      return model.getObjectiveValue();
    } finally {
      model.dispose();
    }
  };
}
