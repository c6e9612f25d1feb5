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
    """List and install translation models: Argos packages and multilingual CTranslate2
    models (NLLB-200, M2M-100, Marian)."""


@models.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per package or model.")
@click.option("--available", is_flag=True, help="List the Argos index instead (needs a network).")
@click.option(
    "--target", default="en", show_default=True, help="The language the routes listed go to."
)
@handle_errors
@uses_home
def models_list(as_json, available, target):
    """List the installed packages and models, and which one translates each language tweetx
    identifies into --target (the route a run takes with the default --prefer argos)."""
    from ..home import argos_packages_dir, packages_dir
    from ..translation.multilingual import installed_models, models_dir
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
    multilingual = installed_models()
    for package in packages:
        if as_json:
            click.echo(json.dumps(package.to_dict(), ensure_ascii=False))
        else:
            note = "\tTOY (tests only, not a translation model)" if package.toy else ""
            click.echo(
                f"{package.from_code}:{package.to_code}\t{package.version}\t"
                f"{package.origin}\t{package.path}{note}"
            )
    for model in multilingual:
        if as_json:
            click.echo(json.dumps(model.to_dict(), ensure_ascii=False))
        else:
            click.echo(_model_line(model))
    if not as_json:
        from ..translation.routes import pivot_routes

        for first, second in pivot_routes(packages):
            click.echo(
                f"{first.from_code}:{second.to_code}\tthrough {first.to_code}\t"
                f"({first.name} + {second.name})"
            )
        if multilingual:  # which of them translates each language, when both could
            for line in _route_lines(packages, multilingual, target):
                click.echo(line)
    if not packages and not multilingual:
        click.echo(
            f"tweetx: no packages installed (looked in {packages_dir()}, {models_dir()} and "
            f"{argos_packages_dir()}); install one with: tweetx models install FILE.argosmodel "
            "(or a converted NLLB-200, M2M-100 or Marian model's directory)",
            err=True,
        )


#: The languages whose routes ``models list`` shows: those tweetx identifies best.
LISTED_SOURCES = (("fa", "pes"), ("fa", "prs"), ("ps", None), ("ur", None), ("ar", None))


def _model_line(model) -> str:
    languages = (
        ", ".join(
            f"{code}{'/' + variety if variety else ''} {tag}"
            for tag, (code, variety) in sorted(model.languages.items(), key=lambda i: i[1][0])
        )
        or f"{' '.join(model.sources())} → {' '.join(model.targets())}"
    )
    others = f" (+{len(model.other_tokens)} more)" if model.other_tokens else ""
    notes = [
        f"licence {model.licence}" + (": NOT for commercial use" if model.non_commercial else "")
    ]
    if model.toy:
        notes.append("TOY (tests only, not a translation model)")
    return (
        f"{model.family}\t{model.name}\t{model.size / 1e6:.1f} MB\t{languages}{others}\t"
        + "; ".join(notes)
    )


def _route_lines(packages, multilingual, target) -> list[str]:
    from ..translation.routes import route

    lines = []
    for source, variety in LISTED_SOURCES:
        if source == target:
            continue
        found = route(packages, source, target, True, models=multilingual, variety=variety)
        name = "Dari" if variety == "prs" else "Persian" if variety else source
        label = f"{source}{'/' + variety if variety else ''}→{target} ({name})"
        lines.append(f"route {label}: {_describe(found)}")
    return lines


def _describe(found) -> str:
    if not found:
        return "none installed"
    legs = []
    for package in found:
        if package.multilingual:
            tags = (
                f"{package.source_prefix}→{package.target_prefix}" if package.source_prefix else ""
            )
            legs.append(f"{package.family} {package.name} {tags}".strip())
        else:
            legs.append(f"argos {package.name}")
    through = f" (through {found[0].to_code})" if len(found) > 1 else ""
    return " + ".join(legs) + through


@models.command("install")
@click.argument("spec")
@handle_errors
@uses_home
def models_install(spec):
    """Install an Argos package (FILE.argosmodel, or FROM:TO such as fa:en from the Argos index,
    which needs a network), or a multilingual model: the directory ct2-transformers-converter
    wrote for NLLB-200, M2M-100 or Marian (with its tokenizer files), or a .zip/.tar.gz of it."""
    from ..translation.multilingual import install_model
    from ..translation.packages import install_file, install_from_index

    if os.path.isdir(spec) or (
        os.path.isfile(spec) and spec.endswith((".zip", ".tar", ".tar.gz", ".tgz", ".tar.xz"))
    ):
        model = install_model(spec)
        click.echo(
            f"tweetx: installed {model.family} model {model.name} "
            f"({model.size / 1e6:.1f} MB; {len(model.languages) or 2} languages tweetx routes) "
            f"in {model.path}",
            err=True,
        )
        click.echo(f"tweetx: licence: {model.licence}", err=True)
        if model.non_commercial:
            click.echo("tweetx: this model's licence does NOT allow commercial use", err=True)
        if model.toy:
            click.echo("tweetx: TOY model for tests: its output is not a translation", err=True)
        return
    if os.path.exists(spec) or spec.endswith(".argosmodel"):
        package = install_file(spec)
    elif spec.count(":") == 1 and all(part.isalpha() for part in spec.split(":")):
        source, target = spec.split(":")
        click.echo(f"tweetx: downloading {source}→{target} from the Argos package index…", err=True)
        package = install_from_index(source, target)
    else:
        raise click.UsageError(
            f"{spec!r} is neither a .argosmodel file, a model directory or archive, "
            "nor a pair like fa:en"
        )
    toy = " (TOY model for tests: its output is not a translation)" if package.toy else ""
    click.echo(
        f"tweetx: installed {package.from_code}→{package.to_code} "
        f"{package.version} in {package.path}{toy}",
        err=True,
    )
