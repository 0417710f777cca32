/** The assessment wizard's answers, kept in the URL so that a round trip to Data
 * connectors ("Add new service") comes back to the same step with nothing lost. */
export type WizardSearch = {
  step?: number;
  template?: string;
  name?: string;
  group?: string;
  /** Selected service ids. */
  services?: string[];
  /** Instances the person unticked: every other instance is in (new ones too). */
  unticked?: string[];
};

const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : undefined;
const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

export function wizardSearch(search: Record<string, unknown>): WizardSearch {
  const step = typeof search.step === "number" && search.step >= 0 && search.step <= 4 ? Math.floor(search.step) : undefined;
  return {
    step,
    template: text(search.template),
    name: text(search.name),
    group: text(search.group),
    services: strings(search.services),
    unticked: strings(search.unticked),
  };
}
