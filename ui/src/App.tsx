import { QueryClientProvider } from "@tanstack/react-query";
import { createHashHistory, RouterProvider, type RouterHistory } from "@tanstack/react-router";
import { useState } from "react";
import { newQueryClient } from "./queryClient";
import { createAppRouter } from "./router";

/** The app: one query cache for the Rust side's answers, and the pages as routes
 * (hash history: the window loads one file, so paths live after the #). */
export function App(props: { history?: RouterHistory }) {
  const [client] = useState(newQueryClient);
  const [router] = useState(() => createAppRouter(props.history ?? createHashHistory()));
  return (
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
