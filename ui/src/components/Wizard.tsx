import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  Text,
  tokens,
} from "@fluentui/react-components";
import { useState } from "react";

const useStyles = makeStyles({
  footer: { display: "flex", justifyContent: "flex-end", gap: tokens.spacingHorizontalS, alignItems: "center" },
  reason: { color: tokens.colorNeutralForeground2, marginRight: "auto" },
  review: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, maxWidth: "820px", margin: 0 },
  row: { display: "grid", gridTemplateColumns: "200px 1fr", gap: tokens.spacingHorizontalL, alignItems: "center" },
  value: {
    margin: 0,
    display: "flex",
    justifyContent: "space-between",
    alignItems: "center",
    gap: tokens.spacingHorizontalM,
    minWidth: 0,
    overflowWrap: "anywhere",
  },
  term: { color: tokens.colorNeutralForeground2 },
});

/** A wizard's Back / Next (or the last step's primary command) / Cancel, with the
 * reason Next is disabled beside them, and a confirmation before discarding what was
 * entered. */
export function WizardFooter(props: {
  step: number;
  last: boolean;
  /** Why the step cannot go on; null when it can. */
  blocked: string | null;
  go: (step: number) => void;
  finish: { label: string; busy: boolean; run: () => void };
  /** Whether Cancel must ask first. */
  entered: boolean;
  discard: { title: string; body: string; leave: () => void };
}) {
  const styles = useStyles();
  const [confirming, setConfirming] = useState(false);
  return (
    <div className={styles.footer}>
      <Text className={styles.reason} aria-live="polite">
        {props.blocked ?? ""}
      </Text>
      <Button disabled={props.step === 0} onClick={() => props.go(props.step - 1)}>
        Back
      </Button>
      {props.last ? (
        <Button appearance="primary" disabled={props.finish.busy} onClick={props.finish.run}>
          {props.finish.label}
        </Button>
      ) : (
        <Button appearance="primary" disabled={props.blocked !== null} onClick={() => props.go(props.step + 1)}>
          Next
        </Button>
      )}
      <Button onClick={() => (props.entered ? setConfirming(true) : props.discard.leave())}>Cancel</Button>
      <Dialog open={confirming} onOpenChange={(_, data) => setConfirming(data.open)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>{props.discard.title}</DialogTitle>
            <DialogContent>{props.discard.body}</DialogContent>
            <DialogActions>
              <Button appearance="primary" onClick={props.discard.leave}>
                Discard
              </Button>
              <Button onClick={() => setConfirming(false)}>Keep editing</Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </div>
  );
}

/** The last step's summary: one row per answer, with an Edit link back to its step
 * (none when the step is negative). */
export function ReviewList(props: { rows: [term: string, value: string, step: number][]; edit: (step: number) => void }) {
  const styles = useStyles();
  return (
    <dl className={styles.review}>
      {props.rows.map(([term, value, step]) => (
        <div key={term} className={styles.row}>
          <dt className={styles.term}>{term}</dt>
          <dd className={styles.value}>
            <span>{value}</span>
            {step >= 0 && (
              <Button appearance="transparent" size="small" aria-label={`Edit ${term.toLowerCase()}`} onClick={() => props.edit(step)}>
                Edit
              </Button>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
