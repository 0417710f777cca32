#!/usr/bin/env python3
"""Checks an OSCAL assessment-results JSON file two independent ways:

1. it loads with compliance-trestle's pydantic models of OSCAL 1.1.2 (unknown
   fields and wrong types are errors there);
2. it validates against NIST's OSCAL 1.0.4 JSON schema, where the two versions
   agree: the schema's Unicode classes (\\p{L}, \\p{N}) need the `regex` module.

Usage: validate.py RESULTS.json OSCAL_1.0.4_ASSESSMENT_RESULTS_SCHEMA.json
Prints the counts it found; exits 1 with the first error otherwise."""
import json
import sys

import jsonschema
import jsonschema._keywords
import regex
import trestle.oscal
from trestle.oscal.assessment_results import AssessmentResults


def main(path, schema_path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    if trestle.oscal.OSCAL_VERSION != "1.1.2":
        sys.exit(f"compliance-trestle models OSCAL {trestle.oscal.OSCAL_VERSION}, not 1.1.2")
    model = AssessmentResults.parse_obj(doc["assessment-results"])
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema._keywords.re = regex
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(doc), key=lambda e: list(e.path))
    if errors:
        e = errors[0]
        sys.exit(f"OSCAL 1.0.4 schema: {'/'.join(map(str, e.path))}: {e.message} ({len(errors)} errors)")
    result = model.results[0]
    print(json.dumps({
        "oscal_version": model.metadata.oscal_version.__root__,
        "findings": len(result.findings or []),
        "observations": len(result.observations or []),
        "risks": len(result.risks or []),
        "reviewed_controls": len(result.reviewed_controls.control_selections[0].include_controls or []),
    }))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
