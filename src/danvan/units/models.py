"""Administrative units (đơn vị hành chính) after the 2025 reform, and the pre-2025 ones.

Current units form a tree: province (tỉnh, thành phố) → commune (xã, phường, đặc khu) →
hamlet or residential group (ấp, khóm, thôn, tổ dân phố).  Provinces and communes carry the
official codes of QĐ 19/2025/QĐ-TTg and are loaded by ``danvan load_units``; hamlets are added
by each province.  ``path`` holds the codes from the root (``86/29xxx/…``) so a subtree is a
prefix query on an indexed column.

Legacy units (63 provinces, districts, communes before 1 July 2025) are kept read-only with a
mapping from each old commune to today's commune, so that an old address resolves.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("Tỉnh, thành phố")
    COMMUNE = "commune", _("Xã, phường, đặc khu")
    HAMLET = "hamlet", _("Ấp, khóm, thôn, tổ dân phố")


class HamletKind(models.TextChoices):
    """Types of the units below a commune that a province sets up itself (thôn, tổ dân phố).

    The stored value is the Vietnamese word, as in ``AdministrativeUnit.kind`` for the
    official types ("Xã", "Phường").
    """

    AP = "Ấp", _("Ấp")
    KHOM = "Khóm", _("Khóm")
    THON = "Thôn", _("Thôn")
    TO_DAN_PHO = "Tổ dân phố", _("Tổ dân phố")
    KHU_PHO = "Khu phố", _("Khu phố")
    BAN = "Bản", _("Bản")
    BUON = "Buôn", _("Buôn")
    LANG = "Làng", _("Làng")
    SOC = "Sóc", _("Sóc")


class UnitQuerySet(models.QuerySet["AdministrativeUnit"]):
    def provinces(self) -> "UnitQuerySet":
        return self.filter(level=UnitLevel.PROVINCE)

    def communes(self) -> "UnitQuerySet":
        return self.filter(level=UnitLevel.COMMUNE)

    def hamlets(self) -> "UnitQuerySet":
        return self.filter(level=UnitLevel.HAMLET)

    def active(self) -> "UnitQuerySet":
        return self.filter(is_active=True)

    def within(self, unit: "AdministrativeUnit") -> "UnitQuerySet":
        """The unit and every unit below it."""
        return self.filter(path__startswith=unit.path)


class AdministrativeUnit(models.Model):
    """A current unit (đơn vị hành chính): province, commune or hamlet.

    ``name`` is the full official name with its type ("Xã Long Đức"), ``short_name`` the name
    without it ("Long Đức"), ``kind`` the type ("Tỉnh", "Thành phố", "Xã", "Phường",
    "Đặc khu", "Ấp"…).  ``path`` is "<province code>/", then "<commune code>/", then
    "<hamlet code>/" appended; ``search_key`` is ``danvan.core.text.search_key(name)``.
    """

    code = models.CharField(
        _("mã"),
        max_length=32,
        unique=True,
        help_text=_("Mã theo QĐ 19/2025/QĐ-TTg; ấp, khóm do tỉnh đặt."),
    )
    name = models.CharField(_("tên"), max_length=128)
    short_name = models.CharField(_("tên ngắn"), max_length=128, blank=True)
    kind = models.CharField(
        _("loại"), max_length=32, help_text=_("Tỉnh, Thành phố, Xã, Phường, Đặc khu, Ấp, Khóm…")
    )
    level = models.CharField(_("cấp"), max_length=16, choices=UnitLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thuộc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("đường dẫn"), max_length=255, db_index=True, editable=False)
    search_key = models.CharField(
        _("khóa tìm kiếm"),
        max_length=255,
        db_index=True,
        editable=False,
        help_text=_("Tên không dấu, chữ thường."),
    )
    latitude = models.FloatField(_("vĩ độ"), null=True, blank=True)
    longitude = models.FloatField(_("kinh độ"), null=True, blank=True)
    is_active = models.BooleanField(_("đang hiệu lực"), default=True)

    objects = UnitQuerySet.as_manager()

    # Permission scope (``danvan.organizations.access``): a unit is its own area.
    scope_unit_field = ""

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["path"]
        indexes = [models.Index(fields=["level", "parent"], name="unit_level_parent_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"],
                condition=Q(level=UnitLevel.HAMLET),
                name="unit_hamlet_name_uniq",
            ),
        ]

    def __str__(self) -> str:
        if self.level == UnitLevel.COMMUNE and self.parent is not None:
            return f"{self.name}, {self.parent.name}"
        return self.name

    def is_within(self, other: "AdministrativeUnit") -> bool:
        return self.path.startswith(other.path)


class LegacyUnit(models.Model):
    """A unit as it was before 1 July 2025 (tỉnh cũ, huyện, xã cũ): reference only."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Tỉnh cũ")
        DISTRICT = "district", _("Huyện, quận, thị xã, thành phố thuộc tỉnh")
        WARD = "ward", _("Xã, phường, thị trấn cũ")

    code = models.CharField(_("mã cũ"), max_length=16)
    level = models.CharField(_("cấp"), max_length=16, choices=Level.choices)
    name = models.CharField(_("tên"), max_length=128)
    short_name = models.CharField(_("tên ngắn"), max_length=128, blank=True)
    kind = models.CharField(_("loại"), max_length=32, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thuộc"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    search_key = models.CharField(_("khóa tìm kiếm"), max_length=255, db_index=True)
    successors = models.ManyToManyField(
        AdministrativeUnit,
        verbose_name=_("đơn vị hiện nay"),
        blank=True,
        related_name="predecessors",
        through="LegacySuccession",
        help_text=_("Xã, phường hiện nay đã tiếp nhận địa bàn của đơn vị cũ này."),
    )

    class Meta:
        verbose_name = _("đơn vị hành chính cũ (trước 01/7/2025)")
        verbose_name_plural = _("đơn vị hành chính cũ (trước 01/7/2025)")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["level", "code"], name="legacy_unit_level_code_uniq")
        ]

    def __str__(self) -> str:
        return self.name


class LegacySuccession(models.Model):
    """Which current unit took over (part of) a legacy unit's area (sắp xếp đơn vị hành chính).

    A legacy commune usually went whole into one new commune; about 470 were divided between
    two to five.  ``is_primary`` marks the one the conversion data names as the default
    (the one an address without a street resolves to).  Legacy provinces point to their new
    province; the island districts without communes (Côn Đảo, Lý Sơn…) to their special zone.
    """

    legacy = models.ForeignKey(
        LegacyUnit,
        verbose_name=_("đơn vị cũ"),
        on_delete=models.CASCADE,
        related_name="successions",
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("đơn vị hiện nay"),
        on_delete=models.CASCADE,
        related_name="successions",
    )
    is_primary = models.BooleanField(
        _("đơn vị chính"),
        default=False,
        help_text=_("Đơn vị hiện nay nhận địa chỉ cũ khi không rõ số nhà, đường phố."),
    )

    class Meta:
        verbose_name = _("đơn vị kế thừa")
        verbose_name_plural = _("đơn vị kế thừa")
        constraints = [
            models.UniqueConstraint(fields=["legacy", "unit"], name="legacy_succession_uniq"),
            models.UniqueConstraint(
                fields=["legacy"],
                condition=Q(is_primary=True),
                name="legacy_succession_one_primary",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.legacy} → {self.unit}"
