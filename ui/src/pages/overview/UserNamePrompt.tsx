import { Button, Input, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { call } from "../../ipc";
import { commandKey, useCommand } from "../../useCommand";

/** First run: the name every history entry will carry (the OS account by default). */
export function UserNamePrompt() {
  const [user] = useCommand("get_user_name", {});
  const client = useQueryClient();
  const [name, setName] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (user.state !== "ready" || user.data.chosen) return null;
  const value = name ?? user.data.name;
  const save = (chosen: string) =>
    call("set_user_name", { name: chosen }).then(
      (answer) => client.setQueryData(commandKey("get_user_name", {}), answer),
      (e: { message: string }) => setError(e.message),
    );
  return (
    <MessageBar intent="info" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>Your name in the history</MessageBarTitle>
        Every change you make is recorded with your name for auditors. {error}
        <div>
          <Input aria-label="Your name" value={value} onChange={(_, d) => setName(d.value)} />
        </div>
      </MessageBarBody>
      <MessageBarActions>
        <Button appearance="primary" onClick={() => void save(value)} disabled={value.trim() === ""}>
          Save name
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}
