"""``python -m storydesk.cli``: the same app as the ``storydesk`` script."""

from . import app

app()
