import {
  Button,
  DrawerBody,
  DrawerFooter,
  DrawerHeader,
  DrawerHeaderTitle,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  OverlayDrawer,
  Subtitle2,
  Text,
  tokens,
} from "@fluentui/react-components";
import { Dismiss24Regular } from "@fluentui/react-icons";
import { useRef, useState } from "react";
import type { ConnectorEntry } from "../../bindings/ConnectorEntry";
import type { InstanceSummary } from "../../bindings/InstanceSummary";
import type { IpcError } from "../../bindings/IpcError";
import { call, sentence } from "../../ipc";
import { attemptId, authFrom, authProblems, connectInput, type AuthValues } from "./auth";
import { AuthenticationForm } from "./AuthenticationForm";
import { Validation, type ValidationState } from "./Validation";

const useStyles = makeStyles({
  drawer: { width: "600px" },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, paddingBottom: tokens.spacingVerticalXL },
  row: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "end" },
  muted: { color: tokens.colorNeutralForeground2 },
});

/** Edit: rename, or sign in again (after "needs re-authentication" or new app credentials). */
export function EditConnector(props: { instance: InstanceSummary; connector: ConnectorEntry; close: (changed: boolean) => void }) {
  const styles = useStyles();
  const { instance: i, connector: c } = props;
  const [name, setName] = useState(i.name);
  const [renamed, setRenamed] = useState<{ error: IpcError | null; saved: boolean }>({ error: null, saved: false });
  const [auth, setAuth] = useState<AuthValues>(() => authFrom(c, i.auth_method, i.sign_in_fields));
  const [validation, setValidation] = useState<ValidationState>({ state: "idle" });
  const [saved, setSaved] = useState<IpcError | null | "done">(null);
  const [signingIn, setSigningIn] = useState(i.status === "needs_reauthentication");
  const attempt = useRef(attemptId());
  const changed = useRef(false);

  const rename = () =>
    call("rename_connector", { instance: i.uid, name }).then(
      () => {
        changed.current = true;
        setRenamed({ error: null, saved: true });
      },
      (error: IpcError) => setRenamed({ error, saved: false }),
    );

  const signIn = () => {
    setValidation({ state: "running", browser: auth.method === "oauth_pkce" });
    const input = connectInput(c, i.name, i.terms_version, auth);
    call("reauthenticate_connector", { attempt: attempt.current, instance: i.uid, input }).then(
      (message) => setValidation({ state: "succeeded", message }),
      (error: IpcError) => setValidation({ state: "failed", error }),
    );
  };

  const save = () =>
    call("finish_reauthentication", { attempt: attempt.current, instance: i.uid }).then(
      () => {
        changed.current = true;
        setSaved("done");
      },
      (error: IpcError) => setSaved(error),
    );

  const close = () => {
    void call("cancel_connector", { attempt: attempt.current }).catch(() => undefined);
    props.close(changed.current);
  };
  const incomplete = Object.keys(authProblems(c, auth)).length > 0;

  return (
    <OverlayDrawer position="end" className={styles.drawer} open onOpenChange={(_, data) => !data.open && close()}>
      <DrawerHeader>
        <DrawerHeaderTitle action={<Button appearance="subtle" aria-label="Close" icon={<Dismiss24Regular />} onClick={close} />}>
          Edit {i.name}
        </DrawerHeaderTitle>
      </DrawerHeader>
      <DrawerBody>
        <section className={styles.section} aria-labelledby="rename-title">
          <Subtitle2 as="h2" id="rename-title">
            Name
          </Subtitle2>
          <div className={styles.row}>
            <Field
              label="Connector name"
              validationMessage={renamed.error ? sentence(renamed.error) : renamed.saved ? "Saved." : undefined}
              validationState={renamed.error ? "error" : renamed.saved ? "success" : "none"}
              style={{ flexGrow: 1 }}
            >
              <Input
                value={name}
                onChange={(_, data) => {
                  setName(data.value);
                  setRenamed({ error: null, saved: false });
                }}
              />
            </Field>
            <Button disabled={name.trim() === "" || name.trim() === i.name} onClick={() => void rename()}>
              Rename
            </Button>
          </div>
        </section>
        <section className={styles.section} aria-labelledby="reauth-title">
          <Subtitle2 as="h2" id="reauth-title">
            Re-authenticate
          </Subtitle2>
          <Text className={styles.muted}>
            Sign in again when {c.name} no longer accepts this connector, or to use new app credentials. The old tokens
            are replaced only after the new sign-in passes validation.
          </Text>
          {!signingIn && (
            <Button style={{ alignSelf: "start" }} onClick={() => setSigningIn(true)}>
              Sign in again…
            </Button>
          )}
          {signingIn && (
            <AuthenticationForm
              connector={c}
              auth={auth}
              change={(next) => {
                setValidation({ state: "idle" });
                setAuth(next);
              }}
            />
          )}
          {signingIn && !incomplete && <Validation service={c.name} validation={validation} validate={signIn} cancel={() => void call("cancel_connector", { attempt: attempt.current })} />}
          {saved === "done" && (
            <MessageBar intent="success">
              <MessageBarBody>The new sign-in is saved; {i.name} is connected.</MessageBarBody>
            </MessageBar>
          )}
          {saved !== null && saved !== "done" && (
            <MessageBar intent="error">
              <MessageBarBody>{sentence(saved)}</MessageBarBody>
            </MessageBar>
          )}
        </section>
      </DrawerBody>
      <DrawerFooter>
        <Button appearance="primary" disabled={validation.state !== "succeeded" || saved === "done"} onClick={() => void save()}>
          Save new sign-in
        </Button>
        <Button onClick={close}>Close</Button>
      </DrawerFooter>
    </OverlayDrawer>
  );
}
