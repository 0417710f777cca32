import type { ImplementationStatus } from "../../bindings/ImplementationStatus";
import type { TestStatus } from "../../bindings/TestStatus";

export const implementationStatuses: [ImplementationStatus, string][] = [
  ["not_implemented", "Not implemented"],
  ["implemented", "Implemented"],
  ["alternative_implementation", "Alternative implementation"],
  ["planned", "Planned"],
  ["out_of_scope", "Out of scope"],
];

/** What a person may record: every status but the two only connectors set. */
export const manualTestStatuses: TestStatus[] = [
  "none",
  "not_assessed",
  "passed",
  "partially_tested",
  "failed_low_risk",
  "failed_medium_risk",
  "failed_high_risk",
  "out_of_scope",
  "in_progress",
];
