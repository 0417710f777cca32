import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Text,
  tokens,
} from "@fluentui/react-components";
import { useState } from "react";
import type { InstanceSummary } from "../../bindings/InstanceSummary";
import type { IpcError } from "../../bindings/IpcError";
import { Loading } from "../../components/Loading";
import { call, sentence } from "../../ipc";
import { usePageNavigate } from "../../navigation";
import { useCommand, useRefreshAll } from "../../useCommand";

const useStyles = makeStyles({
  list: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
});

/** "Use in assessments…": add an activated instance to existing assessments whose
 * template covers its service; its results appear there at once. */
export function UseInAssessments(props: { instance: InstanceSummary; close: () => void }) {
  const styles = useStyles();
  const navigate = usePageNavigate();
  const refreshAll = useRefreshAll();
  const [assessments] = useCommand("list_assessments", {});
  const [templates] = useCommand("list_templates", {});
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<IpcError | null>(null);
  const i = props.instance;
  // An assessment on an older template version is not in the list of current ones:
  // offer it, and let the Rust side say if its template does not cover the service.
  const covers = (templateUid: string) =>
    templates.state !== "ready" || (templates.data.find((t) => t.uid === templateUid)?.supported_services.includes(i.service) ?? true);

  const save = async () => {
    try {
      for (const assessment of chosen) {
        await call("edit_assessment", {
          assessment,
          edit: { name: null, group: null, add_instances: [i.uid], remove_instances: [] },
        });
      }
      refreshAll();
      props.close();
    } catch (e) {
      setError(e as IpcError);
    }
  };

  return (
    <Dialog open onOpenChange={(_, data) => !data.open && props.close()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Use {i.name} in assessments</DialogTitle>
          <DialogContent>
            <Loading loaded={assessments} what="assessments">
              {(list) => {
                const open = list.filter((a) => covers(a.template_uid) && !a.instances.includes(i.name));
                const using = list.filter((a) => a.instances.includes(i.name));
                return (
                  <div className={styles.list}>
                    {using.length > 0 && <Text>Already used by {using.map((a) => a.name).join(", ")}.</Text>}
                    {open.length === 0 ? (
                      <Text>No other assessment's template covers {i.connector}. Create one that does.</Text>
                    ) : (
                      open.map((a) => (
                        <Checkbox
                          key={a.uid}
                          label={`${a.name} (${a.template})`}
                          checked={chosen.includes(a.uid)}
                          onChange={(_, d) => setChosen(d.checked === true ? [...chosen, a.uid] : chosen.filter((c) => c !== a.uid))}
                        />
                      ))
                    )}
                  </div>
                );
              }}
            </Loading>
            {error && (
              <MessageBar intent="error">
                <MessageBarBody>{sentence(error)}</MessageBarBody>
              </MessageBar>
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={chosen.length === 0} onClick={() => void save()}>
              Add to {chosen.length || ""} assessment{chosen.length === 1 ? "" : "s"}
            </Button>
            <Button onClick={() => navigate("new-assessment")}>Create assessment</Button>
            <Button onClick={props.close}>Cancel</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
