import {
  Button,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
  Tooltip,
} from "@fluentui/react-components";
import {
  ArrowSync16Regular,
  ClipboardTaskListLtr20Regular,
  Delete16Regular,
  Dismiss16Regular,
  Edit16Regular,
  PlugDisconnectedRegular,
} from "@fluentui/react-icons";
import { useState } from "react";
import type { ConnectorEntry } from "../../bindings/ConnectorEntry";
import type { InstanceSummary } from "../../bindings/InstanceSummary";
import type { IpcError } from "../../bindings/IpcError";
import type { Removed } from "../../bindings/Removed";
import type { SyncReport } from "../../bindings/SyncReport";
import { EmptyState } from "../../components/EmptyState";
import { localDateTime, withTimeZone } from "../../format";
import { call, sentence } from "../../ipc";
import { usePageNavigate } from "../../navigation";
import { ConnectionStatus } from "./ConnectionStatus";
import { DeleteConnector } from "./DeleteConnector";
import { EditConnector } from "./EditConnector";
import { UseInAssessments } from "./UseInAssessments";
import { useSyncEvents } from "./useSyncEvents";

const useStyles = makeStyles({
  // Columns size to their content: badges and buttons must never overlap a neighbour.
  table: { tableLayout: "auto" },
  actions: { display: "flex", gap: tokens.spacingHorizontalXS, whiteSpace: "nowrap" },
  muted: { color: tokens.colorNeutralForeground2 },
  notices: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, paddingBottom: tokens.spacingVerticalM },
  reason: { color: tokens.colorNeutralForeground2, display: "block" },
});

/** A message above the list; `unused` offers the next step for data no assessment uses. */
type Notice = { intent: "success" | "error" | "info"; title: string; body: string; unused?: boolean };

function syncSummary(r: SyncReport): string {
  const results =
    r.results === 0
      ? "No assessment uses it yet; its data is ready for one."
      : `${r.results} automatic test results were updated.`;
  const changes =
    r.changes.length === 0 ? "No setting changed since the last sync." : `${r.changes.length} settings changed since the last sync.`;
  return `${results} ${changes} (${r.requests} requests)`;
}

function when(iso: string | null): { text: string; title?: string } {
  return iso ? { text: localDateTime(iso), title: withTimeZone(iso) } : { text: "Never" };
}

