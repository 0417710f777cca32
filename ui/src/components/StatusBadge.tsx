import { Badge, type BadgeProps } from "@fluentui/react-components";
import {
  CheckmarkCircle16Regular,
  Circle16Regular,
  DismissCircle16Regular,
  ArrowSync16Regular,
  SubtractCircle16Regular,
  QuestionCircle16Regular,
  Warning16Regular,
  ErrorCircle16Regular,
  Clock16Regular,
  CircleHalfFill16Regular,
} from "@fluentui/react-icons";
import type { ReactElement } from "react";
import type { ActionOutcome } from "../bindings/ActionOutcome";
import type { AssessmentStatus } from "../bindings/AssessmentStatus";
import type { TestStatus } from "../bindings/TestStatus";
import type { ControlStatus } from "../bindings/ControlStatus";

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

// Every test status of domain.md; "Could not be determined" is never "In progress".
const testLooks: Record<TestStatus, Look> = {
  none: { label: "None", color: "subtle", icon: <Circle16Regular /> },
  not_assessed: { label: "Not assessed", color: "subtle", icon: <Circle16Regular /> },
  passed: { label: "Passed", color: "success", icon: <CheckmarkCircle16Regular /> },
  failed_low_risk: { label: "Failed low risk", color: "severe", icon: <Warning16Regular /> },
  failed_medium_risk: { label: "Failed medium risk", color: "warning", icon: <ErrorCircle16Regular /> },
  failed_high_risk: { label: "Failed high risk", color: "danger", icon: <DismissCircle16Regular /> },
  out_of_scope: { label: "Out of scope", color: "subtle", icon: <SubtractCircle16Regular /> },
  in_progress: { label: "In progress", color: "informative", icon: <ArrowSync16Regular /> },
  to_be_determined: { label: "To be determined", color: "subtle", icon: <Clock16Regular /> },
  could_not_be_determined: { label: "Could not be determined", color: "subtle", icon: <QuestionCircle16Regular /> },
  partially_tested: { label: "Partially tested", color: "informative", icon: <CircleHalfFill16Regular /> },
};

export function isTestStatus(code: string): code is TestStatus {
  return code in testLooks;
}

export function testStatusLabel(status: TestStatus): string {
  return testLooks[status].label;
}

export function TestStatusBadge({ status }: { status: TestStatus }) {
  return <LookBadge look={testLooks[status]} />;
}

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

const controlLooks: Record<ControlStatus, Look> = {
  passed: { label: "Passed", color: "success", icon: <CheckmarkCircle16Regular /> },
  failed: { label: "Failed", color: "danger", icon: <DismissCircle16Regular /> },
  none: { label: "Not tested", color: "subtle", icon: <Circle16Regular /> },
  out_of_scope: { label: "Out of scope", color: "subtle", icon: <SubtractCircle16Regular /> },
  in_progress: { label: "In progress", color: "informative", icon: <ArrowSync16Regular /> },
};

export function ControlStatusBadge({ status }: { status: ControlStatus }) {
  return <LookBadge look={controlLooks[status]} />;
}
