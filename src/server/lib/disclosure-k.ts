import {
  type DisclosureKConfig,
  type DisclosureOutputCode,
  disclosureOutput,
  resolveDisclosureK,
} from "../../shared/disclosure/disclosure-outputs.ts";

/**
 * The k each output uses in this process. It is configuration, not a request's input: the
 * composition roots (server/main.ts, the CLI) install what `loadConfig` resolved, so a bad value
 * stops the start; code that runs without them (a test, a script) resolves the environment once,
 * with the same rules, the first time a k is asked for (and throws on the same bad values).
 */

let installed: DisclosureKConfig | null = null;

/** Installs the resolved k per output; `null` forgets it (tests). */
export function configureDisclosureK(config: DisclosureKConfig | null): void {
  installed = config;
}

/** The k and audience of an output, as configured. */
export function outputDisclosure(code: DisclosureOutputCode) {
  installed ??= resolveDisclosureK(process.env);
  const { audience } = disclosureOutput(code);
  return { code, audience, k: installed[code] };
}
