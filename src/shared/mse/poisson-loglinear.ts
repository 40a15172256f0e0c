/**
 * Maximum likelihood fit of a Poisson log-linear model, log μ = Xβ, by iteratively reweighted
 * least squares: what R's `glm(family = poisson)` does, with the same start (μ = y + 0.1) and a
 * deviance-based stop, so estimates agree with the published R analyses to their printed digits.
 * Dense and small on purpose: an MSE design has at most 2^t − 1 rows and 1 + t + t(t−1)/2 columns.
 */

export interface PoissonFit {
  coefficients: number[];
  fitted: number[];
  /** (XᵀWX)⁻¹ at the optimum: the coefficients' covariance (Poisson dispersion is 1). */
  covariance: number[][];
  deviance: number;
  iterations: number;
}

export class PoissonFitError extends Error {}

/** Column rank of X by Gaussian elimination with partial pivoting on a copy. */
export function columnRank(x: readonly (readonly number[])[], tolerance = 1e-9): number {
  const rows = x.length;
  const cols = x[0]?.length ?? 0;
  const a = x.map((r) => [...r]);
  let rank = 0;
  for (let c = 0; c < cols && rank < rows; c++) {
    let pivot = rank;
    for (let r = rank + 1; r < rows; r++) {
      if (Math.abs(a[r]?.[c] ?? 0) > Math.abs(a[pivot]?.[c] ?? 0)) pivot = r;
    }
    const pivotValue = a[pivot]?.[c] ?? 0;
    if (Math.abs(pivotValue) <= tolerance) continue;
    [a[rank], a[pivot]] = [a[pivot] ?? [], a[rank] ?? []];
    const top = a[rank] ?? [];
    for (let r = rank + 1; r < rows; r++) {
      const row = a[r] ?? [];
      const f = (row[c] ?? 0) / pivotValue;
      if (f === 0) continue;
      for (let k = c; k < cols; k++) row[k] = (row[k] ?? 0) - f * (top[k] ?? 0);
    }
    rank++;
  }
  return rank;
}

/** Inverse of a symmetric positive definite matrix by Cholesky; throws when it is not. */
function invertSpd(m: number[][]): number[][] {
  const n = m.length;
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = m[i]?.[j] ?? 0;
      for (let k = 0; k < j; k++) s -= (l[i]?.[k] ?? 0) * (l[j]?.[k] ?? 0);
      if (i === j) {
        if (!(s > 1e-12)) {
          throw new PoissonFitError("La matriz de información no es definida positiva.");
        }
        (l[i] as number[])[i] = Math.sqrt(s);
      } else {
        (l[i] as number[])[j] = s / (l[j]?.[j] ?? 1);
      }
    }
  }
  // L⁻¹ (lower triangular), then (LLᵀ)⁻¹ = L⁻ᵀL⁻¹.
  const li = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    (li[i] as number[])[i] = 1 / (l[i]?.[i] ?? 1);
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= (l[i]?.[k] ?? 0) * (li[k]?.[j] ?? 0);
      (li[i] as number[])[j] = s / (l[i]?.[i] ?? 1);
    }
  }
  const inv = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < n; k++) s += (li[k]?.[i] ?? 0) * (li[k]?.[j] ?? 0);
      (inv[i] as number[])[j] = s;
      (inv[j] as number[])[i] = s;
    }
  }
  return inv;
}

function solveSpd(m: number[][], b: number[]): number[] {
  return invertSpd(m).map((row) => row.reduce((s, v, j) => s + v * (b[j] ?? 0), 0));
}

function poissonDeviance(y: readonly number[], mu: readonly number[]): number {
  let d = 0;
  for (let i = 0; i < y.length; i++) {
    const yi = y[i] ?? 0;
    const mi = mu[i] ?? 0;
    d += 2 * ((yi > 0 ? yi * Math.log(yi / mi) : 0) - (yi - mi));
  }
  return d;
}

export function fitPoissonLogLinear(
  x: readonly (readonly number[])[],
  y: readonly number[],
  options: { maxIterations?: number; epsilon?: number } = {},
): PoissonFit {
  const maxIterations = options.maxIterations ?? 50;
  const epsilon = options.epsilon ?? 1e-8;
  const n = y.length;
  const p = x[0]?.length ?? 0;
  if (n === 0 || p === 0) throw new PoissonFitError("El modelo no tiene filas o columnas.");
  let mu = y.map((v) => v + 0.1);
  let eta = mu.map(Math.log);
  let deviance = poissonDeviance(y, mu);
  let beta = new Array<number>(p).fill(0);
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const xtwx = Array.from({ length: p }, () => new Array<number>(p).fill(0));
    const xtwz = new Array<number>(p).fill(0);
    for (let i = 0; i < n; i++) {
      const w = mu[i] ?? 0;
      const z = (eta[i] ?? 0) + ((y[i] ?? 0) - w) / w;
      const row = x[i] ?? [];
      for (let a = 0; a < p; a++) {
        const xa = row[a] ?? 0;
        if (xa === 0) continue;
        xtwz[a] = (xtwz[a] ?? 0) + w * xa * z;
        const target = xtwx[a] as number[];
        for (let b = 0; b <= a; b++) target[b] = (target[b] ?? 0) + w * xa * (row[b] ?? 0);
      }
    }
    for (let a = 0; a < p; a++) {
      for (let b = a + 1; b < p; b++) (xtwx[a] as number[])[b] = xtwx[b]?.[a] ?? 0;
    }
    const previous = beta;
    beta = solveSpd(xtwx, xtwz);
    eta = x.map((row) => row.reduce((s, v, j) => s + v * (beta[j] ?? 0), 0));
    mu = eta.map(Math.exp);
    const next = poissonDeviance(y, mu);
    // glm's rule (relative deviance change < 1e-8), or coefficients that no longer move: with
    // millions of cases an exact fit leaves the deviance as rounding noise that never settles.
    const converged =
      Math.abs(next - deviance) / (Math.abs(next) + 0.1) < epsilon ||
      beta.every((b, j) => Math.abs(b - (previous[j] ?? 0)) < 1e-10 * (1 + Math.abs(b)));
    deviance = next;
    if (converged) {
      // The covariance belongs to the weights at the optimum, so take it once more there.
      const w = mu;
      const info = Array.from({ length: p }, (_, a) =>
        Array.from({ length: p }, (_, b) =>
          x.reduce((s, row, i) => s + (w[i] ?? 0) * (row[a] ?? 0) * (row[b] ?? 0), 0),
        ),
      );
      return {
        coefficients: beta,
        fitted: mu,
        covariance: invertSpd(info),
        deviance,
        iterations: iteration,
      };
    }
  }
  throw new PoissonFitError(`El ajuste no convergió en ${maxIterations} iteraciones.`);
}
