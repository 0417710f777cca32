import { useCallback } from "react";
import { useCommand } from "./useCommand";

/** The connector's display name for a service code ("zoom" -> "Zoom"). */
export function useServiceNames(): (service: string | null) => string {
  const [catalog] = useCommand("list_connectors", {});
  return useCallback(
    (service: string | null) => {
      if (service === null) return "—";
      return (catalog.state === "ready" ? catalog.data.find((c) => c.id === service)?.name : undefined) ?? service;
    },
    [catalog],
  );
}
