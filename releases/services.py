"""Cutting a data release: a snapshot of the published data, described, licensed, compared with the last one.

A release is a folder in media storage, ``releases/<number>/``, holding one CSV per table under ``data/``, the same
rows in ``data.json``, the Frictionless descriptor ``datapackage.json``, ``CITATION.cff``, ``LICENSE.txt``, the
codebook, the changelog and a zip of all of it. Everything in it follows from the data and the release's number and
date alone (rows sorted, no timestamps but the release date, fixed times inside the zip), so cutting it twice from
the same data gives the same bytes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation

from countries.models import GRADE_EXPLANATIONS, DataVersion, Grade

from .models import Release
from .schema import TABLES, TABLES_BY_NAME, Table, cell, sort_key

LICENCE_ID = "CC-BY-4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
TITLE_EN = "PolicyHub: drug-policy legal environment in Eastern Europe and Central Asia"
TITLE_RU = "PolicyHub: правовая среда наркополитики в Восточной Европе и Центральной Азии"
CHANGE_KINDS = ("added", "removed", "changed")


class ReleaseError(Exception):
    """The release could not be cut; nothing of it was kept."""


@dataclass(frozen=True)
class Change:
    table: str
    record: str  # the primary key, several fields joined with "/"
    change: str  # added, removed or changed
    field: str = ""
    before: str = ""
    after: str = ""


# --- the snapshot ---------------------------------------------------------------------------------------------------

def snapshot_build() -> dict[str, list[dict]]:
    """Every table's published rows, typed as the database gives them, sorted by primary key."""
    state: dict = {}
    return {table.name: sorted(table.rows(state), key=lambda row, t=table: sort_key(t, row)) for table in TABLES}


def as_cells(tables: dict[str, list[dict]]) -> dict[str, list[dict[str, str]]]:
    return {name: [{k: cell(v) for k, v in row.items()} for row in rows] for name, rows in tables.items()}


