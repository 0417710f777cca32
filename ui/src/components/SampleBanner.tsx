import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { call } from "../ipc";

/** Switches between the person's workspace and the sample one, and says which is shown. */
export function useSampleSwitch() {
  const client = useQueryClient();
  const navigate = useNavigate();
  return (command: "open_sample_workspace" | "leave_sample_workspace" | "remove_sample_workspace") =>
    call(command, {}).then(() => {
      // Every cached answer belonged to the other workspace: drop them all and fetch
      // what is on screen again.
      void client.resetQueries();
      void navigate({ to: "/" });
    });
}

/** Always in sight while the sample workspace is open: it is not the person's data. */
export function SampleBanner() {
  const switchTo = useSampleSwitch();
  return (
    <MessageBar intent="warning" layout="multiline" aria-label="Sample workspace">
      <MessageBarBody>
        <MessageBarTitle>Sample workspace.</MessageBarTitle>
        Invented data to explore every screen; your own workspace is untouched and nothing here syncs.
      </MessageBarBody>
      <MessageBarActions>
        <Button onClick={() => void switchTo("leave_sample_workspace")}>Back to my workspace</Button>
        <Button onClick={() => void switchTo("remove_sample_workspace")}>Remove sample data</Button>
      </MessageBarActions>
    </MessageBar>
  );
}
