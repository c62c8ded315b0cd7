"""Speakers and the names they go by."""

from django.db import models
from django.db.models import Q


class Speaker(models.Model):
    """A canonical speaker: a person, an organisation, a group or a country."""

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"
        GROUP = "group", "Group"
        COUNTRY = "country", "Country"

    class Gender(models.TextChoices):
        MALE = "male", "Male"
        FEMALE = "female", "Female"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.PERSON)
    description = models.CharField(max_length=300, blank=True)
    # what "he" and "she" may refer to when an article does not say (the speaker registry)
    gender = models.CharField(max_length=8, choices=Gender.choices, blank=True)
    # NULL, not "", when unknown: the uniqueness constraint applies only to known QIDs
    wikidata_qid = models.CharField("Wikidata QID", max_length=20, null=True, blank=True)  # noqa: DJ001
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged",
        help_text="Set when an editor merged this speaker into another: its quotes moved there.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        # the API's list, by name (a page of 50 of 40,000 speakers without a sort of them all)
        indexes = [models.Index(fields=["name", "id"], name="speaker_by_name")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["person", "organisation", "group", "country"]),
                name="speaker_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(wikidata_qid__isnull=True) | Q(wikidata_qid__regex=r"^Q[1-9][0-9]*$"),
                name="speaker_wikidata_qid_format",
            ),
            models.UniqueConstraint(
                fields=["wikidata_qid"],
                condition=Q(wikidata_qid__isnull=False),
                name="speaker_wikidata_qid_unique",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="speaker_name_not_empty"),
            models.CheckConstraint(
                condition=Q(gender__in=["", "male", "female"]), name="speaker_gender_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def merge_target(self) -> "Speaker":
        """The speaker this one ends up as, following merges (A merged into B, then B into
        C: C); itself when it was never merged."""
        speaker, seen = self, {self.pk}
        while speaker.merged_into_id and speaker.merged_into_id not in seen:
            speaker = speaker.merged_into
            seen.add(speaker.pk)
        return speaker


class SpeakerAlias(models.Model):
    """A name form seen for a speaker ("Mr Putin", "Russian President Vladimir Putin")."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=300)
    normalised = models.CharField(max_length=300, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "speaker aliases"
        constraints = [
            models.CheckConstraint(condition=~Q(normalised=""), name="alias_normalised_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name
