import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  Menu,
  MenuDivider,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
} from "@fluentui/react-components";
import { ArrowDownload20Regular } from "@fluentui/react-icons";
import { useState } from "react";
import type { ExportFormat } from "../../bindings/ExportFormat";
import type { ExportedFile } from "../../bindings/ExportedFile";
import type { IpcError } from "../../bindings/IpcError";
import { call } from "../../ipc";
import { noticeStyle } from "./noticeStyle";
import { chooseSavePath } from "../../saveDialog";

const formats: { format: ExportFormat; label: string; what: string; extension: string; filter: string }[] = [
  { format: "pdf", label: "PDF report", what: "the PDF report", extension: "pdf", filter: "PDF/A document" },
  { format: "xlsx", label: "Excel workbook", what: "the workbook", extension: "xlsx", filter: "Excel workbook" },
  { format: "oscal", label: "OSCAL assessment results", what: "the OSCAL assessment results", extension: "json", filter: "OSCAL JSON" },
  { format: "bundle", label: "Evidence bundle (.zip)", what: "the evidence bundle", extension: "zip", filter: "Zip archive" },
];

type Notice = { intent: "success"; done: ExportedFile } | { intent: "error"; text: string };

/** Exports for auditors: the native save dialog, progress while the file is made,
 * and a notice with the file's SHA-256 when it is saved. */
export function ExportMenu(props: { assessment: string; name: string }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [organisation, setOrganisation] = useState<string | null>(null);

  const exportAs = async (f: (typeof formats)[number]) => {
    const path = await chooseSavePath(`Export ${f.what}`, `${props.name}.${f.extension}`, [{ name: f.filter, extensions: [f.extension] }]);
    if (!path) return;
    setBusy(`Exporting ${f.what}…`);
    setNotice(null);
    await call("export_report", { assessment: props.assessment, format: f.format, path }).then(
      (done) => setNotice({ intent: "success", done }),
      (e: IpcError) => setNotice({ intent: "error", text: e.message }),
    );
    setBusy(null);
  };

  const editOrganisation = async () => setOrganisation(await call("organisation", {}).catch(() => ""));
  const saveOrganisation = async () => {
    await call("set_organisation", { name: organisation ?? "" }).then(
      () => setOrganisation(null),
      (e: IpcError) => setNotice({ intent: "error", text: e.message }),
    );
  };

  return (
    <>
      <Menu>
        <MenuTrigger disableButtonEnhancement>
          <Button icon={<ArrowDownload20Regular />} disabled={busy !== null}>
            Export
          </Button>
        </MenuTrigger>
        <MenuPopover>
          <MenuList>
            {formats.map((f) => (
              <MenuItem key={f.format} onClick={() => void exportAs(f)}>
                {f.label}
              </MenuItem>
            ))}
            <MenuDivider />
            <MenuItem onClick={() => void editOrganisation()}>Organisation on reports…</MenuItem>
          </MenuList>
        </MenuPopover>
      </Menu>
      {busy && <Spinner size="tiny" label={busy} aria-live="polite" />}
      {notice && (
        <MessageBar intent={notice.intent} layout="multiline" aria-live="polite" style={noticeStyle}>
          <MessageBarBody>
            {notice.intent === "success" ? (
              <>
                <MessageBarTitle>Saved {notice.done.kind}</MessageBarTitle>
                {notice.done.path}: {notice.done.summary} SHA-256 <code style={{ wordBreak: "break-all" }}>{notice.done.sha256}</code>
              </>
            ) : (
              notice.text
            )}
          </MessageBarBody>
        </MessageBar>
      )}
      <Dialog open={organisation !== null} onOpenChange={(_, d) => !d.open && setOrganisation(null)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>Organisation on reports</DialogTitle>
            <DialogContent>
              <Field label="Organisation" hint="Named on the cover of the PDF report, in the OSCAL results and in the bundle's manifest.">
                <Input value={organisation ?? ""} onChange={(_, d) => setOrganisation(d.value)} maxLength={200} />
              </Field>
            </DialogContent>
            <DialogActions>
              <Button onClick={() => setOrganisation(null)}>Cancel</Button>
              <Button appearance="primary" onClick={() => void saveOrganisation()}>
                Save
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </>
  );
}
