"""Widgets (ipywidgets 8), built only when called: the guided routine, a runner's progress, a coach's squad,
questionnaire entry. Each action a button does is also a method, for code and tests.

>>> import tempfile
>>> from kneecare_analysis.widgets import RoutineWalkthrough
>>> walkthrough = RoutineWalkthrough(tempfile.mkdtemp(), today="2026-03-04")
>>> walkthrough.record("clamshell", reps=20)
>>> walkthrough.rows()[0][0]["drill"], walkthrough.rows()[0][0]["reps"]
('clamshell', 20)
"""

from .dashboard import CoachDashboard
from .explorer import ProgressExplorer
from .questionnaires import QuestionnaireEntry
from .walkthrough import RoutineWalkthrough

__all__ = ["CoachDashboard", "ProgressExplorer", "QuestionnaireEntry", "RoutineWalkthrough"]
