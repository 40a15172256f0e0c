import "i18next";
import type { es } from "./es.ts";

// Texts as plain strings: the literal values of the `as const` catalogue would make every
// t() call compute its exact return text, too deep for the compiler at this size.
type Texts<T> = T extends string
  ? string
  : T extends readonly string[]
    ? readonly string[]
    : { [K in keyof T]: Texts<T[K]> };

// Keys and plural forms of t() are checked against the Spanish catalogue.
declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: { translation: Texts<typeof es> };
    returnNull: false;
  }
}
