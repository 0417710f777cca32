import { Button, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Text, tokens } from "@fluentui/react-components";
import type { IpcError } from "../../bindings/IpcError";
import { sentence } from "../../ipc";

export type ValidationState =
  | { state: "idle" }
  | { state: "running"; browser: boolean }
  | { state: "succeeded"; message: string }
  | { state: "failed"; error: IpcError };

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, maxWidth: "640px", alignItems: "start" },
  waiting: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalM },
});

/** What to do about a failure, beyond the Rust side's sentence. */
function nextStep(error: IpcError): string {
  switch (error.code) {
    case "needs_reauthentication":
      return "Check the client id, secret and account id in the Authentication step, then validate again.";
    case "invalid_input":
      return "Correct it in the Authentication step, then validate again.";
    case "keyring":
      return "Unlock your keyring (on Linux, GNOME Keyring or KWallet), then validate again.";
    case "cancelled":
      return "Validate again when you are ready.";
    default:
      return "Check the settings in the Authentication step, then validate again.";
  }
}

/** "Validate connection": a real call, with a waiting state while the browser is out. */
export function Validation(props: {
  service: string;
  validation: ValidationState;
  validate: () => void;
  cancel: () => void;
}) {
  const styles = useStyles();
  const v = props.validation;
  return (
    <div className={styles.root}>
      <Text>
        Compliance Desk signs in to {props.service} and makes one real call with what you entered. Nothing is saved
        until you finish.
      </Text>
      <div aria-live="polite" className={styles.root}>
        {v.state === "running" && (
          <div className={styles.waiting}>
            <Spinner size="small" aria-hidden />
            <Text>
              {v.browser
                ? `Waiting for you to sign in to ${props.service} in your browser. Come back here when it says you can close it.`
                : `Validating the connection to ${props.service}…`}
            </Text>
          </div>
        )}
        {v.state === "succeeded" && (
          <MessageBar intent="success" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>Validation succeeded</MessageBarTitle>
              {v.message}.
            </MessageBarBody>
          </MessageBar>
        )}
        {v.state === "failed" && (
          <MessageBar intent={v.error.code === "cancelled" ? "info" : "error"} layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{v.error.code === "cancelled" ? "Sign-in cancelled" : "Validation failed"}</MessageBarTitle>
              {sentence(v.error)} {nextStep(v.error)}
            </MessageBarBody>
          </MessageBar>
        )}
      </div>
      {v.state === "running" ? (
        <Button onClick={props.cancel}>Cancel sign-in</Button>
      ) : (
        <Button appearance={v.state === "succeeded" ? "secondary" : "primary"} onClick={props.validate}>
          {v.state === "idle" ? "Validate connection" : "Validate again"}
        </Button>
      )}
    </div>
  );
}
