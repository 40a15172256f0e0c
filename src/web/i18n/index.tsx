import type { TFunction } from "i18next";
import { type ReactNode, useEffect, useMemo } from "react";
import { I18nextProvider, useTranslation } from "react-i18next";
import { setApiLanguage } from "../api-client.ts";
import { i18n, type Language, LOCALES } from "./i18n.ts";

export type { Language };

const STORAGE_KEY = "vigia.lang";

const languageOf = (locale: string): Language => (locale === LOCALES.en ? "en" : "es");

function storedLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "es";
  } catch {
    return "es";
  }
}

// The language chosen last time, before the first render and the first request. The resources
// are bundled, so the change takes effect at once.
const initial = storedLanguage();
setApiLanguage(initial);
if (initial !== "es") void i18n.changeLanguage(LOCALES[initial]);

interface I18n {
  /** `t("dashboard.title")`; with a count, the language's plural form: `t("budget.basis", { count })`. */
  t: TFunction;
  language: Language;
  /** The header's switch: texts, the server's Accept-Language and <html lang> follow. */
  setLanguage(language: Language): void;
}

export function I18nProvider({ children }: { children: ReactNode }) {
  useEffect(() => {
    const onChanged = () => {
      document.documentElement.lang = i18n.t("lang");
    };
    onChanged();
    i18n.on("languageChanged", onChanged);
    return () => i18n.off("languageChanged", onChanged);
  }, []);
  return <I18nextProvider i18n={i18n}>{children}</I18nextProvider>;
}

export function useI18n(): I18n {
  const { t, i18n: instance } = useTranslation();
  const language = languageOf(instance.language);
  return useMemo(
    () => ({
      t,
      language,
      setLanguage(next: Language) {
        try {
          localStorage.setItem(STORAGE_KEY, next);
        } catch {
          // Private mode: the choice lasts for this page only.
        }
        setApiLanguage(next);
        void instance.changeLanguage(LOCALES[next]);
      },
    }),
    [t, language, instance],
  );
}

/** The `t` of the current language. */
export function useT(): TFunction {
  return useTranslation().t;
}
