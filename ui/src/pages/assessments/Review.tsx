import { Subtitle1 } from "@fluentui/react-components";
import type { TemplateSummary } from "../../bindings/TemplateSummary";
import { ReviewList } from "../../components/Wizard";

/** Step 5: everything chosen, with an Edit link back to each step. */
export function Review(props: {
  template: TemplateSummary;
  name: string;
  group: string;
  services: string[];
  instances: string[];
  edit: (step: number) => void;
}) {
  const t = props.template;
  return (
    <>
      <Subtitle1 as="h2">Check everything, then create the assessment</Subtitle1>
      <ReviewList
        edit={props.edit}
        rows={[
          ["Regulation", `${t.title} (version ${t.version}): ${t.controls} controls, ${t.actions} improvement actions`, 0],
          ["Name", props.name, 1],
          ["Group", props.group, 1],
          ["Services", props.services.join(", ") || "None: documentation and manual tests only", 2],
          ["Service instances", props.instances.join(", ") || "None", 3],
        ]}
      />
    </>
  );
}
