/** A one-shot message carried across a navigation ("Borrador guardado." after the first save). */
export interface Flash {
  kind: "success" | "error";
  text: string;
}

let pending: Flash | null = null;

export function setFlash(flash: Flash): void {
  pending = flash;
}

export function takeFlash(): Flash | null {
  const flash = pending;
  pending = null;
  return flash;
}
