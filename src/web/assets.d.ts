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
}
