"""The ids LearnLoop gives Slack views and buttons, so listeners and renderings agree."""

from enum import StrEnum


class Callback(StrEnum):
    REPORT_MODAL = "report"
    REPORT_MESSAGE_SHORTCUT = "report_message"
    PREFERENCES = "preferences"


class Action(StrEnum):
    OPEN_REPORT_MODAL = "open_report_modal"
    ANSWER = "answer"
    PICK_MANY = "pick_many"
    ANSWER_PICKED = "answer_picked"
    ACKNOWLEDGE = "acknowledge_report"
    ASSIGN_TO_ME = "assign_report_to_me"
    OPEN_DASHBOARD = "open_dashboard"
    OPEN_PREFERENCES = "open_preferences"
    # Each Book button has its own id (book_place:12): Slack refuses repeated ids in a block.
    BOOK_PLACE = "book_place"
    ACTION_PLAN_DONE = "action_plan_done"
    ACTION_PLAN_STUCK = "action_plan_stuck"
    ACTION_PLAN_NOT_STUCK = "action_plan_not_stuck"
    ACTION_PLAN_UPDATE = "action_plan_update"
    # Evaluation: a pulse's three answers, and a reporter's "would you report again?".
    PULSE_YES = "pulse_yes"
    PULSE_NOT_YET = "pulse_not_yet"
    PULSE_NOT_RELEVANT = "pulse_not_relevant"
    REPORT_AGAIN_YES = "report_again_yes"
    REPORT_AGAIN_NOT_SURE = "report_again_not_sure"
    REPORT_AGAIN_NO = "report_again_no"
    COURSE_USEFUL = "course_useful"
    COURSE_NOT_USEFUL = "course_not_useful"
