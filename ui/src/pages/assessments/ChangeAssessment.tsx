import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Text,
  tokens,
} from "@fluentui/react-components";
import { Delete20Regular, Edit20Regular } from "@fluentui/react-icons";
import { useState } from "react";
import type { AssessmentSummary } from "../../bindings/AssessmentSummary";
import type { IpcError } from "../../bindings/IpcError";
import type { TemplateUpdate } from "../../bindings/TemplateUpdate";
import { call, sentence } from "../../ipc";
import { useCommand } from "../../useCommand";
import { changeLines } from "./ImportTemplate";

const useStyles = makeStyles({
  commands: { display: "flex", gap: tokens.spacingHorizontalS, paddingBottom: tokens.spacingVerticalM },
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
  instances: { display: "flex", flexDirection: "column" },
});

function Failure(props: { error: IpcError | null }) {
  return props.error ? (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>{sentence(props.error)}</MessageBarBody>
    </MessageBar>
  ) : null;
}

/** Rename, move to another group, add or remove service instances. */
function EditAssessment(props: { assessment: AssessmentSummary; supported: string[]; close: (changed: boolean) => void }) {
  const styles = useStyles();
  const a = props.assessment;
  const [instances] = useCommand("list_activated_connectors", {});
  const [name, setName] = useState(a.name);
  const [group, setGroup] = useState(a.group);
  const [included, setIncluded] = useState<string[]>(a.instances);
  const [error, setError] = useState<IpcError | null>(null);
  const candidates = instances.state === "ready" ? instances.data.filter((i) => props.supported.includes(i.service)) : [];
  const save = () => {
    const add = candidates.filter((i) => included.includes(i.name) && !a.instances.includes(i.name)).map((i) => i.uid);
    const remove = candidates.filter((i) => !included.includes(i.name) && a.instances.includes(i.name)).map((i) => i.uid);
    call("edit_assessment", {
      assessment: a.uid,
      edit: {
        name: name.trim() === a.name ? null : name,
        group: group.trim() === a.group ? null : group,
        add_instances: add,
        remove_instances: remove,
      },
    }).then(() => props.close(true), setError);
  };
  return (
    <Dialog open onOpenChange={(_, data) => !data.open && props.close(false)}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Edit {a.name}</DialogTitle>
          <DialogContent className={styles.form}>
            <Field label="Name" required>
              <Input value={name} onChange={(_, d) => setName(d.value)} />
            </Field>
            <Field label="Group" required hint="An existing group or a new one.">
              <Input value={group} onChange={(_, d) => setGroup(d.value)} />
            </Field>
            <Field label="Service instances" hint="Results of an added instance appear at once; a removed one's results here are deleted.">
              <div className={styles.instances}>
                {candidates.length === 0 && <Text>No activated instance of this template's services.</Text>}
                {candidates.map((i) => (
                  <Checkbox
                    key={i.uid}
                    label={`${i.name} (${i.connector})`}
                    checked={included.includes(i.name)}
                    onChange={(_, d) => setIncluded(d.checked === true ? [...included, i.name] : included.filter((n) => n !== i.name))}
                  />
                ))}
              </div>
            </Field>
            <Failure error={error} />
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={save} disabled={name.trim() === "" || group.trim() === ""}>
              Save
            </Button>
            <Button onClick={() => props.close(false)}>Cancel</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

/** Deleting asks first and names what is lost. */
function DeleteAssessment(props: { assessment: AssessmentSummary; close: (deleted: boolean) => void }) {
  const [impact] = useCommand("assessment_deletion", { assessment: props.assessment.uid });
  const [error, setError] = useState<IpcError | null>(null);
  const results = impact.state === "ready" ? impact.data.results : null;
  const remove = () => call("delete_assessment", { assessment: props.assessment.uid }).then(() => props.close(true), setError);
  return (
    <Dialog open onOpenChange={(_, data) => !data.open && props.close(false)}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Delete {props.assessment.name}?</DialogTitle>
          <DialogContent>
            <Text>
              {results === null ? "Counting what would be lost…" : `Its ${results} test results are deleted, with every note and manual test status recorded on them. `}
              The template, the connectors and their snapshots stay, and so do other assessments.
            </Text>
            <Failure error={error} />
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={() => void remove()} disabled={results === null}>
              Delete assessment
            </Button>
            <Button onClick={() => props.close(false)}>Cancel</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

/** "Template update available": what the newer version changes, then apply it. */
function UpdateTemplate(props: { assessment: AssessmentSummary; changed: () => void }) {
  const styles = useStyles();
  const [preview, setPreview] = useState<TemplateUpdate | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const review = () => call("template_update", { assessment: props.assessment.uid, apply: false }).then(setPreview, setError);
  const apply = () =>
    call("template_update", { assessment: props.assessment.uid, apply: true }).then(() => {
      setPreview(null);
      props.changed();
    }, setError);
  return (
    <>
      <MessageBar intent="info" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>Template update available</MessageBarTitle>
          A newer version of {props.assessment.template} exists. Your manual work is kept when you apply it.
        </MessageBarBody>
        <MessageBarActions>
          <Button size="small" onClick={() => void review()}>
            Review update
          </Button>
        </MessageBarActions>
      </MessageBar>
      <Failure error={error} />
      <Dialog open={preview !== null} onOpenChange={(_, data) => !data.open && setPreview(null)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>Update {preview?.template}</DialogTitle>
            <DialogContent>
              <Text>
                From version {preview?.from_version} to {preview?.to_version}. New actions get their results from the latest
                sync at once; removed actions retire (their history is kept); manual work stays.
              </Text>
              <ul className={styles.list} aria-label="What changes">
                {(preview ? changeLines(preview.changes) : []).map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" onClick={() => void apply()}>
                Apply update
              </Button>
              <Button onClick={() => setPreview(null)}>Cancel</Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </>
  );
}

/** The commands of an open assessment: Edit, Delete, and a template update when one exists. */
export function ChangeAssessment(props: {
  assessment: AssessmentSummary;
  supported: string[];
  changed: () => void;
  deleted: () => void;
}) {
  const styles = useStyles();
  const [dialog, setDialog] = useState<"edit" | "delete" | null>(null);
  return (
    <>
      <div className={styles.commands} role="toolbar" aria-label="Assessment commands">
        <Button icon={<Edit20Regular />} onClick={() => setDialog("edit")}>
          Edit
        </Button>
        <Button icon={<Delete20Regular />} onClick={() => setDialog("delete")}>
          Delete
        </Button>
      </div>
      {props.assessment.update_available && <UpdateTemplate assessment={props.assessment} changed={props.changed} />}
      {dialog === "edit" && (
        <EditAssessment
          assessment={props.assessment}
          supported={props.supported}
          close={(changed) => {
            setDialog(null);
            if (changed) props.changed();
          }}
        />
      )}
      {dialog === "delete" && (
        <DeleteAssessment
          assessment={props.assessment}
          close={(deleted) => {
            setDialog(null);
            if (deleted) props.deleted();
          }}
        />
      )}
    </>
  );
}
