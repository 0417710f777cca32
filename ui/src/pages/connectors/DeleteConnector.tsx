import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Spinner,
  Text,
  tokens,
} from "@fluentui/react-components";
import { useState } from "react";
import type { InstanceSummary } from "../../bindings/InstanceSummary";
import type { IpcError } from "../../bindings/IpcError";
import type { Removed } from "../../bindings/Removed";
import { call, sentence } from "../../ipc";
import { useCommand } from "../../useCommand";

const useStyles = makeStyles({
  content: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
});

/** Confirms a delete: what happens to the grant, the secrets, assessments and evidence. */
export function DeleteConnector(props: { instance: InstanceSummary; close: (removed: Removed | null) => void }) {
  const styles = useStyles();
  const i = props.instance;
  const [impact] = useCommand("connector_removal", { instance: i.uid });
  const [purge, setPurge] = useState(false);
  const [state, setState] = useState<{ busy: boolean; error: IpcError | null }>({ busy: false, error: null });
  const remove = () => {
    setState({ busy: true, error: null });
    call("delete_connector", { instance: i.uid, purge }).then(
      (removed) => props.close(removed),
      (error: IpcError) => setState({ busy: false, error }),
    );
  };
  const assessments = impact.state === "ready" ? impact.data.assessments : [];
  const snapshots = impact.state === "ready" ? impact.data.snapshots : 0;
  return (
    <Dialog open onOpenChange={(_, data) => !data.open && props.close(null)}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Delete {i.name}?</DialogTitle>
          <DialogContent className={styles.content}>
            <Text>
              Compliance Desk asks {i.connector} to revoke its access and deletes this connector's tokens and secrets
              from your keyring. This cannot be undone; to connect the account again, add the connector again.
            </Text>
            <Text>
              {assessments.length === 0
                ? "No assessment uses it."
                : `Its automatic test results leave ${assessments.length === 1 ? "the assessment" : "the assessments"} ${assessments.join(", ")}; their scores are recalculated without it.`}
            </Text>
            <Field label={`Collected evidence (${snapshots} ${snapshots === 1 ? "snapshot" : "snapshots"})`}>
              <RadioGroup value={purge ? "purge" : "keep"} onChange={(_, data) => setPurge(data.value === "purge")}>
                <Radio value="keep" label="Keep it, for auditors (recommended)" />
                <Radio value="purge" label="Delete it too" />
              </RadioGroup>
            </Field>
            {state.error && (
              <MessageBar intent="error" layout="multiline">
                <MessageBarBody>{sentence(state.error)}</MessageBarBody>
              </MessageBar>
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={state.busy || impact.state !== "ready"} onClick={remove}>
              {state.busy ? <Spinner size="tiny" label="Deleting" /> : "Delete"}
            </Button>
            <Button onClick={() => props.close(null)}>Cancel</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
