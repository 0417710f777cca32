import { Button, MessageBar, MessageBarBody } from "@fluentui/react-components";
import { useFormStyles } from "./formStyles";

/** What went wrong with the last save, as a sentence, then the form's submit button. */
export function FormFooter(props: { error: string | null; label: string; disabled: boolean }) {
  const styles = useFormStyles();
  return (
    <>
      {props.error && (
        <MessageBar intent="error">
          <MessageBarBody>{props.error}</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.commands}>
        <Button appearance="primary" type="submit" disabled={props.disabled}>
          {props.label}
        </Button>
      </div>
    </>
  );
}
