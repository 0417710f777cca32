import {
  Checkbox,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Subtitle1,
  Text,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { useEffect, useRef, useState } from "react";
import type { Added } from "../../bindings/Added";
import type { ConnectorEntry } from "../../bindings/ConnectorEntry";
import type { IpcError } from "../../bindings/IpcError";
import { call, sentence } from "../../ipc";
import { attemptId, authProblems, connectInput, initialAuth, methodOf, type AuthValues } from "./auth";
import { AuthenticationForm } from "./AuthenticationForm";
import { StepList } from "../../components/StepList";
import { ReviewList, WizardFooter } from "../../components/Wizard";
import { Validation, type ValidationState } from "./Validation";

const STEPS = ["Terms of Service", "Connector name", "Authentication", "Validate connection", "Review and finish"];

const useStyles = makeStyles({
  root: { display: "grid", gridTemplateColumns: "220px 1fr", gap: tokens.spacingHorizontalXXL, minHeight: "520px" },
  content: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL, minWidth: 0 },
  body: { flexGrow: 1, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  terms: {
    maxHeight: "220px",
    overflowY: "auto",
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
    maxWidth: "720px",
  },
  term: { color: tokens.colorNeutralForeground2 },
  title: { ...typographyStyles.title2, margin: 0 },
});

/** Connector set-up: Terms -> Name -> Authentication -> Validate -> Review and finish. */
export function SetupWizard(props: { connector: ConnectorEntry; done: (added: Added) => void; cancel: () => void }) {
  const styles = useStyles();
  const c = props.connector;
  const [step, setStep] = useState(0);
  const [accepted, setAccepted] = useState(false);
  const [name, setName] = useState("");
  const [nameProblem, setNameProblem] = useState<string | null | undefined>(undefined);
  const [auth, setAuth] = useState<AuthValues>(() => initialAuth(c));
  const [validation, setValidation] = useState<ValidationState>({ state: "idle" });
  const [finishing, setFinishing] = useState<{ error: IpcError | null; busy: boolean }>({ error: null, busy: false });
  const attempt = useRef(attemptId());
  const heading = useRef<HTMLHeadingElement>(null);

  // The name is checked as it is typed (the Rust side knows the existing names).
  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      call("check_connector_name", { name }).then(
        (problem) => current && setNameProblem(problem),
        (error: IpcError) => current && setNameProblem(sentence(error)),
      );
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [name]);

  // Each step starts with its heading focused, so keyboard and screen-reader users follow.
  useEffect(() => heading.current?.focus(), [step]);

  const problems = authProblems(c, auth);
  const blocked: (string | null)[] = [
    accepted ? null : "Accept the Terms of Service to continue.",
    name.trim() === "" ? "Give the connector a name." : nameProblem === undefined ? "Checking the name…" : nameProblem,
    Object.keys(problems).length > 0 ? "Complete the fields marked above." : null,
    validation.state === "succeeded" ? null : "Validate the connection to continue.",
    null,
  ];

  const resetValidation = () => {
    if (validation.state !== "idle") {
      void call("cancel_connector", { attempt: attempt.current }).catch(() => undefined);
      attempt.current = attemptId();
      setValidation({ state: "idle" });
    }
  };

  const validate = () => {
    const input = connectInput(c, name, accepted ? c.terms.version : null, auth);
    setValidation({ state: "running", browser: auth.method === "oauth_pkce" });
    call("connect_connector", { attempt: attempt.current, input }).then(
      (message) => setValidation({ state: "succeeded", message }),
      (error: IpcError) => setValidation({ state: "failed", error }),
    );
  };

  const cancelSignIn = () => {
    void call("cancel_connector", { attempt: attempt.current }).catch(() => undefined);
  };

  const finish = () => {
    setFinishing({ error: null, busy: true });
    call("finish_connector", { attempt: attempt.current }).then(props.done, (error: IpcError) =>
      setFinishing({ error, busy: false }),
    );
  };

  const entered = accepted || name.trim() !== "" || validation.state !== "idle";
  const leave = () => {
    void call("cancel_connector", { attempt: attempt.current }).catch(() => undefined);
    props.cancel();
  };

  const method = methodOf(c, auth.method);
  const shown = (id: string) => {
    const field = method.fields.find((f) => f.id === id);
    const value = connectInput(c, name, null, auth);
    return field?.secret ? "•••••••• (kept in your OS keyring)" : (value.fields[id] ?? "");
  };
  const reviewRows: [string, string, number][] = [
    ["Connector", `${c.name} (${c.publisher})`, -1],
    ["Terms of Service", `Accepted, version ${c.terms.version}`, 0],
    ["Name", name.trim(), 1],
    ["Sign-in method", method.label, 2],
    ...method.fields.map((f): [string, string, number] => [f.label, shown(f.id), 2]),
    ["Validation", validation.state === "succeeded" ? validation.message : "", 3],
  ];

  return (
    <div className={styles.root}>
      <StepList steps={STEPS} current={step} label="Set-up steps" />
      <section className={styles.content} aria-labelledby="wizard-step-title">
        <div>
          <Text className={styles.term}>Add the {c.name} connector</Text>
          <h1 id="wizard-step-title" tabIndex={-1} ref={heading} className={styles.title}>
            {STEPS[step]}
          </h1>
        </div>
        <div className={styles.body}>
          {step === 0 && (
            <>
              <div className={styles.terms} tabIndex={0} role="document" aria-label={`${c.name} connector Terms of Service`}>
                <Text>{c.terms.text}</Text>
              </div>
              <Checkbox
                checked={accepted}
                onChange={(_, data) => setAccepted(data.checked === true)}
                label={`I accept the Terms of Service (version ${c.terms.version})`}
              />
            </>
          )}
          {step === 1 && (
            <Field
              label="Connector name"
              required
              hint={`A unique name for this ${c.name} account, such as "${c.name} Prod".`}
              validationMessage={name.trim() === "" ? undefined : (nameProblem ?? undefined)}
              validationState={nameProblem ? "error" : nameProblem === null && name.trim() !== "" ? "success" : "none"}
            >
              <Input
                value={name}
                onChange={(_, data) => {
                  setName(data.value);
                  setNameProblem(undefined);
                }}
                style={{ maxWidth: 480 }}
              />
            </Field>
          )}
          {step === 2 && (
            <AuthenticationForm
              connector={c}
              auth={auth}
              change={(next) => {
                resetValidation();
                setAuth(next);
              }}
            />
          )}
          {step === 3 && <Validation service={c.name} validation={validation} validate={validate} cancel={cancelSignIn} />}
          {step === 4 && (
            <>
              <Subtitle1 as="h2">Check everything, then finish</Subtitle1>
              <ReviewList rows={reviewRows} edit={setStep} />
              {finishing.error && (
                <MessageBar intent="error" layout="multiline">
                  <MessageBarBody>{sentence(finishing.error)} Validate the connection again, then finish.</MessageBarBody>
                </MessageBar>
              )}
            </>
          )}
        </div>
        <WizardFooter
          step={step}
          last={step === STEPS.length - 1}
          blocked={blocked[step] ?? null}
          go={setStep}
          finish={{ label: "Finish", busy: finishing.busy, run: finish }}
          entered={entered}
          discard={{
            title: "Discard this connector?",
            body: `Nothing you entered is saved, and if you already signed in, Compliance Desk gives the access back to ${c.name}.`,
            leave,
          }}
        />
      </section>
    </div>
  );
}
