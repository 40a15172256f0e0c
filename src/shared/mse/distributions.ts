/**
 * The two distribution functions multiple systems estimation needs: the Poisson CDF (for the
 * stepwise p-values) and the normal quantile (for the interval on the log dark figure). Pure,
 * dependency-free and exact enough (relative error < 1e-9) for figures rounded to units.
 */

/** log Γ(x) for x > 0 (Lanczos, g = 7, n = 9; relative error about 1e-15). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const c = [
    0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531,
    -176.6150291621406, 12.507343278686905, -0.13857109526572012, 9.984369578019572e-6,
    1.5056327351493116e-7,
  ];
  const z = x - 1;
  let a = c[0] ?? 0;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (c[i] ?? 0) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * P(X ≤ k) for X ~ Poisson(λ). Summed in log space from the mode outwards would be faster; the
 * tables here have a few thousand cases, so a direct log-sum-exp over 0…k is fast and exact.
 */
export function poissonCdf(k: number, lambda: number): number {
  if (k < 0) return 0;
  if (lambda <= 0) return 1;
  const n = Math.floor(k);
  const logTerms: number[] = [];
  for (let i = 0; i <= n; i++) logTerms.push(i * Math.log(lambda) - lambda - logGamma(i + 1));
  const top = Math.max(...logTerms);
  let sum = 0;
  for (const t of logTerms) sum += Math.exp(t - top);
  return Math.min(1, Math.exp(top + Math.log(sum)));
}

/** P(X ≥ k) for X ~ Poisson(λ), computed directly so small upper tails are not lost to 1 − CDF. */
export function poissonUpperTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  const n = Math.ceil(k);
  // Terms past the mode fall geometrically; stop when they no longer change the sum.
  const logTerms: number[] = [];
  for (let i = n; ; i++) {
    const t = i * Math.log(lambda) - lambda - logGamma(i + 1);
    logTerms.push(t);
    if (i > lambda && t - (logTerms[0] ?? t) < -40) break;
    if (i > n + 100_000) break;
  }
  const top = Math.max(...logTerms);
  let sum = 0;
  for (const t of logTerms) sum += Math.exp(t - top);
  return Math.min(1, Math.exp(top + Math.log(sum)));
}

/**
 * The standard normal quantile, Wichura's AS 241 (PPND16), accurate to about 1e-16: the
 * interval's ends are exp() of it, so a coarse approximation would show in the units.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`La probabilidad debe estar entre 0 y 1 (${p}).`);
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((r * 2509.0809287301227 + 33430.57558358813) * r + 67265.7709270087) * r +
          45921.95393154987) *
          r +
          13731.69376550946) *
          r +
          1971.5909503065513) *
          r +
          133.14166789178438) *
          r +
          3.3871328727963665)) /
      (((((((r * 5226.495278852546 + 28729.085735721943) * r + 39307.89580009271) * r +
        21213.794301586597) *
        r +
        5394.196021424751) *
        r +
        687.1870074920579) *
        r +
        42.31333070160091) *
        r +
        1)
    );
  }
  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  let value: number;
  if (r <= 5) {
    r -= 1.6;
    value =
      (((((((r * 0.0007745450142783414 + 0.022723844989269184) * r + 0.2417807251774506) * r +
        1.2704582524523684) *
        r +
        3.6478483247632045) *
        r +
        5.769497221460691) *
        r +
        4.630337846156546) *
        r +
        1.4234371107496835) /
      (((((((r * 1.0507500716444169e-9 + 0.0005475938084995345) * r + 0.015198666563616457) * r +
        0.14810397642748008) *
        r +
        0.6897673349851) *
        r +
        1.6763848301838038) *
        r +
        2.053191626637759) *
        r +
        1);
  } else {
    r -= 5;
    value =
      (((((((r * 2.0103343992922881e-7 + 2.7115555687434876e-5) * r + 0.0012426609473880784) * r +
        0.026532189526576124) *
        r +
        0.29656057182850487) *
        r +
        1.7848265399172913) *
        r +
        5.463784911164114) *
        r +
        6.657904643501103) /
      (((((((r * 2.0442631033899397e-15 + 1.421511758316446e-7) * r + 1.8463183175100548e-5) * r +
        0.0007868691311456133) *
        r +
        0.014875361290850615) *
        r +
        0.1369298809227358) *
        r +
        0.599832206555888) *
        r +
        1);
  }
  return q < 0 ? -value : value;
}

/**
 * P(Z > z) for a standard normal Z, from the complementary error function (W. J. Cody's rational
 * approximations as in Numerical Recipes' erfcc; fractional error < 1.2e-7, ample for a p-value
 * compared with a threshold).
 */
export function normalUpperTail(z: number): number {
  const x = z / Math.SQRT2;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.5 * a);
  const r =
    t *
    Math.exp(
      -a * a -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  const erfc = x >= 0 ? r : 2 - r;
  return erfc / 2;
}