def table_csv(table: Table, rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[f.name for f in table.fields], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _json_value(value):
    """JSON's own types where they fit: numbers for decimals (as the CSV writes them), ISO text for dates."""
    if isinstance(value, Decimal):
        text = cell(value)
        return int(text) if "." not in text else float(text)
    if value is None or isinstance(value, bool | int):
        return value
    return cell(value)


def previous_cells(release: Release) -> dict[str, list[dict[str, str]]]:
    """The rows of an earlier release, read back from its CSV files."""
    tables = {}
    for table in TABLES:
        name = f"{release.folder}/data/{table.name}.csv"
        if f"data/{table.name}.csv" not in release.files:
            tables[table.name] = []  # a table this release did not have yet
            continue
        try:
            with default_storage.open(name, "rb") as handle:
                text = handle.read().decode("utf-8")
            tables[table.name] = list(csv.DictReader(io.StringIO(text)))
        except (OSError, UnicodeDecodeError, csv.Error) as error:
            raise ReleaseError(f"Release {release.number}'s file {name} cannot be read ({error}), so the changes "
                               f"since it cannot be listed; restore it from a backup.") from error
    return tables


def changes_between(old: dict[str, list[dict[str, str]]], new: dict[str, list[dict[str, str]]]) -> list[Change]:
    """What changed, record by record and field by field, in table order and then record order."""
    changes: list[Change] = []
    for table in TABLES:
        def key(row, table=table):
            return "/".join(row.get(name, "") for name in table.primary_key)

        before = {key(row): row for row in old.get(table.name, [])}
        after = {key(row): row for row in new.get(table.name, [])}
        order = {k: i for i, k in enumerate(after)}
        found = []
        for record in sorted(before.keys() - after.keys()):
            found.append((len(order), record, Change(table.name, record, "removed")))
        for record, row in after.items():
            if record not in before:
                found.append((order[record], record, Change(table.name, record, "added")))
                continue
            for f in table.fields:
                old_value, new_value = before[record].get(f.name, ""), row.get(f.name, "")
                if old_value != new_value:
                    found.append((order[record], record,
                                  Change(table.name, record, "changed", f.name, old_value, new_value)))
        changes.extend(change for *_, change in sorted(found, key=lambda item: (item[0], item[1])))
    return changes


def changes_summary(changes: list[Change], counts: dict[str, int], previous: Release | None) -> dict:
    tables: dict[str, dict[str, int]] = {}
    records: dict[str, set] = {}
    for change in changes:
        records.setdefault(f"{change.table}|{change.change}", set()).add(change.record)
    for table in TABLES:
        row = {kind: len(records.get(f"{table.name}|{kind}", ())) for kind in CHANGE_KINDS}
        if any(row.values()):
            tables[table.name] = row
    totals = {kind: sum(row[kind] for row in tables.values()) for kind in CHANGE_KINDS}
    return {
        "previous": previous.number if previous else None,
        "previous_date": previous.date.isoformat() if previous else None,
        "totals": totals,
        "tables": tables,
        "records": sum(counts.values()),
    }


# --- the files ------------------------------------------------------------------------------------------------------

def _labels(choices) -> list[tuple[str, str, str]]:
    out = []
    for value, label in choices.choices:
        with translation.override("en"):
            en = str(label)
        with translation.override("ru"):
            ru = str(label)
        out.append((str(value), en, ru))
    return out


def _grades() -> list[tuple[str, str, str, str, str]]:
    out = []
    for grade in Grade:
        with translation.override("en"):
            en = (str(grade.label), str(GRADE_EXPLANATIONS[grade]))
        with translation.override("ru"):
            ru = (str(grade.label), str(GRADE_EXPLANATIONS[grade]))
        out.append((grade.value, en[0], ru[0], en[1], ru[1]))
    return out


def datapackage(number: int, on: date, payload: dict[str, bytes]) -> dict:
    resources = []
    for table in TABLES:
        path = f"data/{table.name}.csv"
        fields = []
        for f in table.fields:
            spec = {"name": f.name, "type": f.type, "description": f.en, "description_ru": f.ru}
            constraints = {}
            if f.required:
                constraints["required"] = True
            if f.choices is not None:
                values = [value for value, _label in f.choices.choices]
                constraints["enum"] = [int(v) for v in values] if f.type == "integer" else [str(v) for v in values]
            if f.type == "boolean":
                spec.update(trueValues=["true"], falseValues=["false"])
            if f.type == "date":
                spec["format"] = "default"
            if constraints:
                spec["constraints"] = constraints
            fields.append(spec)
        foreign_keys = [
            {"fields": [f.name], "reference": {"resource": "" if f.fk[0] == table.name else f.fk[0], "fields": [f.fk[1]]}}
            for f in table.fields if f.fk
        ] + [
            {"fields": list(own), "reference": {"resource": other, "fields": list(theirs)}}
            for own, other, theirs in table.composite_fks
        ]
        schema = {"fields": fields, "primaryKey": list(table.primary_key), "missingValues": [""]}
        if foreign_keys:
            schema["foreignKeys"] = foreign_keys
        data = payload[path]
        resources.append({
            "name": table.name.replace("_", "-"),
            "title": table.en,
            "title_ru": table.ru,
            "path": path,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "bytes": len(data),
            "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
            "schema": schema,
        })
    # Foreign keys name resources; ours are named with dashes (the Data Package name pattern allows no underscore).
    for resource in resources:
        for fk in resource["schema"].get("foreignKeys", []):
            if fk["reference"]["resource"]:
                fk["reference"]["resource"] = fk["reference"]["resource"].replace("_", "-")
    return {
        "profile": "tabular-data-package",
        "name": "policyhub",
        "title": f"{TITLE_EN}, release {number}",
        "title_ru": f"{TITLE_RU}, выпуск {number}",
        "description": "Laws, quantity thresholds, sanctions, legal-environment assessments and regional-meeting "
                       "recommendations for Eastern Europe and Central Asia, each fact with its sources. "
                       "Only published facts. See codebook.md for every field and value in English and Russian.",
        "version": f"{number}.0.0",
        "created": f"{on.isoformat()}T00:00:00Z",
        "licenses": [{"name": LICENCE_ID, "path": LICENCE_URL, "title": "Creative Commons Attribution 4.0 International"}],
        "contributors": [{"title": "PolicyHub", "role": "publisher"}],
        "keywords": ["drug policy", "law", "Eastern Europe", "Central Asia", "harm reduction"],
        "resources": resources,
    }


def citation_cff(number: int, on: date) -> str:
    return (
        "cff-version: 1.2.0\n"
        'message: "If you use this data, please cite it as below."\n'
        "type: dataset\n"
        f'title: "{TITLE_EN}, data release {number}"\n'
        "authors:\n"
        '  - name: "PolicyHub"\n'
        f'version: "{number}"\n'
        f"date-released: {on.isoformat()}\n"
        f"license: {LICENCE_ID}\n"
        "keywords:\n"
        '  - "drug policy"\n'
        '  - "Eastern Europe and Central Asia"\n'
        '  - "drug law"\n'
    )


def licence_text(number: int, on: date) -> str:
    return (
        f"{TITLE_EN}, data release {number} ({on.isoformat()})\n\n"
        "The data in this package is licensed under the Creative Commons Attribution 4.0 International licence\n"
        f"(CC BY 4.0): {LICENCE_URL} ; legal code: {LICENCE_URL}legalcode\n"
        "You may share and adapt it for any purpose, provided you give appropriate credit (cite it as CITATION.cff\n"
        "says), link to the licence and say whether you made changes. Quotations from sources remain the work of\n"
        "their authors; each is given with its source so you can credit it.\n\n"
        f"{TITLE_RU}, выпуск данных {number} ({on.isoformat()})\n\n"
        "Данные этого пакета распространяются по лицензии Creative Commons «Атрибуция» 4.0 Международная\n"
        f"(CC BY 4.0): {LICENCE_URL}deed.ru ; юридический текст: {LICENCE_URL}legalcode.ru\n"
        "Их можно распространять и перерабатывать для любых целей при условии указания авторства (ссылайтесь так,\n"
        "как указано в CITATION.cff), ссылки на лицензию и указания на внесённые изменения. Цитаты из источников\n"
        "остаются произведениями их авторов; каждая приведена с источником, чтобы его можно было указать.\n"
    )


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def codebook_md(number: int, on: date) -> str:
    lines = [
        f"# Codebook · Кодовая книга — PolicyHub, release {number} / выпуск {number} ({on.isoformat()})", "",
        "Every table of the release, every field with its type and meaning in English and Russian, and every "
        "enumerated value with its English and Russian label. Empty cells are missing values.",
        "Все таблицы выпуска, каждое поле с типом и значением на английском и русском, каждое перечислимое "
        "значение с подписью на английском и русском. Пустая ячейка означает отсутствие значения.", "",
        "## Evidence grades · Уровни доказательности", "",
        "A fact's grade is the best grade among the sources of its citations (sources.csv, `grade`). "
        "Уровень факта — лучший уровень среди источников его ссылок (sources.csv, `grade`).", "",
        "| grade | EN | RU | meaning | значение |", "| --- | --- | --- | --- | --- |",
    ]
    lines += [f"| {g} | {en} | {ru} | {_md(m_en)} | {_md(m_ru)} |" for g, en, ru, m_en, m_ru in _grades()]
    for table in TABLES:
        lines += ["", f"## {table.name}.csv — {table.en} · {table.ru}", "",
                  f"Primary key · первичный ключ: {', '.join(table.primary_key)}", "",
                  "| field | type | EN | RU |", "| --- | --- | --- | --- |"]
        for f in table.fields:
            ref = f" → {f.fk[0]}.{f.fk[1]}" if f.fk else ""
            lines.append(f"| `{f.name}` | {f.type}{ref} | {_md(f.en)} | {_md(f.ru)} |")
        for f in table.fields:
            if f.choices is None:
                continue
            lines += ["", f"`{table.name}.{f.name}`:", "", "| value | EN | RU |", "| --- | --- | --- |"]
            lines += [f"| `{value}` | {_md(en)} | {_md(ru)} |" for value, en, ru in _labels(f.choices)]
    return "\n".join(lines) + "\n"


def codebook_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["table", "field", "type", "description_en", "description_ru", "value", "label_en", "label_ru"])
    listed = set()  # (table, field, value): the grades come first, with their explanations
    for grade, en, ru, m_en, m_ru in _grades():
        writer.writerow(["sources", "grade", "string", m_en, m_ru, grade, en, ru])
        listed.add(("sources", "grade", str(grade)))
    for table in TABLES:
        for f in table.fields:
            writer.writerow([table.name, f.name, f.type, f.en, f.ru, "", "", ""])
            for value, en, ru in _labels(f.choices) if f.choices else []:
                if (table.name, f.name, value) not in listed:
                    writer.writerow([table.name, f.name, f.type, "", "", value, en, ru])
    return out.getvalue().encode("utf-8")


