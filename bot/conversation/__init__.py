"""The report, one question at a time: the chat conversation Slack and Teams share.

It holds no platform code. An adapter passes in what the person typed (or the value of the
button they pressed) and renders the `Turn` it gets back: things to say, then a question
with optional choices. The questions are `learning.reports.questions`, asked in its order;
answers are checked by the same rules as every channel and sent through `submit_report`.
"""

from bot.conversation.prompts import Prompt, Turn
from bot.conversation.reporting import chat_key, converse, help_text, not_saved_text
from learning.reports.questions import YES_NO

__all__ = ["YES_NO", "Prompt", "Turn", "chat_key", "converse", "help_text",
           "not_saved_text"]
