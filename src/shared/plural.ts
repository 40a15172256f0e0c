/**
 * Plural forms chosen by the language's own rules (Intl.PluralRules), for the generated documents
 * and shared texts: "1 indicador", "2 indicadores", never "1 indicadores". The web app's
 * catalogues use i18next's forms instead (`_one`/`_other`, same rules; ADR 0015).
 * Every language has `one` and `other`; `zero` is an explicit form for a count of 0 (Spanish
 * has no such category, but "ningún indicador" reads better than "0 indicadores"), and the
 * other CLDR categories (`two`, `few`, `many`) fall back to `other` when not given.
 */

export interface PluralForms {
  zero?: string;
  one: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}

const rules = new Map<string, Intl.PluralRules>();

function rulesFor(locale: string): Intl.PluralRules {
  let r = rules.get(locale);
  if (!r) {
    r = new Intl.PluralRules(locale);
    rules.set(locale, r);
  }
  return r;
}

/** The form of `forms` that `count` takes in `locale`. */
export function selectPlural(locale: string, forms: PluralForms, count: number): string {
  if (count === 0 && forms.zero !== undefined) return forms.zero;
  const category = rulesFor(locale).select(count) as keyof PluralForms;
  return forms[category] ?? forms.other;
}

/**
 * The chosen form with `{name}` filled from `vars`: numbers in the locale's digits, anything
 * else as given. `{count}` is the count itself. Unknown names stay visible.
 */
export function formatPlural(
  locale: string,
  forms: PluralForms,
  vars: { count: number } & Record<string, string | number>,
): string {
  return selectPlural(locale, forms, vars.count).replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined) return whole;
    return typeof value === "number" ? value.toLocaleString(locale) : value;
  });
}
