import { Button, Field, Input, makeStyles, MessageBar, MessageBarBody, Subtitle2, Text, tokens } from "@fluentui/react-components";
import { useState } from "react";
import type { ThresholdView } from "../../bindings/ThresholdView";
import { call } from "../../ipc";
import { useActionChange } from "./useActionChange";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, maxWidth: "520px" },
  row: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "flex-end", flexWrap: "wrap" },
  muted: { color: tokens.colorNeutralForeground2 },
});

/** The organisation's own bound of the check behind the action (a time-out, a length,
 * a number of holders), for this assessment: the latest data is judged again on save. */
export function ThresholdSetting(props: { assessment: string; action: string; threshold: ThresholdView }) {
  const styles = useStyles();
  const t = props.threshold;
  const [text, setText] = useState(String(t.value));
  const change = useActionChange(props.assessment, props.action);
  const value = Number(text.trim());
  const valid = text.trim() !== "" && Number.isFinite(value);
  const save = (v: number | null) =>
    void change.run(() => call("set_check_threshold", { assessment: props.assessment, action: props.action, value: v }));
  return (
    <form
      className={styles.form}
      aria-label="Organisation's bound"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) save(value);
      }}
    >
      <Subtitle2 as="h2">Organisation's bound</Subtitle2>
      <Text className={styles.muted}>
        {t.custom ? `This assessment's own value; the benchmark's is ${t.default}.` : `The benchmark's value, ${t.default}, applies.`}
      </Text>
      <div className={styles.row}>
        <Field label={`${t.name.charAt(0).toUpperCase()}${t.name.slice(1)}`} validationMessage={valid ? undefined : "A number, please."}>
          <Input type="number" value={text} onChange={(_, d) => setText(d.value)} />
        </Field>
        <Button appearance="primary" type="submit" disabled={!valid || change.busy || value === t.value}>
          Save and judge again
        </Button>
        {t.custom && (
          <Button
            disabled={change.busy}
            onClick={() => {
              setText(String(t.default));
              save(null);
            }}
          >
            Use the benchmark's
          </Button>
        )}
      </div>
      {change.error && (
        <MessageBar intent="error">
          <MessageBarBody>{change.error}</MessageBarBody>
        </MessageBar>
      )}
    </form>
  );
}