/** One row per connected instance: status, syncs, and Sync now / Edit / Delete. */
export function Activated(props: {
  instances: InstanceSummary[];
  catalog: ConnectorEntry[];
  reload: () => void;
  showCatalog: () => void;
  notice: Notice | null;
}) {
  const styles = useStyles();
  const [editing, setEditing] = useState<InstanceSummary | null>(null);
  const [deleting, setDeleting] = useState<InstanceSummary | null>(null);
  const [using, setUsing] = useState<InstanceSummary | null>(null);
  const navigate = usePageNavigate();
  const [notice, setNotice] = useState<Notice | null>(props.notice);
  const { reload } = props;
  const editedConnector = editing ? props.catalog.find((c) => c.id === editing.service) : undefined;

  const running = useSyncEvents((finished) => {
    reload();
    setNotice(
      finished.succeeded
        ? { intent: "success", title: `${finished.name} synced`, body: syncSummary(finished), unused: finished.results === 0 }
        : finished.error_code === "cancelled"
          ? { intent: "info", title: `The sync of ${finished.name} was cancelled`, body: "Nothing was saved from it; the last good data is kept." }
          : { intent: "error", title: `${finished.name} could not sync`, body: `${sentence({ code: "connector", message: finished.error ?? "" })} The last good data is kept.` },
    );
  });

  const syncNow = (i: InstanceSummary) =>
    call("sync_connector", { instance: i.uid }).then(
      () => setNotice({ intent: "info", title: `Syncing ${i.name}`, body: "You can keep working; the status column shows the progress." }),
      (error: IpcError) => setNotice({ intent: "error", title: `${i.name} could not start syncing`, body: sentence(error) }),
    );

  const removed = (r: Removed | null) => {
    setDeleting(null);
    if (!r) return;
    reload();
    setNotice({
      intent: r.revoked ? "success" : "info",
      title: `${r.name} was deleted`,
      body: `${r.revoked ? "Its access was revoked and its" : `Its access could not be revoked (${r.revoke_error ?? "no answer"}); remove the app on the service's side. Its`} tokens were deleted from your keyring. ${r.snapshots_kept === 1 ? "Its snapshot is kept as evidence." : r.snapshots_kept > 1 ? `${r.snapshots_kept} snapshots are kept as evidence.` : ""}`,
    });
  };

  return (
    <>
      <div className={styles.notices} aria-live="polite">
        {notice && (
          <MessageBar intent={notice.intent} layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{notice.title}</MessageBarTitle>
              {notice.body}
            </MessageBarBody>
            {notice.unused && (
              <MessageBarActions>
                <Button size="small" onClick={() => navigate("new-assessment")}>
                  Create assessment
                </Button>
              </MessageBarActions>
            )}
          </MessageBar>
        )}
      </div>
      {props.instances.length === 0 ? (
        <EmptyState
          icon={<PlugDisconnectedRegular />}
          title="No connectors activated yet"
          body="An activated connector is one connected account of a service, such as your production Salesforce org. Its settings then test technical improvement actions automatically, every day."
          action={{ label: "Browse available connectors", onClick: props.showCatalog }}
        />
      ) : (
        <Table aria-label="My activated connectors" className={styles.table}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Connector</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
              <TableHeaderCell>Last successful sync</TableHeaderCell>
              <TableHeaderCell>Next sync</TableHeaderCell>
              <TableHeaderCell>Actions</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {props.instances.map((i) => {
              const last = when(i.last_successful_sync);
              const syncing = running[i.uid] !== undefined;
              return (
                <TableRow key={i.uid}>
                  <TableCell>
                    <Text weight="semibold">{i.name}</Text>
                  </TableCell>
                  <TableCell>{i.connector}</TableCell>
                  <TableCell>
                    <ConnectionStatus instance={i} progress={running[i.uid]} />
                    {!syncing && i.status !== "connected" && i.status_reason && (
                      <Text size={200} className={styles.reason}>
                        {sentence({ code: "connector", message: i.status_reason })}
                      </Text>
                    )}
                  </TableCell>
                  <TableCell title={last.title}>{last.text}</TableCell>
                  <TableCell title={withTimeZone(i.next_sync)}>
                    {i.status === "needs_reauthentication" ? "After you re-authenticate" : localDateTime(i.next_sync)}
                  </TableCell>
                  <TableCell>
                    <div className={styles.actions}>
                      {syncing ? (
                        <Button size="small" icon={<Dismiss16Regular />} onClick={() => void call("cancel_sync", { instance: i.uid })} aria-label={`Cancel sync: ${i.name}`}>
                          Cancel sync
                        </Button>
                      ) : (
                        <Button size="small" icon={<ArrowSync16Regular />} onClick={() => void syncNow(i)} aria-label={`Sync now: ${i.name}`}>
                          Sync now
                        </Button>
                      )}
                      {/* Icon only: the row must fit a 1024-pixel window; the tooltip names it. */}
                      <Tooltip content="Use in assessments…" relationship="description">
                        <Button
                          size="small"
                          icon={<ClipboardTaskListLtr20Regular />}
                          onClick={() => setUsing(i)}
                          aria-label={`Use in assessments: ${i.name}`}
                        />
                      </Tooltip>
                      <Button size="small" icon={<Edit16Regular />} onClick={() => setEditing(i)} aria-label={`Edit: ${i.name}`}>
                        Edit
                      </Button>
                      <Button size="small" icon={<Delete16Regular />} onClick={() => setDeleting(i)} aria-label={`Delete: ${i.name}`}>
                        Delete
                      </Button>
                    </div>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
      {editing && editedConnector && (
        <EditConnector
          instance={editing}
          connector={editedConnector}
          close={(changed) => {
            setEditing(null);
            if (changed) reload();
          }}
        />
      )}
      {deleting && <DeleteConnector instance={deleting} close={removed} />}
      {using && <UseInAssessments instance={using} close={() => setUsing(null)} />}
    </>
  );
}

export type { Notice };
