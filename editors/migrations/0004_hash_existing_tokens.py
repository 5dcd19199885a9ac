"""Existing plain-text DRF tokens become hashed API tokens: the keys partners hold keep working, and the database
no longer holds them."""

import hashlib

from django.db import migrations


def hash_tokens(apps, schema_editor):
    Token = apps.get_model("authtoken", "Token")
    ApiToken = apps.get_model("editors", "ApiToken")
    for token in Token.objects.all():
        ApiToken.objects.create(user_id=token.user_id, name="migrated", prefix=token.key[:8],
                                digest=hashlib.sha256(token.key.encode()).hexdigest())
    Token.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("editors", "0003_apitoken"),
        ("authtoken", "0004_alter_tokenproxy_options"),
    ]

    # The keys cannot be recovered from their hashes; going back leaves the hashed tokens where they are.
    operations = [migrations.RunPython(hash_tokens, migrations.RunPython.noop)]
