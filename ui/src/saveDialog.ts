import { save } from "@tauri-apps/plugin-dialog";

type Filter = { name: string; extensions: string[] };

/** The native save dialog. Real-window tests cannot drive a GTK dialog over
 * WebDriver: they set `window.__e2eSavePath` to supply the path instead. */
export async function chooseSavePath(title: string, defaultPath: string, filters: Filter[]): Promise<string | null> {
  const hook = (window as { __e2eSavePath?: (name: string) => string }).__e2eSavePath;
  if (hook) return hook(defaultPath);
  return save({ title, defaultPath, filters });
}
