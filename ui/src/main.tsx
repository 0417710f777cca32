import { FluentProvider, webDarkTheme, webLightTheme } from "@fluentui/react-components";
import { StrictMode, useSyncExternalStore } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import "./index.css";

const darkQuery = window.matchMedia("(prefers-color-scheme: dark)");

/** Light and dark follow the OS. */
function usePrefersDark(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      darkQuery.addEventListener("change", onChange);
      return () => darkQuery.removeEventListener("change", onChange);
    },
    () => darkQuery.matches,
  );
}

function Root() {
  const dark = usePrefersDark();
  return (
    <FluentProvider theme={dark ? webDarkTheme : webLightTheme} style={{ height: "100%" }}>
      <App />
    </FluentProvider>
  );
}

const container = document.getElementById("root");
if (!container) throw new Error("index.html lacks #root");
createRoot(container).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