def changes_csv(changes: list[Change]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["table", "record", "change", "field", "before", "after"])
    writer.writerows([c.table, c.record, c.change, c.field, c.before, c.after] for c in changes)
    return out.getvalue().encode("utf-8")


def changelog_md(number: int, on: date, previous: Release | None, changes: list[Change],
                 new: dict[str, list[dict[str, str]]], old: dict[str, list[dict[str, str]]]) -> str:
    head = [f"# Changelog · Журнал изменений — PolicyHub, release {number} / выпуск {number} ({on.isoformat()})", ""]
    if previous is None:
        counts = ", ".join(f"{name}: {len(rows)}" for name, rows in new.items())
        return "\n".join(head + [
            "First release: every record is new. Первый выпуск: все записи новые.", "", counts, ""])
    totals = {kind: len({(c.table, c.record) for c in changes if c.change == kind}) for kind in CHANGE_KINDS}
    head += [
        f"Since release {previous.number} ({previous.date.isoformat()}): {totals['added']} added, "
        f"{totals['removed']} removed, {totals['changed']} changed records. "
        f"С выпуска {previous.number}: добавлено {totals['added']}, удалено {totals['removed']}, "
        f"изменено {totals['changed']}.",
        "", "Every change, field by field, is also in changes.csv. Все изменения по полям есть и в changes.csv.",
    ]
    rows_new = {name: {"/".join(r[k] for k in TABLES_BY_NAME[name].primary_key): r for r in rows}
                for name, rows in new.items()}
    rows_old = {name: {"/".join(r.get(k, "") for k in TABLES_BY_NAME[name].primary_key): r for r in rows}
                for name, rows in old.items()}
    current_table, current_record = None, None
    for change in changes:
        if change.table != current_table:
            current_table, current_record = change.table, None
            head += ["", f"## {change.table}", ""]
        if change.change == "changed":
            if (change.table, change.record) != current_record:
                current_record = (change.table, change.record)
                head.append(f"- changed · изменено `{change.record}`")
            head.append(f"  - `{change.field}`: “{_md(change.before)}” → “{_md(change.after)}”")
        else:
            source = rows_new if change.change == "added" else rows_old
            row = source[change.table].get(change.record, {})
            values = "; ".join(f"{k}: {_md(v)}" for k, v in row.items() if v)
            label = "added · добавлено" if change.change == "added" else "removed · удалено"
            head.append(f"- {label} `{change.record}`: {values}")
    return "\n".join(head) + "\n"


