/**
 * Work to undo if the run is interrupted (Ctrl-C, SIGTERM): stop child servers, drop the scratch
 * database. The normal path undoes its own work in `finally` and unregisters it here.
 */
const pending = new Set<() => Promise<void>>();

export function onInterrupt(undo: () => Promise<void>): () => void {
  pending.add(undo);
  return () => pending.delete(undo);
}

export async function undoAll(): Promise<void> {
  const all = [...pending];
  pending.clear();
  await Promise.allSettled(all.map((undo) => undo()));
}
