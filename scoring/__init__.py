"""Pure scoring engine: answers → issue levels → sub-pillar → pillar → overall.

No Flask, no database, no I/O. Bot, admin and the ``dgr score`` command all call
``score``; the product's rules live in ``scoring.rules``.
"""

from scoring.answers_file import parse_answers_document
from scoring.assessment import AssessmentResult, score

__all__ = ["AssessmentResult", "parse_answers_document", "score"]