def readme_md(number: int, on: date) -> str:
    return "\n".join([
        f"# {TITLE_EN}", f"# {TITLE_RU}", "",
        f"Data release {number} of {on.isoformat()} · Выпуск данных {number} от {on.isoformat()}", "",
        "- `data/*.csv`: one table per file (UTF-8, comma-separated, first row names the fields); `data.json`: the same "
        "rows. · Одна таблица на файл (UTF-8, через запятую, первая строка — имена полей); `data.json` — те же строки.",
        "- `datapackage.json`: Frictionless Data Package descriptor (types, keys); check it with "
        "`frictionless validate datapackage.json`. · Описание пакета Frictionless Data (типы, ключи).",
        "- `codebook.md`, `codebook.csv`: every field and value in English and Russian. · Все поля и значения на "
        "английском и русском.",
        "- `CHANGELOG.md`, `changes.csv`: what changed since the previous release. · Что изменилось с прошлого выпуска.",
        "- `CITATION.cff`: how to cite this release. · Как ссылаться на этот выпуск.",
        "- `LICENSE.txt`: CC BY 4.0.", "",
        "Only published facts are included; every fact's sources are in citations.csv and sources.csv. "
        "В выпуск входят только опубликованные факты; источники каждого факта — в citations.csv и sources.csv.", "",
    ])


