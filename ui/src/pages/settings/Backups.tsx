import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from "@fluentui/react-components";
import { ArrowCounterclockwise20Regular, Save20Regular } from "@fluentui/react-icons";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { BackupView } from "../../bindings/BackupView";
import type { IpcError } from "../../bindings/IpcError";
import { Loading } from "../../components/Loading";
import { call } from "../../ipc";
import { useCommand } from "../../useCommand";

const reasons: Record<string, string> = {
  daily: "Daily",
  manual: "Taken by hand",
  "before-restore": "Before a restore",
};

/** Why a backup was taken, in words. */
export function reasonLabel(reason: string): string {
  const upgrade = /^before-upgrade-to-v(\d+)$/.exec(reason);
  if (upgrade) return `Before upgrading to schema ${upgrade[1]}`;
  return reasons[reason] ?? reason;
}

export function size(bytes: number): string {
  return bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

export function when(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
}

type Outcome = { intent: "success" | "error"; text: string };

/** The backups, newest first, with "Back up now" and a confirmed "Restore". */
export function Backups() {
  const [backups, reload] = useCommand("list_backups", {});
  const client = useQueryClient();
  const [confirming, setConfirming] = useState<BackupView | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const run = async (work: () => Promise<string>) => {
    setBusy(true);
    try {
      setOutcome({ intent: "success", text: await work() });
    } catch (e) {
      setOutcome({ intent: "error", text: (e as IpcError).message });
    } finally {
      setBusy(false);
      reload();
    }
  };
  const backUp = () =>
    run(async () => {
      const taken = await call("take_backup", {});
      return `Backed up the workspace (${size(taken.bytes)}).`;
    });
  const restore = (backup: BackupView) => {
    setConfirming(null);
    return run(async () => {
      const restored = await call("restore_backup", { name: backup.name });
      // Every cached answer described the workspace before the restore.
      void client.resetQueries();
      return `Restored the workspace as it was on ${when(restored.restored.taken_at)}. The workspace as it was just before is kept as a backup: restore it to undo.`;
    });
  };

  return (
    <>
      <div>
        <Button appearance="primary" icon={<Save20Regular />} disabled={busy} onClick={() => void backUp()}>
          Back up now
        </Button>
      </div>
      {outcome && (
        <MessageBar intent={outcome.intent} role="status">
          <MessageBarBody>{outcome.text}</MessageBarBody>
        </MessageBar>
      )}
      <Loading loaded={backups} what="the backups">
        {(list) =>
          list.length === 0 ? (
            <Text>No backups yet.</Text>
          ) : (
            <Table aria-label="Backups" size="small">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Taken</TableHeaderCell>
                  <TableHeaderCell>Why</TableHeaderCell>
                  <TableHeaderCell>Size</TableHeaderCell>
                  <TableHeaderCell />
                </TableRow>
              </TableHeader>
              <TableBody>
                {list.map((b) => (
                  <TableRow key={b.name}>
                    <TableCell title={b.name}>{when(b.taken_at)}</TableCell>
                    <TableCell>{reasonLabel(b.reason)}</TableCell>
                    <TableCell>{size(b.bytes)}</TableCell>
                    <TableCell>
                      <Button
                        size="small"
                        icon={<ArrowCounterclockwise20Regular />}
                        disabled={busy}
                        onClick={() => setConfirming(b)}
                        aria-label={`Restore the backup of ${when(b.taken_at)}`}
                      >
                        Restore
                      </Button>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )
        }
      </Loading>
      <Dialog open={confirming !== null} onOpenChange={(_, d) => !d.open && setConfirming(null)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>Restore this backup?</DialogTitle>
            <DialogContent>
              {confirming &&
                `The whole workspace goes back to ${when(confirming.taken_at)}: work recorded since then is replaced. ` +
                  "The workspace as it is now is backed up first, so you can undo this."}
            </DialogContent>
            <DialogActions>
              <Button onClick={() => setConfirming(null)}>Cancel</Button>
              <Button appearance="primary" onClick={() => confirming && void restore(confirming)}>
                Restore
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </>
  );
}
