import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Field,
  Input,
  makeStyles,
  Radio,
  RadioGroup,
  Text,
  tokens,
} from "@fluentui/react-components";
import type { AuthField } from "../../bindings/AuthField";
import type { ConnectorEntry } from "../../bindings/ConnectorEntry";
import { authProblems, callbackUrl, methodOf, type AuthValues, type LoginChoice } from "./auth";
import { CopyField } from "./CopyField";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, maxWidth: "560px" },
  muted: { color: tokens.colorNeutralForeground2 },
});

/** The sign-in method and its fields, from the connector's catalog entry. */
export function AuthenticationForm(props: {
  connector: ConnectorEntry;
  auth: AuthValues;
  change: (auth: AuthValues) => void;
}) {
  const styles = useStyles();
  const { connector, auth } = props;
  const method = methodOf(connector, auth.method);
  const problems = authProblems(connector, auth);
  const set = (id: string, value: string) => props.change({ ...auth, values: { ...auth.values, [id]: value } });
  const callback = callbackUrl(connector, auth);

  const input = (field: AuthField) => {
    if (field.id === "login_host") {
      return (
        <Field key={field.id} label={field.label} validationMessage={problems.login_host}>
          <RadioGroup
            value={auth.login}
            onChange={(_, data) => props.change({ ...auth, login: data.value as LoginChoice })}
          >
            <Radio value="production" label="Production or Developer Edition (login.salesforce.com)" />
            <Radio value="sandbox" label="Sandbox (test.salesforce.com)" />
            <Radio value="custom" label="My Domain URL" />
          </RadioGroup>
          {auth.login === "custom" && (
            <Input
              aria-label="My Domain URL"
              placeholder="https://acme.my.salesforce.com"
              value={auth.values.login_host ?? ""}
              onChange={(_, data) => set("login_host", data.value)}
            />
          )}
        </Field>
      );
    }
    return (
      <Field
        key={field.id}
        label={field.label}
        required={!field.advanced && field.default_value === null}
        validationMessage={problems[field.id]}
        hint={field.secret ? "Kept only in your operating system's keyring." : undefined}
      >
        <Input
          type={field.secret ? "password" : "text"}
          inputMode={field.id === "callback_port" ? "numeric" : undefined}
          value={auth.values[field.id] ?? ""}
          onChange={(_, data) => set(field.id, data.value)}
        />
      </Field>
    );
  };

  const basic = method.fields.filter((f) => !f.advanced);
  const advanced = method.fields.filter((f) => f.advanced);
  return (
    <div className={styles.root}>
      {connector.auth_methods.length > 1 && (
        <Field label="How do you want to sign in?">
          <RadioGroup value={auth.method} onChange={(_, data) => props.change({ ...auth, method: data.value })}>
            {connector.auth_methods.map((m) => (
              <Radio key={m.id} value={m.id} label={`${m.label}: ${m.description}`} />
            ))}
          </RadioGroup>
        </Field>
      )}
      {connector.auth_methods.length === 1 && <Text className={styles.muted}>{method.description}</Text>}
      {basic.map(input)}
      {callback && <CopyField label="Callback URL to register in the app" value={callback} />}
      {advanced.length > 0 && (
        <Accordion collapsible>
          <AccordionItem value="advanced">
            <AccordionHeader>Service addresses (Zoom for Government, testing)</AccordionHeader>
            <AccordionPanel>{advanced.map(input)}</AccordionPanel>
          </AccordionItem>
        </Accordion>
      )}
    </div>
  );
}
