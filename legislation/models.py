"""Laws, substances, quantity thresholds and sanctions."""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from countries.dates import Precision, display_date
from countries.models import Citation, Country, Fact, LabelledModel, reads_russian, translated


class Substance(LabelledModel):
    class Category(models.TextChoices):
        OPIOID = "opioid", _("opioid")
        CANNABINOID = "cannabinoid", _("cannabinoid")
        STIMULANT = "stimulant", _("stimulant")
        HALLUCINOGEN = "hallucinogen", _("hallucinogen")
        SEDATIVE = "sedative", _("sedative")
        NPS = "nps", _("new psychoactive substance")
        OTHER = "other", _("other")

    slug = models.SlugField(_("slug"), unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_ru = models.CharField(_("name (Russian)"), max_length=120, blank=True)
    synonyms = models.CharField(_("synonyms"), max_length=500, blank=True, help_text=_("Other names, comma-separated."))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    un_schedule = models.CharField(_("UN schedule"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name_en"]
        verbose_name = _("substance")
        verbose_name_plural = _("substances")

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> str:
        return translated(self, "name")

    @property
    def synonym_list(self) -> list[str]:
        return [s.strip() for s in self.synonyms.split(",") if s.strip()]


class Law(Fact):
    """A legal instrument. valid_from is the day it entered into force, valid_to the day it was repealed."""

    class Kind(models.TextChoices):
        CRIMINAL_CODE = "criminal_code", _("criminal code")
        ADMINISTRATIVE_CODE = "administrative_code", _("code of administrative offences")
        DRUG_LAW = "drug_law", _("drug law")
        GOVERNMENT_DECREE = "government_decree", _("government decree")
        MINISTERIAL_ORDER = "ministerial_order", _("ministerial order")
        COURT_DECISION = "court_decision", _("court decision")
        GUIDELINE = "guideline", _("guideline")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("in force")
        DRAFT = "draft", _("draft")
        REPEALED = "repealed", _("repealed")

    country = models.ForeignKey(Country, verbose_name=_("country"), on_delete=models.CASCADE, related_name="laws")
    title_en = models.CharField(_("title (English)"), max_length=500)
    title_original = models.CharField(_("title (original language)"), max_length=500, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=500, blank=True)
    original_language = models.CharField(_("original language"), max_length=10, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    reference = models.CharField(_("reference number"), max_length=200, blank=True)
    reference_ru = models.CharField(_("reference number (Russian)"), max_length=200, blank=True,
                                    help_text=_("Only where the reference has words to translate; “No.” reads “№” "
                                                "on Russian pages without it."))
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_precision = models.CharField(_("adopted precision"), max_length=12, choices=Precision.choices, default=Precision.UNDATED)
    amended_on = models.DateField(_("latest amendment"), null=True, blank=True)
    amended_precision = models.CharField(_("amended precision"), max_length=12, choices=Precision.choices, default=Precision.UNDATED)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.IN_FORCE)
    url = models.URLField(_("link to the text"), max_length=1000, blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    summary_ru = models.TextField(_("summary (Russian)"), blank=True)
    citations = models.ManyToManyField(Citation, verbose_name=_("citations"), blank=True, related_name="laws")
    history = HistoricalRecords(m2m_fields=[citations])

    class Meta:
        ordering = ["country", "title_en"]
        verbose_name = _("law")
        verbose_name_plural = _("laws")
        constraints = [
            Fact.validity_constraint("law_validity_range"),
            models.UniqueConstraint(fields=["country", "title_en"], name="law_title_unique_per_country"),
        ]

    def __str__(self) -> str:
        return f"{self.country.iso2}: {self.title_en}"

    @property
    def title(self) -> str:
        return translated(self, "title")

    @property
    def reference_display(self) -> str:
        """The act's number in the reader's language: its Russian rendering, or "No. 873" written "№ 873"."""
        shown = translated(self, "reference", english="reference")
        return re.sub(r"\bNo\. ?", "№ ", shown) if reads_russian() and not self.reference_ru else shown

    @property
    def amended_display(self) -> str:
        return display_date(self.amended_on, self.amended_precision) if self.amended_on else ""

    @property
    def summary(self) -> str:
        return translated(self, "summary")

    @property
    def adopted_display(self) -> str:
        return display_date(self.adopted_on, self.adopted_precision)

    def clean(self):
        super().clean()
        if self.status == self.Status.REPEALED and not self.valid_to:
            raise ValidationError({"valid_to": _("A repealed law needs its repeal date.")})
        if self.status == self.Status.IN_FORCE and self.valid_to:
            raise ValidationError({"status": _("A law with a repeal date is not in force.")})


class Article(models.Model):
    country_lookup = "law__country"  # whose editors may change it

    law = models.ForeignKey(Law, verbose_name=_("law"), on_delete=models.CASCADE, related_name="articles")
    number = models.CharField(_("number"), max_length=60, help_text=_("As the law numbers it, e.g. 228(1) or 44."))
    title = models.CharField(_("title"), max_length=300, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["law", "number"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [models.UniqueConstraint(fields=["law", "number"], name="article_number_unique_per_law")]

    def __str__(self) -> str:
        return f"{self.law.title_en}, art. {self.number}"


def shown_law(fact) -> "Law | None":
    """The law a threshold or sanction cites, as the public may see it: None when it cites none, or the law is gone
    or unpublished (a law is published from its own citations, so a published fact can cite an unpublished law)."""
    if fact.law_id is None:
        return None
    try:
        law = fact.law
    except Law.DoesNotExist:
        return None
    return law if law is not None and law.published else None


def shown_article(fact) -> "Article | None":
    """The article a fact cites, shown only when its law is shown."""
    if fact.article_id is None:
        return None
    try:
        article = fact.article
    except Article.DoesNotExist:
        return None
    if article is None:
        return None
    if article.law_id == fact.law_id:
        return article if shown_law(fact) is not None else None
    return article if article.law.published else None


class CitesLaw:
    """A threshold or sanction: the law and article it cites, as the public may see them (for templates)."""

    @property
    def public_law(self) -> "Law | None":
        return shown_law(self)

    @property
    def public_article(self) -> "Article | None":
        return shown_article(self)


class FactKind(models.TextChoices):
    """What kind of rule a threshold or sanction is: only statutory and case-law rules make the legal table."""

    STATUTORY = "statutory", _("statutory")
    CASE_LAW = "case_law", _("set by case law")
    COURT_LIMIT = "court_limit", _("court-made limit")
    ILLUSTRATIVE = "illustrative", _("illustrative example")
    PROPOSAL = "proposal", _("proposal (not law)")


TABLE_KINDS = (FactKind.STATUTORY, FactKind.CASE_LAW)


class Tier(models.IntegerChoices):
    SMALL = 1, _("small")
    LARGE = 2, _("large")
    ESPECIALLY_LARGE = 3, _("especially large")


class Unit(models.TextChoices):
    GRAM = "g", _("g")
    MILLIGRAM = "mg", _("mg")
    MILLILITRE = "ml", _("ml")
    UNIT = "unit", _("counted units")


# The units a reader may ask about ("what happens with 1 g"), and the largest amount asked about.
ASKED_UNITS = (Unit.GRAM, Unit.MILLIGRAM)
MAX_ASKED_AMOUNT = Decimal("1000000")


def read_amount(raw: str) -> Decimal:
    """An amount someone typed ("1", "0.5", "0,5"): a positive number up to MAX_ASKED_AMOUNT, else ValueError saying
    what is wrong (translated)."""
    try:
        amount = Decimal(raw.strip().replace(",", "."))
    except InvalidOperation:
        raise ValueError(_("The amount must be a number, for example 1 or 0.5.")) from None
    if not amount.is_finite() or amount <= 0 or amount > MAX_ASKED_AMOUNT:
        raise ValueError(_("The amount must be a positive number."))
    return amount


def read_unit(raw: str) -> str:
    if raw not in ASKED_UNITS:
        raise ValueError(_("Choose grams or milligrams."))
    return raw


class Basis(models.TextChoices):
    MIXTURE = "mixture", _("whole mixture")
    PURE = "pure", _("pure active substance")
    UNSPECIFIED = "unspecified", _("not specified")


class Threshold(CitesLaw, Fact):
    """A line on the quantity axis for one substance: crossing it moves a case into the next band.

    Band k holds the amounts that have crossed k lines. `amount_in` says on which side of the line the
    threshold amount itself falls: "more than 0.5 g" and "up to 0.15 g" leave the amount below the line,
    "from 15 g" puts it above.
    """

    class Side(models.TextChoices):
        BELOW = "below", _("below the line (more than / up to)")
        ABOVE = "above", _("above the line (from / at least)")
        UNSPECIFIED = "unspecified", _("not specified")

    country = models.ForeignKey(Country, verbose_name=_("country"), on_delete=models.CASCADE, related_name="thresholds")
    substance = models.ForeignKey(Substance, verbose_name=_("substance"), on_delete=models.PROTECT, related_name="thresholds")
    substance_form = models.CharField(_("substance form"), max_length=120, blank=True, help_text=_("e.g. dried, fresh, resin"))
    substance_form_ru = models.CharField(_("substance form (Russian)"), max_length=120, blank=True)
    law = models.ForeignKey(Law, verbose_name=_("law"), on_delete=models.PROTECT, null=True, blank=True, related_name="thresholds")
    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.SET_NULL, null=True, blank=True, related_name="thresholds")
    kind = models.CharField(_("kind"), max_length=20, choices=FactKind.choices, default=FactKind.STATUTORY)
    tier = models.PositiveSmallIntegerField(_("tier"), choices=Tier.choices)
    term = models.CharField(_("the law's own term"), max_length=200)
    term_en = models.CharField(_("term in English"), max_length=200, blank=True)
    term_ru = models.CharField(_("term in Russian"), max_length=200, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=4, null=True, blank=True)
    amount_max = models.DecimalField(_("amount max"), max_digits=14, decimal_places=4, null=True, blank=True)
    amount_in = models.CharField(_("amount in"), max_length=12, choices=Side.choices, default=Side.UNSPECIFIED)
    amount_as_stated = models.CharField(_("amount as stated"), max_length=200, blank=True, help_text=_("The source's own notation."))
    unit = models.CharField(_("unit"), max_length=4, choices=Unit.choices, default=Unit.GRAM)
    counted_item = models.CharField(_("counted item"), max_length=100, blank=True, help_text=_("What is counted when the unit is counted units."))
    counted_item_ru = models.CharField(_("counted item (Russian)"), max_length=100, blank=True)
    basis = models.CharField(_("basis"), max_length=12, choices=Basis.choices, default=Basis.UNSPECIFIED)
    citations = models.ManyToManyField(Citation, verbose_name=_("citations"), blank=True, related_name="thresholds")
    history = HistoricalRecords(m2m_fields=[citations])

    class Meta:
        ordering = ["country", "substance", "law", "basis", "tier"]
        verbose_name = _("threshold")
        verbose_name_plural = _("thresholds")
        constraints = [
            Fact.validity_constraint("threshold_validity_range"),
            models.CheckConstraint(condition=Q(amount__isnull=True) | Q(amount__gt=0), name="threshold_amount_positive"),
            models.CheckConstraint(
                condition=Q(amount_max__isnull=True) | Q(amount_max__gt=F("amount")), name="threshold_range_ordered"
            ),
            models.CheckConstraint(condition=Q(tier__gte=1, tier__lte=3), name="threshold_tier_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.country.iso2} {self.substance} {self.get_tier_display()}: {self.amount_display}"

    @property
    def unit_display(self) -> str:
        if self.unit == Unit.UNIT and self.counted_item:
            return _localised(self.counted_item, self.counted_item_ru)
        return self.get_unit_display()

    @property
    def term_rendering(self) -> str:
        """The law's term in the reader's language, when the law's own words are in another."""
        rendering = _localised(self.term_en, self.term_ru)
        return "" if rendering == self.term else rendering

    @property
    def form_display(self) -> str:
        return _localised(self.substance_form, self.substance_form_ru)

    @property
    def amount_display(self) -> str:
        if self.amount is None:
            return self.amount_as_stated or "—"
        amount = _fmt(self.amount)
        if self.amount_max is not None:
            return f"{amount}–{_fmt(self.amount_max)} {self.unit_display}"
        prefix = {self.Side.BELOW: "", self.Side.ABOVE: "≥ "}.get(self.amount_in, "")
        return f"{prefix}{amount} {self.unit_display}"

    @property
    def in_table(self) -> bool:
        return self.kind in TABLE_KINDS

    def crossed_by(self, quantity: Decimal) -> bool:
        """Whether a quantity (in this threshold's unit) has crossed this line."""
        if self.amount is None:
            return False
        if self.amount_in == self.Side.ABOVE:
            return quantity >= self.amount
        return quantity > self.amount

    def clean(self):
        super().clean()
        if self.amount is not None and self.amount <= 0:
            raise ValidationError({"amount": _("An amount must be positive.")})
        if self.amount is None and not self.amount_as_stated:
            raise ValidationError({"amount": _("Give the amount, or the source's wording where it states none.")})
        if self.amount_max is not None and (self.amount is None or self.amount_max <= self.amount):
            raise ValidationError({"amount_max": _("The upper end of a range must exceed its lower end.")})
        if self.article_id and self.law_id and self.article.law_id != self.law_id:
            raise ValidationError({"article": _("This article belongs to another law.")})
        if self.country_id and self.substance_id and self.amount is not None:
            clash = self.out_of_order_with()
            if clash is not None:
                raise ValidationError(
                    {"tier": _("Tiers out of order: %(other)s sets %(amount)s for the %(tier)s tier.")
                     % {"other": clash.law or clash.term, "amount": clash.amount_display, "tier": clash.get_tier_display()}}
                )

    def out_of_order_with(self) -> "Threshold | None":
        """Another threshold of the same table in force at the same time whose order contradicts this one."""
        others = Threshold.objects.filter(
            country_id=self.country_id, substance_id=self.substance_id, substance_form=self.substance_form, law_id=self.law_id,
            basis=self.basis, unit=self.unit, kind=self.kind, amount__isnull=False,
        ).exclude(pk=self.pk).exclude(tier=self.tier)
        if self.valid_to:
            others = others.filter(Q(valid_from__isnull=True) | Q(valid_from__lt=self.valid_to))
        if self.valid_from:
            others = others.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=self.valid_from))
        for other in others:
            # A higher tier may repeat the line below it ("up to 200 g" / "more than 200 g"), never undercut it.
            if (other.amount > self.amount) if other.tier < self.tier else (other.amount < self.amount):
                return other
        return None


def _localised(english: str, russian: str) -> str:
    if reads_russian() and russian:
        return russian
    return english


def _fmt(value: Decimal) -> str:
    """A number as the reader's language writes it: 1234.5 in English, 1 234,5 in Russian."""
    text = format(value.normalize(), "f")
    if reads_russian():
        whole, _dot, fraction = text.partition(".")
        sign = "-" if whole.startswith("-") else ""
        digits = whole.lstrip("-")
        grouped = " ".join(digits[max(i - 3, 0):i] for i in range(len(digits), 0, -3)[::-1]) if len(digits) > 4 else digits
        return sign + grouped + ("," + fraction if fraction else "")
    return text


format_number = _fmt  # for other modules: amounts written outside a fact, such as chart labels


class Alternative(models.Model):
    """An alternative to punishment a law allows (treatment, education, diversion...)."""

    slug = models.SlugField(_("slug"), unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_ru = models.CharField(_("name (Russian)"), max_length=120, blank=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("alternative")
        verbose_name_plural = _("alternatives")

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> str:
        return translated(self, "name")


class Sanction(CitesLaw, Fact):
    """The penalty for an offence within a quantity band.

    band_from and band_to count threshold lines crossed (see Threshold): 0 is below the first line,
    3 above the last. band_to empty means no upper limit.
    """

    class Offence(models.TextChoices):
        USE = "use", _("use")
        POSSESSION_PERSONAL = "possession_personal", _("possession for personal use")
        PURCHASE_PERSONAL = "purchase_personal", _("purchase for personal use")
        CULTIVATION_PERSONAL = "cultivation_personal", _("cultivation for personal use")
        SUPPLY = "supply", _("supply")
        TRAFFICKING = "trafficking", _("trafficking")
        OTHER = "other", _("other")

    class Liability(models.TextChoices):
        CRIMINAL = "criminal", _("criminal")
        ADMINISTRATIVE = "administrative", _("administrative")
        NONE = "none", _("none")
        UNCLEAR = "unclear", _("not clear from the sources")

    country = models.ForeignKey(Country, verbose_name=_("country"), on_delete=models.CASCADE, related_name="sanctions")
    class Condition(models.TextChoices):
        FIRST = "first", _("first offence")
        REPEAT = "repeat", _("repeat offence")
        AGGRAVATED = "aggravated", _("aggravating circumstance")
        ANY = "any", _("whatever the person's record")

    offence = models.CharField(_("offence"), max_length=30, choices=Offence.choices)
    offence_detail = models.CharField(_("offence detail"), max_length=300, blank=True, help_text=_("How the source describes the offence."))
    offence_detail_ru = models.CharField(_("offence as described (Russian)"), max_length=300, blank=True)
    condition = models.CharField(_("condition"),
        max_length=12, choices=Condition.choices, blank=True,
        help_text=_("Whom the penalty applies to: a first offence, a repeat offence, or anyone."),
    )
    condition_detail_en = models.CharField(_("condition (English)"), max_length=300, blank=True,
                                           help_text=_("e.g. repeated within one year after an administrative penalty"))
    condition_detail_ru = models.CharField(_("condition (Russian)"), max_length=300, blank=True)
    substance = models.ForeignKey(
        Substance, verbose_name=_("substance"), on_delete=models.PROTECT, null=True, blank=True, related_name="sanctions",
        help_text=_("Empty when it applies to every substance."),
    )
    band_from = models.PositiveSmallIntegerField(_("band from"), null=True, blank=True, help_text=_("Lines crossed at the lower end (0-3); empty when the law sets no quantity."))
    band_to = models.PositiveSmallIntegerField(_("band to"), null=True, blank=True, help_text=_("Lines crossed at the upper end (0-3); empty for no upper limit."))
    kind = models.CharField(_("kind"), max_length=20, choices=FactKind.choices, default=FactKind.STATUTORY)
    liability = models.CharField(_("liability"), max_length=20, choices=Liability.choices)
    law = models.ForeignKey(Law, verbose_name=_("law"), on_delete=models.PROTECT, null=True, blank=True, related_name="sanctions")
    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.SET_NULL, null=True, blank=True, related_name="sanctions")
    article_as_stated = models.CharField(_("article as stated"), max_length=300, blank=True)
    fine_min = models.DecimalField(_("fine min"), max_digits=14, decimal_places=2, null=True, blank=True)
    fine_max = models.DecimalField(_("fine max"), max_digits=14, decimal_places=2, null=True, blank=True)
    fine_unit = models.CharField(_("fine unit"), max_length=120, blank=True, help_text=_("Currency code or the law's fine unit."))
    fine_unit_ru = models.CharField(_("fine unit (Russian)"), max_length=120, blank=True,
                                    help_text=_("The law's fine unit in Russian; not needed for a currency code."))
    detention_days_max = models.PositiveSmallIntegerField(_("administrative detention, days at most"), null=True, blank=True)
    prison_months_min = models.DecimalField(_("prison months min"), max_digits=6, decimal_places=1, null=True, blank=True)
    prison_months_max = models.DecimalField(_("prison months max"), max_digits=6, decimal_places=1, null=True, blank=True)
    community_work_hours_max = models.PositiveSmallIntegerField(_("community work hours max"), null=True, blank=True)
    alternatives = models.ManyToManyField(Alternative, verbose_name=_("alternatives"), blank=True, related_name="sanctions")
    alternatives_note = models.TextField(_("alternatives note"), blank=True)
    alternatives_note_ru = models.TextField(_("alternatives (Russian)"), blank=True)
    penalty_summary = models.CharField(_("penalty summary"), max_length=500, blank=True)
    penalty_summary_ru = models.CharField(_("penalty summary (Russian)"), max_length=500, blank=True)
    citations = models.ManyToManyField(Citation, verbose_name=_("citations"), blank=True, related_name="sanctions")
    history = HistoricalRecords(m2m_fields=[citations, alternatives])

    class Meta:
        ordering = ["country", "offence", "band_from", "liability"]
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")
        constraints = [
            Fact.validity_constraint("sanction_validity_range"),
            models.CheckConstraint(condition=Q(band_from__isnull=True) | Q(band_from__lte=3), name="sanction_band_from_range"),
            models.CheckConstraint(condition=Q(band_to__isnull=True) | Q(band_to__lte=3), name="sanction_band_to_range"),
            models.CheckConstraint(
                condition=Q(band_to__isnull=True) | Q(band_from__isnull=True) | Q(band_to__gte=F("band_from")),
                name="sanction_band_ordered",
            ),
            models.CheckConstraint(
                condition=Q(fine_max__isnull=True) | Q(fine_min__isnull=True) | Q(fine_max__gte=F("fine_min")),
                name="sanction_fine_ordered",
            ),
            models.CheckConstraint(
                condition=Q(prison_months_max__isnull=True) | Q(prison_months_min__isnull=True)
                | Q(prison_months_max__gte=F("prison_months_min")),
                name="sanction_prison_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country.iso2} {self.get_offence_display()} ({self.get_liability_display()})"

    @property
    def offence_text(self) -> str:
        return _localised(self.offence_detail, self.offence_detail_ru) or str(self.get_offence_display())

    @property
    def summary_text(self) -> str:
        return _localised(self.penalty_summary, self.penalty_summary_ru)

    @property
    def condition_text(self) -> str:
        detail = _localised(self.condition_detail_en, self.condition_detail_ru)
        return detail or (str(self.get_condition_display()) if self.condition else "")

    @property
    def alternatives_text(self) -> str:
        return _localised(self.alternatives_note, self.alternatives_note_ru)

    def applies_to_band(self, band: int) -> bool:
        if self.band_from is None:
            return True
        return self.band_from <= band and (self.band_to is None or band <= self.band_to)

    @property
    def fine_display(self) -> str:
        if self.fine_min is None and self.fine_max is None:
            return ""
        low, high = self.fine_min, self.fine_max
        unit = _localised(self.fine_unit, self.fine_unit_ru)
        unit = f" {unit}" if unit else ""
        if low is not None and high is not None and low != high:
            return f"{_fmt(low)}–{_fmt(high)}{unit}"
        value = high if high is not None else low
        return f"{'' if low is not None else '≤ '}{_fmt(value)}{unit}"

    @property
    def prison_display(self) -> str:
        low, high = self.prison_months_min, self.prison_months_max
        if low is None and high is None:
            return ""
        if low is not None and high is not None:
            return _("%(low)s–%(high)s months") % {"low": _fmt(low), "high": _fmt(high)}
        if high is not None:
            return _("up to %(high)s months") % {"high": _fmt(high)}
        return _("at least %(low)s months") % {"low": _fmt(low)}

    def clean(self):
        super().clean()
        for low, high, label in (
            ("fine_min", "fine_max", _("fine")),
            ("prison_months_min", "prison_months_max", _("prison term")),
            ("band_from", "band_to", _("quantity band")),
        ):
            a, b = getattr(self, low), getattr(self, high)
            if a is not None and b is not None and b < a:
                raise ValidationError({high: _("The %(what)s range ends below its start.") % {"what": label}})
        for name in ("fine_min", "fine_max", "prison_months_min", "prison_months_max"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise ValidationError({name: _("Must not be negative.")})
        for name in ("band_from", "band_to"):
            value = getattr(self, name)
            if value is not None and value > 3:
                raise ValidationError({name: _("A band counts at most three lines.")})
        if self.liability == self.Liability.NONE and (self.fine_max or self.prison_months_max or self.detention_days_max):
            raise ValidationError({"liability": _("A penalty is given, so liability cannot be none.")})
