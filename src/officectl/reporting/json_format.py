"""The JSON problem format, one object on stdout: ``problems`` (each with path,
line and column 1-based, severity, code, message, record) and a ``summary``."""

from __future__ import annotations

import json

from officectl.validation_result import ValidationResult


def render(result: ValidationResult) -> str:
    document = {
        "problems": [
            {
                "path": p.path,
                "line": p.line,
                "column": p.column,
                "severity": p.severity,
                "code": p.code,
                "message": p.message,
                "record": p.record,
            }
            for p in result.problems
        ],
        "summary": {
            "records": result.records,
            "errors": result.errors,
            "warnings": result.warnings,
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
