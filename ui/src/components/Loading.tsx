import { MessageBar, MessageBarBody, MessageBarTitle, Spinner } from "@fluentui/react-components";
import type { ReactNode } from "react";
import type { Loaded } from "../useCommand";

/** Shows a spinner while loading, the error as a sentence, or the content. */
export function Loading<T>(props: { loaded: Loaded<T>; what: string; children: (data: T) => ReactNode }) {
  const { loaded } = props;
  if (loaded.state === "loading") {
    return <Spinner label={`Loading ${props.what}…`} />;
  }
  if (loaded.state === "error") {
    return (
      <MessageBar intent="error">
        <MessageBarBody>
          <MessageBarTitle>Could not load {props.what}.</MessageBarTitle>
          {loaded.error.message}
        </MessageBarBody>
      </MessageBar>
    );
  }
  return <>{props.children(loaded.data)}</>;
}
