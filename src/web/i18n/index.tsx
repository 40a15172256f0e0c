import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from "react";
import { formatPlural, type PluralForms } from "../../shared/plural.ts";
import { setApiLanguage } from "../api-client.ts";
import { en } from "./en.ts";
import { es, type Messages } from "./es.ts";

export type { PluralForms };
/** Values of a plural text: `count` picks the form, every `{name}` is filled. */
export type PluralVars = { count: number } & Record<string, string | number>;

export type Language = "es" | "en";
const CATALOGUES: Record<Language, Messages> = { es, en };
const STORAGE_KEY = "vigia.lang";

interface I18n {
  t: Messages;
  /**
   * A text with a count, in the form the language's plural rules pick (Intl.PluralRules):
   * `tp(t.dashboard.alerts, { count: 1 })` → "⚠ 1 alerta de calidad". Catalogue entries
   * with counts are `{ one, other }` (and `zero`, `many`… where a language needs them).
   */
  tp(forms: PluralForms, vars: PluralVars): string;
  language: Language;
  setLanguage(language: Language): void;
}

const I18nContext = createContext<I18n>({
  t: es,
  tp: (forms, vars) => formatPlural(es.locale, forms, vars),
  language: "es",
  setLanguage: () => {},
});

function initialLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "es";
  } catch {
    return "es";
  }
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  // Set while rendering, before any child's effect sends its first request.
  setApiLanguage(language);
  const value = useMemo<I18n>(
    () => ({
      t: CATALOGUES[language],
      tp: (forms, vars) => formatPlural(CATALOGUES[language].locale, forms, vars),
      language,
      setLanguage(next) {
        setLanguageState(next);
        try {
          localStorage.setItem(STORAGE_KEY, next);
        } catch {
          // Private mode: the choice lasts for this page only.
        }
      },
    }),
    [language],
  );
  useEffect(() => {
    document.documentElement.lang = CATALOGUES[language].lang;
  }, [language]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}

/** The catalogue of the current language. */
export function useT(): Messages {
  return useContext(I18nContext).t;
}

/** The plural-aware formatter of the current language (see `I18n.tp`). */
export function useTp(): I18n["tp"] {
  return useContext(I18nContext).tp;
}
