// Vite's `?url` imports: the file is emitted as a hashed asset and the import is its address.
declare module "*?url" {
  const url: string;
  export default url;
}

// Vite's build flags (only the ones the app reads).
interface ImportMetaEnv {
  readonly PROD: boolean;
}
interface ImportMeta {
  readonly env: ImportMetaEnv;
  /** Vite's glob import (the map's per-department boundary files, as `?url` addresses). */
  glob<T = unknown>(
    pattern: string,
    options: { query?: string; import?: string; eager: true },
  ): Record<string, T>;
}
