import { Badge, type BadgeProps } from "@fluentui/react-components";
import {
  CheckmarkCircle16Regular,
  Circle16Regular,
  DismissCircle16Regular,
  ArrowSync16Regular,
  SubtractCircle16Regular,
  QuestionCircle16Regular,
} from "@fluentui/react-icons";
import type { ReactElement } from "react";
import type { ActionOutcome } from "../bindings/ActionOutcome";
import type { AssessmentStatus } from "../bindings/AssessmentStatus";

interface Look {
  label: string;
  color: BadgeProps["color"];
  icon: ReactElement;
}

// Status is an icon and a word, never colour alone.
const outcomeLooks: Record<ActionOutcome, Look> = {
  passed: { label: "Passed", color: "success", icon: <CheckmarkCircle16Regular /> },
  failed: { label: "Failed", color: "danger", icon: <DismissCircle16Regular /> },
  in_progress: { label: "In progress", color: "informative", icon: <ArrowSync16Regular /> },
  untested: { label: "Not tested", color: "subtle", icon: <Circle16Regular /> },
  out_of_scope: { label: "Out of scope", color: "subtle", icon: <SubtractCircle16Regular /> },
  not_applicable: { label: "Not applicable", color: "subtle", icon: <QuestionCircle16Regular /> },
};

const assessmentLooks: Record<AssessmentStatus, Look> = {
  complete: { label: "Complete", color: "success", icon: <CheckmarkCircle16Regular /> },
  incomplete: { label: "Incomplete", color: "danger", icon: <DismissCircle16Regular /> },
  in_progress: { label: "In progress", color: "informative", icon: <ArrowSync16Regular /> },
  none: { label: "Not started", color: "subtle", icon: <Circle16Regular /> },
};

function LookBadge({ look }: { look: Look }) {
  return (
    <Badge appearance="tint" color={look.color} icon={look.icon} shape="rounded">
      {look.label}
    </Badge>
  );
}

export function OutcomeBadge({ outcome }: { outcome: ActionOutcome }) {
  return <LookBadge look={outcomeLooks[outcome]} />;
}

export function AssessmentStatusBadge({ status }: { status: AssessmentStatus }) {
  return <LookBadge look={assessmentLooks[status]} />;
}
