import { dictionary } from "@zxcvbn-ts/language-common";

/**
 * The part of the password policy that needs a word list, so it runs on the server only (the
 * contract's `PasswordSchema` checks length, letters and digits, control characters and
 * variety in the browser too). NIST SP 800-63B §3.1.1.2 asks verifiers to refuse passwords
 * "obtained from previous breach corpuses" and "dictionary words", and context-specific words.
 *
 * The list is the 49,233 "passwords-common" of @zxcvbn-ts/language-common (MIT licence): the
 * most frequent passwords of Mark Burnett's 10-million-password release of leaked credentials
 * (xato.net, 2015), as shipped in that package. It is read once, lower-cased, into a Set.
 */

let common: ReadonlySet<string> | null = null;
function commonPasswords(): ReadonlySet<string> {
  common ??= new Set(dictionary["passwords-common"].map((p) => p.toLowerCase()));
  return common;
}

/** Words of this system and country that make a guessable password on their own. */
const CONTEXT_WORDS = new Set([
  "vigia",
  "vigía",
  "pntp",
  "peru",
  "perú",
  "lima",
  "mininter",
  "contrasena",
  "contraseña",
  "clave",
  "password",
  "trata",
  "admin",
  "administrador",
]);

/**
 * Why a password is refused as common or breached, or null. Besides the whole password, its
 * stem (the password without the digits and symbols at either end) is looked up: `qwerty123456`
 * and `Password2024!` are a listed word with the digits every such policy makes people add.
 */
export function commonPasswordProblem(password: string): string | null {
  const lower = password.toLowerCase();
  const stem = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, "");
  const list = commonPasswords();
  if (list.has(lower) || (stem.length >= 3 && (list.has(stem) || CONTEXT_WORDS.has(stem))))
    return "La contraseña es demasiado común (aparece en listas de contraseñas filtradas). Elija otra.";
  return null;
}
