import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from "react";
import { setApiLanguage } from "../api-client.ts";
import { en } from "./en.ts";
import { es, type Messages } from "./es.ts";

export type Language = "es" | "en";
const CATALOGUES: Record<Language, Messages> = { es, en };
const STORAGE_KEY = "vigia.lang";

interface I18n {
  t: Messages;
  language: Language;
  setLanguage(language: Language): void;
}

const I18nContext = createContext<I18n>({ t: es, language: "es", setLanguage: () => {} });

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
