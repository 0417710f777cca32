import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ActionDetails } from "../../bindings/ActionDetails";
import type { IpcError } from "../../bindings/IpcError";
import { commandKey } from "../../useCommand";

/** Runs one change of an action; on success the details show the answer at once and
 * every other cached answer (assessment, lists, dashboard) is fetched again, so the
 * score, status and progress move together. */
export function useActionChange(assessment: string, action: string) {
  const client = useQueryClient();
  const mutation = useMutation<ActionDetails, IpcError, () => Promise<ActionDetails>>({
    mutationFn: (run) => run(),
    onSuccess: (details) => {
      client.setQueryData(commandKey("get_action_details", { assessment, action }), details);
      void client.invalidateQueries({
        predicate: (q) => q.queryKey[0] !== "get_action_details",
      });
      void client.invalidateQueries({ queryKey: commandKey("get_action_details", { assessment, action }), refetchType: "none" });
    },
  });
  return {
    run: (change: () => Promise<ActionDetails>) => mutation.mutateAsync(change).then(() => true, () => false),
    busy: mutation.isPending,
    error: mutation.error?.message ?? null,
    saved: mutation.isSuccess,
    reset: mutation.reset,
  };
}
