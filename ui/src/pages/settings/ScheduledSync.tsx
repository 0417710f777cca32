import { Button, MessageBar, MessageBarBody, Text } from "@fluentui/react-components";
import { CalendarClock20Regular, Delete20Regular } from "@fluentui/react-icons";
import { useState } from "react";
import type { IpcError } from "../../bindings/IpcError";
import type { ScheduleStatus } from "../../bindings/ScheduleStatus";
import { Loading } from "../../components/Loading";
import { call } from "../../ipc";
import { useCommand } from "../../useCommand";

function stateOf(s: ScheduleStatus): string {
  if (!s.installed) return `Not scheduled. Connectors sync while this window is open; a ${s.scheduler} can sync them every day at ${s.time} (local time) while it is closed.`;
  const enabled = s.active === false ? "installed but not enabled" : s.active ? "enabled" : "installed";
  return `Every day at ${s.time} (local time), by a ${s.scheduler}: ${enabled}.${s.next_run ? ` Next run: ${s.next_run}.` : ""}`;
}

/** The daily sync run by the OS scheduler while the window is closed. */
export function ScheduledSync() {
  const [status, reload] = useCommand("schedule_status", {});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const change = async (command: "schedule_install" | "schedule_remove") => {
    setBusy(true);
    setError(null);
    try {
      await call(command, {});
    } catch (e) {
      setError((e as IpcError).message);
    } finally {
      setBusy(false);
      reload();
    }
  };
  return (
    <Loading loaded={status} what="the sync schedule">
      {(s) => (
        <>
          <Text role="status">{stateOf(s)}</Text>
          {s.installed && !s.current && (
            <MessageBar intent="warning">
              <MessageBarBody>
                The scheduled sync runs another copy of the app or another workspace. Schedule it again to sync this one.
              </MessageBarBody>
            </MessageBar>
          )}
          <Text size={200}>
            Runs: <code>{s.command}</code>
          </Text>
          <div>
            {(!s.installed || !s.current) && (
              <Button appearance="primary" icon={<CalendarClock20Regular />} disabled={busy} onClick={() => void change("schedule_install")}>
                {s.installed ? "Schedule it for this workspace" : "Schedule a daily sync"}
              </Button>
            )}{" "}
            {s.installed && (
              <Button icon={<Delete20Regular />} disabled={busy} onClick={() => void change("schedule_remove")}>
                Remove the scheduled sync
              </Button>
            )}
          </div>
          {error && (
            <MessageBar intent="error">
              <MessageBarBody>{error}</MessageBarBody>
            </MessageBar>
          )}
        </>
      )}
    </Loading>
  );
}
