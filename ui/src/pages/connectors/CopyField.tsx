import { Button, Field, Input, makeStyles, tokens } from "@fluentui/react-components";
import { Checkmark16Regular, Copy16Regular } from "@fluentui/react-icons";
import { useState } from "react";

const useStyles = makeStyles({
  row: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "end" },
  input: { flexGrow: 1, fontFamily: tokens.fontFamilyMonospace },
});

/** A value the person must register on the service's side, exactly: read-only, copyable. */
export function CopyField(props: { label: string; value: string }) {
  const styles = useStyles();
  const [copied, setCopied] = useState(false);
  const copy = () => {
    void navigator.clipboard?.writeText(props.value).then(() => setCopied(true), () => setCopied(false));
  };
  return (
    <div className={styles.row}>
      <Field label={props.label} className={styles.input}>
        <Input readOnly value={props.value} />
      </Field>
      <Button
        icon={copied ? <Checkmark16Regular /> : <Copy16Regular />}
        aria-label={`Copy ${props.label.toLowerCase()}`}
        onClick={copy}
      >
        {copied ? "Copied" : "Copy"}
      </Button>
    </div>
  );
}
