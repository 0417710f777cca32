import { Breadcrumb, BreadcrumbButton, BreadcrumbDivider, BreadcrumbItem } from "@fluentui/react-components";
import { Fragment } from "react";

/** Where a detail page sits; every step but the last goes back there. */
export function Crumbs(props: { steps: { label: string; onClick?: () => void }[] }) {
  return (
    <Breadcrumb aria-label="Breadcrumb" size="small">
      {props.steps.map((step, i) => (
        <Fragment key={`${i}-${step.label}`}>
          {i > 0 && <BreadcrumbDivider />}
          <BreadcrumbItem>
            <BreadcrumbButton onClick={step.onClick} current={i === props.steps.length - 1}>
              {step.label}
            </BreadcrumbButton>
          </BreadcrumbItem>
        </Fragment>
      ))}
    </Breadcrumb>
  );
}
