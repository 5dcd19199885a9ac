from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from countries.apibase import ReadViewSet

from .models import Release


class ChangeCountsSerializer(serializers.Serializer):
    added = serializers.IntegerField(help_text="Records new in this release.")
    removed = serializers.IntegerField(help_text="Records the previous release had and this one has not.")
    changed = serializers.IntegerField(help_text="Records with at least one field changed.")


class ChangelogSerializer(serializers.Serializer):
    previous = serializers.IntegerField(allow_null=True, help_text="The release compared with; null for the first.")
    previous_date = serializers.DateField(allow_null=True)
    records = serializers.IntegerField(help_text="Rows in all the release's tables.")
    totals = ChangeCountsSerializer()
    tables = serializers.DictField(child=ChangeCountsSerializer(),
                                   help_text="Per table (as named in the package) that changed: the counts.")


class ReleaseSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField(help_text="The zip of the whole release.")
    files = serializers.SerializerMethodField(help_text="Every file of the release by name, with its address.")
    changelog = ChangelogSerializer(help_text="What changed since the previous release; every change field by field "
                                              "is in the release's changes.csv and CHANGELOG.md.")

    class Meta:
        model = Release
        fields = ["number", "date", "size", "sha256", "download", "files", "changelog"]
        extra_kwargs = {
            "size": {"help_text": "Size of the zip in bytes."},
            "sha256": {"help_text": "SHA-256 of the zip, in hex."},
        }

    def _url(self, release: Release, name: str) -> str:
        path = reverse("release-file", args=[release.number, name])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    @extend_schema_field(serializers.URLField())
    def get_download(self, release: Release) -> str:
        return self._url(release, release.zip_name)

    @extend_schema_field(serializers.DictField(child=serializers.URLField()))
    def get_files(self, release: Release) -> dict[str, str]:
        return {name: self._url(release, name) for name in release.files}


class ReleaseViewSet(ReadViewSet):
    """Numbered, dated releases of all the published data (CC BY 4.0), newest first; each with its zip's size,
    SHA-256 and a summary of what changed since the previous release."""

    queryset = Release.objects.order_by("-number")
    serializer_class = ReleaseSerializer
    lookup_field = "number"
    lookup_value_regex = r"\d+"
