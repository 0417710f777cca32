import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { onEvent } from "./ipc";

/** When the workspace changes underneath the window (a sync or an edit from the CLI,
 * the OS scheduler's daily sync), the pages on screen refetch; others on next show. */
export function useWorkspaceChanges(): void {
  const client = useQueryClient();
  useEffect(() => {
    const stop = onEvent("workspace-changed", () => void client.invalidateQueries());
    return () => void stop.then((unlisten) => unlisten(), () => undefined);
  }, [client]);
}
