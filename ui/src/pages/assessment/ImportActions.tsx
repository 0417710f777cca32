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
import { ArrowUpload20Regular } from "@fluentui/react-icons";
import { open } from "@tauri-apps/plugin-dialog";
import { useState } from "react";
import type { ActionImport } from "../../bindings/ActionImport";
import type { IpcError } from "../../bindings/IpcError";
import { call } from "../../ipc";
import { noticeStyle } from "./noticeStyle";
import { useRefreshAll } from "../../useCommand";

const xlsx = [{ name: "Excel workbook", extensions: ["xlsx"] }];

/** Bring back the actions edited in an exported workbook: a preview of exactly
 * what changes first, then everything at once. */
export function ImportActions(props: { assessment: string }) {
  const refreshAll = useRefreshAll();
  const [notice, setNotice] = useState<{ intent: "success" | "error"; text: string } | null>(null);
  const [preview, setPreview] = useState<{ path: string; report: ActionImport } | null>(null);
  const [busy, setBusy] = useState(false);
  const failed = (e: IpcError) => setNotice({ intent: "error", text: e.message });

  const importActions = async () => {
    const path = await open({ title: "Import actions", multiple: false, directory: false, filters: xlsx });
    if (typeof path !== "string") return;
    setBusy(true);
    await call("import_actions", { assessment: props.assessment, path, dryRun: true }).then((report) => setPreview({ path, report }), failed);
    setBusy(false);
  };

  const apply = async () => {
    if (!preview) return;
    setBusy(true);
    await call("import_actions", { assessment: props.assessment, path: preview.path, dryRun: false }).then((report) => {
      setNotice({ intent: report.applied ? "success" : "error", text: report.message });
      refreshAll();
    }, failed);
    setPreview(null);
    setBusy(false);
  };

  const report = preview?.report;
  return (
    <>
      <Button icon={<ArrowUpload20Regular />} onClick={() => void importActions()} disabled={busy}>
        Import actions…
      </Button>
      {notice && (
        <MessageBar intent={notice.intent} layout="multiline" aria-live="polite" style={noticeStyle}>
          <MessageBarBody>{notice.text}</MessageBarBody>
        </MessageBar>
      )}
      <Dialog open={report !== undefined} onOpenChange={(_, d) => !d.open && setPreview(null)}>
        <DialogSurface style={{ maxWidth: "960px" }}>
          <DialogBody>
            <DialogTitle>{report && report.problems.length > 0 ? "The file cannot be imported" : "What the import changes"}</DialogTitle>
            <DialogContent>
              <Text>{report?.message}</Text>
              {report && report.problems.length > 0 && (
                <Table aria-label="Problems" size="small">
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell>Row</TableHeaderCell>
                      <TableHeaderCell>Column</TableHeaderCell>
                      <TableHeaderCell>Problem</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {report.problems.map((p, i) => (
                      <TableRow key={i}>
                        <TableCell>{p.row}</TableCell>
                        <TableCell>{p.column ?? ""}</TableCell>
                        <TableCell>{p.message}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              )}
              {report && report.problems.length === 0 && report.changes.length > 0 && (
                <Table aria-label="Changes" size="small">
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell>Row</TableHeaderCell>
                      <TableHeaderCell>Action</TableHeaderCell>
                      <TableHeaderCell>Instance</TableHeaderCell>
                      <TableHeaderCell>Field</TableHeaderCell>
                      <TableHeaderCell>Before</TableHeaderCell>
                      <TableHeaderCell>After</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {report.changes.map((c, i) => (
                      <TableRow key={i}>
                        <TableCell>{c.row}</TableCell>
                        <TableCell>{c.action}</TableCell>
                        <TableCell>{c.instance ?? ""}</TableCell>
                        <TableCell>{c.field}</TableCell>
                        <TableCell>{c.before ?? "—"}</TableCell>
                        <TableCell>{c.after ?? "—"}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              )}
            </DialogContent>
            <DialogActions>
              <Button onClick={() => setPreview(null)}>{report && report.changes.length > 0 && report.problems.length === 0 ? "Cancel" : "Close"}</Button>
              {report && report.problems.length === 0 && report.changes.length > 0 && (
                <Button appearance="primary" onClick={() => void apply()} disabled={busy}>
                  Apply {report.changes.length} changes
                </Button>
              )}
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </>
  );
}
