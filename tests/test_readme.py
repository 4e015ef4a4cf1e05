"""Docs that cannot drift: every command, option and setting a user can reach is in the README."""

from pathlib import Path

import click

from kg.cli import main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
CI = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")


def test_every_command_is_documented():
    for name in main.commands:
        assert f"`kg {name}" in README, name


def test_every_option_is_documented():
    for name, command in main.commands.items():
        for param in command.params:
            if isinstance(param, click.Option) and param.name not in ("help", "store"):
                assert any(opt in README for opt in param.opts), f"kg {name} {param.opts}"


def test_settings_and_store_specs_are_documented():
    for setting in ("KG_STORE", "--store", "oxigraph:", "memory", "sparql:"):
        assert setting in README, setting


def test_ci_runs_the_readme_test_command():
    command = next(line.strip() for line in CI.splitlines() if "pytest" in line)
    assert command in README
