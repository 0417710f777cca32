import { makeStyles, tokens } from "@fluentui/react-components";

export const useFormStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, maxWidth: "640px" },
  row: { display: "grid", gridTemplateColumns: "1fr 1fr", gap: tokens.spacingHorizontalL },
  commands: { display: "flex", gap: tokens.spacingHorizontalS },
});
