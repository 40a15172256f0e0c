import { liveQuery } from "dexie";
import { type DependencyList, useEffect, useState } from "react";

/** A value read from IndexedDB that follows every change to what it read (Dexie liveQuery). */
export function useLive<T>(read: () => Promise<T>, deps: DependencyList, initial: T): T {
  const [value, setValue] = useState<T>(initial);
  // The caller lists in `deps` what `read` uses.
  useEffect(() => {
    const subscription = liveQuery(read).subscribe({
      next: setValue,
      error: (err: unknown) => console.warn("offline store", err),
    });
    return () => subscription.unsubscribe();
    // biome-ignore lint/correctness/useExhaustiveDependencies: the caller lists what `read` uses
  }, deps);
  return value;
}
