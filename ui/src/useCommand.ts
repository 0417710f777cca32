import { useCallback, useEffect, useState } from "react";
import type { IpcError } from "./bindings/IpcError";
import { call, type CommandName, type Commands } from "./ipc";

export type Loaded<T> =
  | { state: "loading" }
  | { state: "error"; error: IpcError }
  | { state: "ready"; data: T };

/** Calls a command when the component mounts; `reload` calls it again. */
export function useCommand<K extends CommandName>(
  command: K,
  args: Commands[K]["args"],
): [Loaded<Commands[K]["result"]>, () => void] {
  const [loaded, setLoaded] = useState<Loaded<Commands[K]["result"]>>({ state: "loading" });
  const [generation, setGeneration] = useState(0);
  const key = JSON.stringify(args);

  useEffect(() => {
    let current = true;
    call(command, JSON.parse(key) as Commands[K]["args"]).then(
      (data) => current && setLoaded({ state: "ready", data }),
      (error: IpcError) => current && setLoaded({ state: "error", error }),
    );
    return () => {
      current = false;
    };
  }, [command, key, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return [loaded, reload];
}
