import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
} from "@fluentui/react-components";
import { useState } from "react";
import type { BackupView } from "../bindings/BackupView";
import type { IpcError } from "../bindings/IpcError";
import { call } from "../ipc";

/** Why the database could not be opened; when it cannot be read, the newest good
 * backup to restore (the app starts again on it; the unreadable file is kept aside). */
export function StartupError(props: { message: string; dataDir: string; backup: BackupView | null }) {
  const [restoring, setRestoring] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const { backup } = props;
  const restore = (name: string) => {
    setRestoring(true);
    call("restore_unreadable_workspace", { name }).catch((e: IpcError) => {
      setFailed(e.message);
      setRestoring(false);
    });
  };
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>Compliance Desk cannot open its database.</MessageBarTitle>
        {props.message} Data folder: {props.dataDir}
        {failed && <div>The restore failed: {failed}</div>}
      </MessageBarBody>
      {backup && (
        <MessageBarActions>
          <Button appearance="primary" disabled={restoring} onClick={() => restore(backup.name)}>
            {restoring ? "Restoring…" : `Restore the backup of ${new Date(backup.taken_at).toLocaleString()}`}
          </Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}
