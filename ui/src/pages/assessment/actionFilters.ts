import type { ActionQuery } from "../../bindings/ActionQuery";
import type { ActionSort } from "../../bindings/ActionSort";
import type { ImplementationType } from "../../bindings/ImplementationType";
import type { TestStatus } from "../../bindings/TestStatus";
import type { AssessmentSearch } from "../../router";

const sorts: ActionSort[] = ["title", "status", "points", "type", "service"];

/** The query the Rust side pages, from the filters kept in the URL. */
export function queryOf(search: AssessmentSearch): Omit<ActionQuery, "offset" | "limit"> {
  return {
    search: search.q,
    status: search.status as TestStatus | undefined,
    implementation_type: search.type as ImplementationType | undefined,
    service: search.service,
    instance: search.instance,
    assignee: search.assignee,
    needs_review: search.review ?? false,
    sort: sorts.includes(search.sort as ActionSort) ? (search.sort as ActionSort) : "status",
    descending: search.desc ?? false,
  };
}

export function hasFilters(search: AssessmentSearch): boolean {
  return Boolean(search.q || search.status || search.type || search.service || search.instance || search.assignee || search.review);
}
