"""Widgets (ipywidgets 8), built only when called: the guided routine, a runner's progress, a coach's squad,
questionnaire entry."""

from .dashboard import CoachDashboard
from .explorer import ProgressExplorer
from .questionnaires import QuestionnaireEntry
from .walkthrough import RoutineWalkthrough

__all__ = ["CoachDashboard", "ProgressExplorer", "QuestionnaireEntry", "RoutineWalkthrough"]
