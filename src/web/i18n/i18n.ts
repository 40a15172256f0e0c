import i18next, { type TFunction } from "i18next";
import { en } from "./en.ts";
import { es } from "./es.ts";

/**
 * The one i18next instance of the web app (ADR 0015), without React: the pure helpers and their
 * tests use it too. Languages are named by their locale (es-PE, en-GB), so `{{n, number}}` and
 * the plural forms follow the same Intl rules as the dates and figures of format.ts.
 */

export type Language = "es" | "en";
export const LOCALES: Record<Language, string> = { es: es.locale, en: en.locale };

export type { TFunction };

export const i18n = i18next.createInstance();
void i18n.init({
  resources: { [es.locale]: { translation: es }, [en.locale]: { translation: en } },
  lng: es.locale,
  fallbackLng: es.locale,
  // Resources are bundled: ready before the first render, no loading state.
  initAsync: false,
  // React escapes what it renders; escaping here too would show "&amp;".
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** The catalogue's texts in one language, e.g. for a test or a function outside React. */
export const fixedT = (language: Language): TFunction =>
  // The checked overloads of getFixedT are too deep for the compiler with a catalogue this size.
  (i18n.getFixedT as (lng: string) => TFunction)(LOCALES[language]);
