import type { CSSProperties } from "react";

/** A notice in the assessment's toolbar: on its own line, after every command. */
export const noticeStyle: CSSProperties = { flexBasis: "100%", order: 1 };
