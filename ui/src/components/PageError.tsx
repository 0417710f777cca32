import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import type { ErrorComponentProps } from "@tanstack/react-router";

/** A page that failed to draw says so in words and offers to try again. */
export function PageError({ error, reset }: ErrorComponentProps) {
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>This page could not be shown.</MessageBarTitle>
        {error instanceof Error ? error.message : String(error)}
        {error instanceof Error && error.stack && (
          <details>
            <summary>Technical details</summary>
            <pre style={{ whiteSpace: "pre-wrap", fontSize: "11px" }}>{error.stack}</pre>
          </details>
        )}
      </MessageBarBody>
      <MessageBarActions>
        <Button onClick={reset}>Try again</Button>
      </MessageBarActions>
    </MessageBar>
  );
}
