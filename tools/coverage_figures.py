"""Print the coverage figures of the bundled data for the focus countries (run after `manage.py seed`).

    DEBUG=1 .venv/bin/python manage.py shell -c "from tools.coverage_figures import main; main()"
"""

from profiles.quality import country_table, coverage_figures


def main() -> None:
    for key, value in coverage_figures().items():
        print(f"{key}: {value}")
    print()
    print(country_table())
