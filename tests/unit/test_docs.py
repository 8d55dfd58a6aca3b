"""The generated references must match the code (regenerate with `make docs`)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


def test_cli_reference_is_current(tmp_path: Path) -> None:
    out = tmp_path / "cli.md"
    typer = Path(sys.executable).parent / "typer"
    subprocess.run([str(typer), "storydesk.cli", "utils", "docs", "--name", "storydesk", "--output", str(out)],
                   check=True, capture_output=True)
    assert out.read_text() == (ROOT / "docs" / "cli.md").read_text(), "run `make docs`"


def test_every_command_is_in_the_guide() -> None:
    from storydesk.cli import app

    guide = (ROOT / "docs" / "guide.md").read_text()
    for cmd in app.registered_commands:
        name = cmd.name or cmd.callback.__name__  # type: ignore[union-attr]
        assert f"storydesk {name}" in guide, f"docs/guide.md does not mention `storydesk {name}`"
