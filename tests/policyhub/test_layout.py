"""The direction of dependencies between the apps (README, "Layout"): no module imports one from a layer above it."""

import grimp
import pytest

# Highest first. Apps in one layer may not import each other either.
LAYERS = [
    grimp.Layer("policyhub"),
    grimp.Layer("editors", "alerts", independent=True),
    grimp.Layer("profiles", "releases", independent=True),
    grimp.Layer("opendata"),
    grimp.Layer("legislation", "recommendations", independent=True),
    grimp.Layer("countries"),
]
PACKAGES = ["policyhub", "editors", "alerts", "profiles", "releases", "opendata", "legislation", "recommendations", "countries"]


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph(*PACKAGES, include_external_packages=False)


def test_no_import_runs_against_the_layers(graph):
    illegal = graph.find_illegal_dependencies_for_layers(layers=LAYERS)
    found = sorted(f"{d.importer} -> {d.imported}: {[f'{sorted(r.heads)} -> {sorted(r.tails)}' for r in d.routes][:3]}"
                   for d in illegal)
    assert not found, "imports against the layers:\n" + "\n".join(found)


def test_the_project_package_holds_configuration_only(graph):
    modules = {m.split(".", 1)[1] for m in graph.find_children("policyhub")}
    assert modules <= {"settings", "settings_test", "urls", "api_urls", "celery", "wsgi", "asgi"}


def test_the_check_finds_an_upward_import():
    """The layer check itself: a core module importing the composition app is reported."""
    graph = grimp.build_graph(*PACKAGES, include_external_packages=False)
    graph.add_import(importer="countries.models", imported="profiles.views", line_number=1, line_contents="import")
    illegal = graph.find_illegal_dependencies_for_layers(layers=[grimp.Layer("profiles"), grimp.Layer("countries")])
    assert {(d.importer, d.imported) for d in illegal} == {("countries", "profiles")}
