from django.db import migrations


class Migration(migrations.Migration):
    """The brief and the search index now belong to profiles (profiles 0001): the tables stay as they are."""

    dependencies = [
        ("countries", "0008_citation_locator_ru"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel("Brief"), migrations.DeleteModel("SearchEntry")],
        ),
    ]
