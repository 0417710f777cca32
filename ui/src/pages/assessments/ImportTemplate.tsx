import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Text,
  tokens,
} from "@fluentui/react-components";
import { ArrowImport20Regular } from "@fluentui/react-icons";
import { open } from "@tauri-apps/plugin-dialog";
import { useState } from "react";
import type { ImportReport } from "../../bindings/ImportReport";
import type { IpcError } from "../../bindings/IpcError";
import type { TemplateChanges } from "../../bindings/TemplateChanges";
import { call, sentence } from "../../ipc";

const useStyles = makeStyles({
  problems: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, maxHeight: "260px", overflowY: "auto" },
  location: { fontWeight: tokens.fontWeightSemibold },
  body: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
});

type State =
  | { at: "closed" }
  | { at: "checking"; path: string }
  | { at: "checked"; path: string; report: ImportReport }
  | { at: "importing"; path: string; report: ImportReport }
  | { at: "done"; report: ImportReport }
  | { at: "failed"; error: IpcError };

/** "Added 3 controls: A, B, C" lines, for a re-import's preview. */
export function changeLines(changes: TemplateChanges): string[] {
  const lines: [string, string[]][] = [
    ["Controls added", changes.controls_added],
    ["Controls removed", changes.controls_removed],
    ["Controls changed", changes.controls_changed],
    ["Actions added", changes.actions_added],
    ["Actions removed", changes.actions_removed],
    ["Actions changed", changes.actions_changed],
  ];
  return lines
    .filter(([, items]) => items.length > 0)
    .map(([what, items]) => `${what} (${items.length}): ${items.slice(0, 12).join(", ")}${items.length > 12 ? ", …" : ""}`);
}

/** Import template: a native open-file dialog, then a check of the whole file (its
 * problems listed with tab, row and column), then the import itself. */
export function ImportTemplate(props: { imported: () => void }) {
  const styles = useStyles();
  const [state, setState] = useState<State>({ at: "closed" });

  const pick = async () => {
    const path = await open({
      multiple: false,
      directory: false,
      title: "Import a template",
      filters: [{ name: "Template spreadsheet or OSCAL catalog", extensions: ["xlsx", "json"] }],
    });
    if (typeof path !== "string") return;
    setState({ at: "checking", path });
    call("import_template", { path, dryRun: true }).then(
      (report) => setState({ at: "checked", path, report }),
      (error: IpcError) => setState({ at: "failed", error }),
    );
  };

  const apply = (path: string, report: ImportReport) => {
    setState({ at: "importing", path, report });
    call("import_template", { path, dryRun: false }).then(
      (done) => {
        setState({ at: "done", report: done });
        if (done.applied) props.imported();
      },
      (error: IpcError) => setState({ at: "failed", error }),
    );
  };

  const close = () => setState({ at: "closed" });
  const report = "report" in state ? state.report : null;
  const refused = report !== null && report.problems.length > 0;
  const unchanged = report !== null && !refused && report.changes !== null && changeLines(report.changes).length === 0;

  return (
    <>
      <Button icon={<ArrowImport20Regular />} onClick={() => void pick()}>
        Import template…
      </Button>
      <Dialog open={state.at !== "closed"} onOpenChange={(_, data) => !data.open && close()}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>{refused ? "This file cannot be imported" : "Import a template"}</DialogTitle>
            <DialogContent className={styles.body}>
              {state.at === "checking" && <Text>Checking {state.path}…</Text>}
              {state.at === "failed" && (
                <MessageBar intent="error" layout="multiline">
                  <MessageBarBody>{sentence(state.error)}</MessageBarBody>
                </MessageBar>
              )}
              {report && refused && (
                <>
                  <Text>{report.message} Correct these and import it again:</Text>
                  <ul className={styles.problems} aria-label="Problems in the file">
                    {report.problems.map((p) => (
                      <li key={`${p.location}|${p.message}`}>
                        <span className={styles.location}>{p.location}</span>: {p.message}
                      </li>
                    ))}
                  </ul>
                </>
              )}
              {report && !refused && (
                <>
                  <Text>
                    <strong>{report.title}</strong>
                    {report.version ? `, version ${report.version}` : ""}
                    {report.counts
                      ? `: ${report.counts.families} families, ${report.counts.controls} controls, ${report.counts.actions} improvement actions.`
                      : ""}
                  </Text>
                  {report.replaces_version && !unchanged && (
                    <MessageBar intent="info" layout="multiline">
                      <MessageBarBody>
                        <MessageBarTitle>Replaces version {report.replaces_version}</MessageBarTitle>
                        Assessments on the older version are offered the update; nothing changes for them until they apply it.
                      </MessageBarBody>
                    </MessageBar>
                  )}
                  {report.changes && (
                    <ul className={styles.problems} aria-label="What changes">
                      {changeLines(report.changes).map((line) => (
                        <li key={line}>{line}</li>
                      ))}
                    </ul>
                  )}
                  {(state.at === "done" || unchanged) && <Text>{report.message}</Text>}
                </>
              )}
            </DialogContent>
            <DialogActions>
              {state.at === "checked" && !refused && !unchanged && (
                <Button appearance="primary" onClick={() => apply(state.path, state.report)}>
                  Import
                </Button>
              )}
              {state.at === "importing" && (
                <Button appearance="primary" disabled>
                  Importing…
                </Button>
              )}
              <Button onClick={close}>{state.at === "done" || refused || unchanged ? "Close" : "Cancel"}</Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </>
  );
}