def zip_bytes(number: int, on: date, files: dict[str, bytes]) -> bytes:
    """All files in one folder of a zip, in name order, every entry dated the release day: the same bytes each time."""
    out = io.BytesIO()
    stamp = (max(on.year, 1980), on.month, on.day, 0, 0, 0)
    with zipfile.ZipFile(out, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"policyhub-data-{number}/{name}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, files[name], compresslevel=9)
    return out.getvalue()


def release_files(number: int, on: date, tables: dict[str, list[dict]], previous: Release | None,
                  old: dict[str, list[dict[str, str]]]) -> tuple[dict[str, bytes], list[Change]]:
    """Every file of a release, by its name in the release folder, and the changes since `previous`."""
    cells = as_cells(tables)
    changes = changes_between(old, cells) if previous is not None else []
    files: dict[str, bytes] = {}
    for table in TABLES:
        files[f"data/{table.name}.csv"] = table_csv(table, cells[table.name])
    files["data.json"] = json.dumps(
        {"release": number, "date": on.isoformat(),
         "tables": {name: [{k: _json_value(v) for k, v in row.items()} for row in rows] for name, rows in tables.items()}},
        ensure_ascii=False, indent=1, sort_keys=False,
    ).encode("utf-8")
    files["datapackage.json"] = json.dumps(datapackage(number, on, files), ensure_ascii=False, indent=2).encode("utf-8")
    files["CITATION.cff"] = citation_cff(number, on).encode("utf-8")
    files["LICENSE.txt"] = licence_text(number, on).encode("utf-8")
    files["README.md"] = readme_md(number, on).encode("utf-8")
    files["codebook.md"] = codebook_md(number, on).encode("utf-8")
    files["codebook.csv"] = codebook_csv()
    files["CHANGELOG.md"] = changelog_md(number, on, previous, changes, cells, old).encode("utf-8")
    files["changes.csv"] = changes_csv(changes)
    return files, changes


# --- cutting --------------------------------------------------------------------------------------------------------

def _write(folder: str, files: dict[str, bytes], written: list[str]) -> None:
    for name in sorted(files):
        path = f"{folder}/{name}"
        # Left over from a cut that was stopped before it could clean up: no release owns it.
        if default_storage.exists(path):
            default_storage.delete(path)
        written.append(path)  # before saving: a save that fails half way leaves part of the file
        saved = default_storage.save(path, ContentFile(files[name]))
        if saved != path:
            written.append(saved)
            raise ReleaseError(f"Storage wrote {path} as {saved}; a release's names must be exact.")


def release_cut(*, on: date | None = None) -> Release | None:
    """Cut the next release from the published data; None when nothing changed since the last one.

    The cut holds the data version's row for its whole transaction, so edits and other cuts wait, and what it
    writes agrees with itself. If anything fails, the files written so far are removed and no release is recorded.
    """
    today = timezone.localdate()
    on = on or today
    if on > today:
        # Every later cut would then be refused as dated earlier than this one, until that day.
        raise ReleaseError(f"A release cannot be dated in the future ({on}; today is {today}).")
    written: list[str] = []
    try:
        with transaction.atomic():
            DataVersion.objects.get_or_create(pk=1)
            DataVersion.objects.select_for_update().filter(pk=1).first()
            previous = Release.objects.order_by("-number").first()
            if previous is not None and on < previous.date:
                raise ReleaseError(f"Release {previous.number} is dated {previous.date}; a new one cannot be dated "
                                   f"earlier ({on}).")
            number = previous.number + 1 if previous else 1
            tables = snapshot_build()
            old = previous_cells(previous) if previous else {}
            files, changes = release_files(number, on, tables, previous, old)
            if previous is not None and not changes:
                return None
            archive = Release(number=number, date=on)
            files[archive.zip_name] = zip_bytes(number, on, {k: v for k, v in files.items()})
            try:
                _write(archive.folder, files, written)
            except OSError as error:
                raise ReleaseError(f"Could not write to media storage ({error}).") from error
            data = files[archive.zip_name]
            archive.size = len(data)
            archive.sha256 = hashlib.sha256(data).hexdigest()
            archive.files = sorted(files)
            archive.changelog = changes_summary(changes, {n: len(r) for n, r in tables.items()}, previous)
            archive.save()
            # The footer of every page links the newest release; stored pages are keyed on the data version.
            DataVersion.bump()
            return archive
    except BaseException:
        for path in written:
            try:
                default_storage.delete(path)
            except OSError:
                pass
        raise


def release_file(release: Release, name: str):
    """An open file of a release, or None when the name is not one of its files or it is gone from storage."""
    if name not in release.files:
        return None
    try:
        return default_storage.open(f"{release.folder}/{name}", "rb")
    except OSError:
        return None
