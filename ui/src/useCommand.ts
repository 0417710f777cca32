import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import type { IpcError } from "./bindings/IpcError";
import { call, type CommandName, type Commands } from "./ipc";

export type Loaded<T> =
  | { state: "loading" }
  | { state: "error"; error: IpcError }
  | { state: "ready"; data: T };

/** The cache key of a command's answer. */
export function commandKey<K extends CommandName>(command: K, args: Commands[K]["args"]) {
  return [command, args] as const;
}

/** A command's answer from the query cache (fetched when first needed, refreshed on
 * each mount); `reload` fetches it again. */
export function useCommand<K extends CommandName>(
  command: K,
  args: Commands[K]["args"],
): [Loaded<Commands[K]["result"]>, () => void] {
  const query = useQuery<Commands[K]["result"], IpcError>({
    queryKey: commandKey(command, args),
    queryFn: () => call(command, args),
  });
  const { refetch } = query;
  const reload = useCallback(() => void refetch(), [refetch]);
  const loaded: Loaded<Commands[K]["result"]> =
    query.status === "success"
      ? { state: "ready", data: query.data }
      : query.status === "error"
        ? { state: "error", error: query.error }
        : { state: "loading" };
  return [loaded, reload];
}

/** After a change on the Rust side: every cached answer is refetched when next shown. */
export function useRefreshAll(): () => void {
  const client = useQueryClient();
  return useCallback(() => void client.invalidateQueries(), [client]);
}
