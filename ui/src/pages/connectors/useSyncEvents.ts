import { useEffect, useRef, useState } from "react";
import type { SyncProgress } from "../../bindings/SyncProgress";
import type { SyncReport } from "../../bindings/SyncReport";
import { onEvent } from "../../ipc";

/** Syncs in progress by instance; `finished` is called when one ends. */
export function useSyncEvents(finished: (report: SyncReport) => void): Record<string, SyncProgress> {
  const [running, setRunning] = useState<Record<string, SyncProgress>>({});
  const onFinished = useRef(finished);
  useEffect(() => {
    onFinished.current = finished;
  }, [finished]);
  useEffect(() => {
    const stops = [
      onEvent("sync-progress", (p) => setRunning((r) => ({ ...r, [p.instance]: p }))),
      onEvent("sync-finished", (report) => {
        setRunning((r) => Object.fromEntries(Object.entries(r).filter(([uid]) => uid !== report.instance)));
        onFinished.current(report);
      }),
    ];
    return () => {
      for (const stop of stops) void stop.then((unlisten) => unlisten(), () => undefined);
    };
  }, []);
  return running;
}
