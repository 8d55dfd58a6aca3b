"""The command line: ``storydesk --help``. Every command has ``--help``; reading commands have ``--json``.

The commands live in modules by what they do (``update``: change the store; ``find``: search and list stories;
``read``: read it; ``article``: one article; ``edit``: split and merge stories by hand; ``inspect``: one text
or page; ``evals``; ``engines``: the server and Spark); this module is their table, in the order ``--help``
lists them.
"""

from __future__ import annotations

import typer

from . import article, edit, engines, evals, find, inspect, outlet, read, update
from .common import main

# The apps are made here, not in a submodule, so that each import of this module builds fresh ones
# (``typer storydesk.cli utils docs`` imports it twice and changes the first).
app = typer.Typer(help="storydesk: news from many outlets -> story briefs in which every sentence cites its "
                       "sources.", no_args_is_help=True, pretty_exceptions_enable=False)
eval_app = typer.Typer(help="Score storydesk on labelled data.", no_args_is_help=True)
story_app = typer.Typer(help="Edit stories by hand: split one in two, merge two into one.", no_args_is_help=True)
spark_app = typer.Typer(help="Run the pipeline on Apache Spark (the spark extra); see docs/scale.md.",
                        no_args_is_help=True)

app.callback()(main)
app.add_typer(eval_app, name="eval")
app.command()(update.ingest)
app.command()(update.run)
app.command()(find.search)
app.command()(find.stories)
app.command()(read.brief)
app.command()(read.compare)
app.command()(read.timeline)
app.command()(read.export)
app.command()(inspect.analyze)
app.command()(read.rejects)
app.command()(read.stats)
eval_app.command("clustering")(evals.eval_clustering)
eval_app.command("timelines")(evals.eval_timelines_cmd)
eval_app.command("briefs")(evals.eval_briefs)
eval_app.command("quotes")(evals.eval_quotes)
app.command()(update.demo)
app.command()(engines.serve)
app.add_typer(spark_app, name="spark")
spark_app.command("run")(engines.spark_run)
app.command("import")(engines.import_run)
app.command()(update.watch)
app.command()(read.feeds)
app.command()(inspect.extract)
app.command()(article.article)
app.command()(outlet.outlet)
app.add_typer(story_app, name="story")
story_app.command("split")(edit.split)
story_app.command("merge")(edit.merge)

__all__ = ["app", "eval_app", "spark_app", "story_app"]
