"""What lives under ``TWEETX_HOME``: ``tweetx models`` (translation packages) and ``tweetx cache``
(cached translations)."""

from __future__ import annotations

import json
import os

import click

from .group import cli, handle_errors, uses_home


@cli.group()
def cache():
    """Inspect or empty the translation cache (TWEETX_HOME/cache)."""


@cache.command("stats")
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@handle_errors
@uses_home
def cache_stats(as_json):
    """How many translations are cached, per package and pair, and the size on disk."""
    from ..translation.cache import TranslationCache

    stats = TranslationCache().stats()
    if as_json:
        click.echo(json.dumps(stats, ensure_ascii=False))
        return
    click.echo(f"{stats['path']}: {stats['entries']} translations, {stats['bytes'] / 1e6:.1f} MB")
    for row in stats["by_package"]:
        click.echo(f"  {row['package']}  {row['source']}→{row['target']}  {row['entries']}")


@cache.command("clear")
@handle_errors
@uses_home
def cache_clear():
    """Delete every cached translation."""
    from ..translation.cache import TranslationCache

    translations = TranslationCache()
    click.echo(f"deleted {translations.clear()} cached translations from {translations.path}")


@cli.group()
def models():
    """List and install Argos Translate packages."""


@models.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per package.")
@click.option("--available", is_flag=True, help="List the Argos index instead (needs a network).")
@handle_errors
@uses_home
def models_list(as_json, available):
    """List the installed translation pairs."""
    from ..home import argos_packages_dir, packages_dir
    from ..translation.packages import available_packages, installed_packages

    if available:
        for entry in available_packages():
            click.echo(
                json.dumps(entry)
                if as_json
                else f"{entry['from']}:{entry['to']}\t{entry['version']}"
            )
        return
    packages = installed_packages()
    for package in packages:
        if as_json:
            click.echo(json.dumps(package.to_dict(), ensure_ascii=False))
        else:
            note = "\tTOY (tests only, not a translation model)" if package.toy else ""
            click.echo(
                f"{package.from_code}:{package.to_code}\t{package.version}\t"
                f"{package.origin}\t{package.path}{note}"
            )
    if not as_json:
        from ..translation.routes import pivot_routes

        for first, second in pivot_routes(packages):
            click.echo(
                f"{first.from_code}:{second.to_code}\tthrough {first.to_code}\t"
                f"({first.name} + {second.name})"
            )
    if not packages:
        click.echo(
            f"tweetx: no packages installed (looked in {packages_dir()} and "
            f"{argos_packages_dir()}); install one with: tweetx models install FILE.argosmodel",
            err=True,
        )


@models.command("install")
@click.argument("spec")
@handle_errors
@uses_home
def models_install(spec):
    """Install a package from FILE.argosmodel, or download the pair FROM:TO (e.g. fa:en)
    from the Argos package index (needs a network)."""
    from ..translation.packages import install_file, install_from_index

    if os.path.exists(spec) or spec.endswith(".argosmodel"):
        package = install_file(spec)
    elif spec.count(":") == 1 and all(part.isalpha() for part in spec.split(":")):
        source, target = spec.split(":")
        click.echo(f"tweetx: downloading {source}→{target} from the Argos package index…", err=True)
        package = install_from_index(source, target)
    else:
        raise click.UsageError(f"{spec!r} is neither a .argosmodel file nor a pair like fa:en")
    toy = " (TOY model for tests: its output is not a translation)" if package.toy else ""
    click.echo(
        f"tweetx: installed {package.from_code}→{package.to_code} "
        f"{package.version} in {package.path}{toy}",
        err=True,
    )
