"""Synthetic petitions for ``bench/petitions.py``: realistic distributions, built fast.

Rows are plain tuples in ``COLUMNS`` order (the ``petitions_petition`` columns except ``id``),
ready for PostgreSQL's COPY or SQLite's ``executemany``; nothing goes through the services.
The distributions (documented in ``docs/benchmarks.md``, section "petitions (issue 3)"):

- received_on: 2024-07-01 … today (2026-11-25), the daily volume growing 3× over the period,
  non-working days at 15 % of a working day's volume (portal and e-mail only);
- kind: 55 % phản ánh, 25 % kiến nghị, 12 % khiếu nại, 8 % tố cáo;
- field: skewed, đất đai 30 %, then xây dựng, môi trường, chính sách xã hội …; a third of the
  denunciations are about corruption (tham nhũng);
- organization: 80 % the UBND of the commune concerned (communes weighted by a log-normal
  volume: a few busy urban wards, many quiet communes), 8 % the provincial citizen reception
  office (Ban Tiếp công dân tỉnh), 12 % the provincial department of the petition's field;
- state: ``open_share`` (default 9 %) open; the rest closed (48 %), answered (14 %), rated
  (6 %), transferred (9 %), guided (8 %), filed (4 %), refused (1 %, complaints and
  denunciations only), withdrawn (1 %), normalised to ``1 - open_share``.  Open petitions:
  received 22 %, classified 12 %, assigned 25 %, verifying 25 %, dialogue 4 % (complaints),
  decided 6 % (complaints, denunciations), suspended 3 %, anonymous queue 3 %
  (denunciations); 75 % of them are recent (age exponential, mean 30 days) and 25 % a backlog
  spread over the whole period, so a share is overdue.  With ``open_share`` ≥ 0.5 every open
  petition takes its receipt date from the overall distribution (the "everything open"
  stress variant);
- the clock (clock_step, clock_started_on, due_on, deadline_rule_set) is computed by the
  deadline engine exactly as ``petitions.clocks`` does for the state: the intake step from
  the receipt, the resolution step from the acceptance (none for phản ánh/kiến nghị, which
  no rule times), the sending step from the decision; none in closed states;
- flags: đông người 3 % (5–60 people), vượt cấp 4 %, kéo dài 5 %, trùng lặp 3 %, tái diễn
  2 %, khẩn 2 %; anonymous: 30 % of the denunciations, 2 % of phản ánh/kiến nghị; remote
  area 5 %; complex 17 % and especially complex 3 % of complaints and denunciations;
- consent to publish (``consent_to_publish``, what Open311 lists): 50 % of phản ánh and
  kiến nghị, 10 % of complaints, no denunciation (until issue 4: 20 % of every kind);
- texts: subject ~70 characters, content ~600 (300–900), Vietnamese sentences assembled from
  a pool per field; ``search_text`` is ``danvan.core.text.fold`` of the same parts as
  ``Petition.build_search_text`` (folded once per pooled piece, then joined: the same string).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

START = dt.date(2024, 7, 1)
TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

COLUMNS = [
    "tracking_code",
    "submission_key",
    "kind",
    "channel",
    "field",
    "subject",
    "content",
    "request",
    "commune_id",
    "hamlet_id",
    "address_as_written",
    "received_on",
    "received_by_id",
    "receiving_organization_id",
    "organization_id",
    "assigned_to_id",
    "state",
    "state_before_suspension",
    "classification_reason",
    "refusal_ground",
    "filing_reason",
    "transferred_to_id",
    "transferred_to_name",
    "is_anonymous",
    "identity_confidential",
    "has_signature",
    "petitioner_count",
    "complexity",
    "is_remote_area",
    "complaint_round",
    "contested_decision",
    "contested_decision_known_on",
    "accused",
    "is_mass",
    "is_bypassing",
    "is_prolonged",
    "is_duplicate",
    "is_recurring",
    "is_urgent",
    "clock_step",
    "clock_started_on",
    "due_on",
    "deadline_rule_set",
    "extensions",
    "pauses",
    "paused_on",
    "accepted_on",
    "decided_on",
    "answered_on",
    "closed_on",
    "consent_to_publish",
    "search_text",
    "version",
    "created_at",
    "updated_at",
]

KINDS = ["phan_anh", "kien_nghi", "khieu_nai", "to_cao"]
KIND_WEIGHTS = [55, 25, 12, 8]
FIELD_WEIGHTS = {
    "dat_dai": 30,
    "xay_dung": 9,
    "moi_truong": 9,
    "chinh_sach_xa_hoi": 8,
    "giao_thong": 7,
    "ha_tang": 7,
    "nong_nghiep": 6,
    "an_ninh_trat_tu": 5,
    "hanh_chinh": 5,
    "y_te": 3,
    "giao_duc": 3,
    "khac": 3,
    "tham_nhung": 2,
    "lao_dong_viec_lam": 2,
    "dan_toc_ton_giao": 1,
}
CHANNEL_WEIGHTS = {
    "in_person": 25,
    "post": 25,
    "portal": 20,
    "transferred": 10,
    "voter_meeting": 8,
    "phone": 7,
    "email": 3,
    "api": 1,
    "import": 1,
}
CLOSED_STATE_WEIGHTS = {
    "closed": 48,
    "answered": 14,
    "transferred": 9,
    "guided": 8,
    "rated": 6,
    "filed": 4,
    "refused": 1,
    "withdrawn": 1,
}
OPEN_STATE_WEIGHTS = {
    "received": 22,
    "classified": 12,
    "assigned": 25,
    "verifying": 25,
    "decided": 6,
    "dialogue": 4,
    "suspended": 3,
    "anonymous_queue": 3,
}
OPEN_STATES = frozenset(OPEN_STATE_WEIGHTS)
HANDLING = frozenset({"classified", "assigned", "verifying", "dialogue", "suspended"})
# Provincial department (demo organization key) receiving a field's petitions.
FIELD_DEPARTMENT = {
    "dat_dai": "so-nnmt",
    "moi_truong": "so-nnmt",
    "nong_nghiep": "so-nnmt",
    "xay_dung": "so-xay-dung",
    "giao_thong": "so-xay-dung",
    "ha_tang": "so-cong-thuong",
    "chinh_sach_xa_hoi": "so-noi-vu",
    "lao_dong_viec_lam": "so-noi-vu",
    "y_te": "so-y-te",
    "giao_duc": "so-gddt",
    "an_ninh_trat_tu": "cong-an",
    "hanh_chinh": "so-noi-vu",
    "tham_nhung": "thanh-tra",
    "dan_toc_ton_giao": "so-dttg",
    "khac": "vpubnd",
}
REFUSAL = {"khieu_nai": ["kn_11_2", "kn_11_5", "kn_11_6", "kn_11_7"], "to_cao": ["tc_29_content"]}
FILING = ["anonymous", "duplicate", "insufficient", "already_resolved"]
# Share of each kind whose citizens agreed to publication (consent_to_publish): about half of
# the phản ánh and kiến nghị (what Open311 lists), a few complaints, never a denunciation
# (its author's identity is confidential).  One draw per row whatever the kind, so the
# other columns stay those of earlier runs with the same seed.
CONSENT_SHARE = {"phan_anh": 0.5, "kien_nghi": 0.5, "khieu_nai": 0.1, "to_cao": 0.0}

ISSUES = {
    "dat_dai": [
        "tranh chấp ranh giới đất với hộ liền kề",
        "chậm cấp giấy chứng nhận quyền sử dụng đất",
        "bồi thường, hỗ trợ khi thu hồi đất làm đường",
        "lấn chiếm đất công làm nơi buôn bán",
        "giá bồi thường đất thấp hơn giá thị trường",
        "chuyển mục đích sử dụng đất trồng lúa",
        "sai sót diện tích trên giấy chứng nhận",
        "chưa được bố trí tái định cư",
        "đo đạc lại thửa đất không đúng hiện trạng",
    ],
    "xay_dung": [
        "xây dựng nhà không phép lấn ra hẻm",
        "công trình lấn chiếm hành lang bảo vệ kênh",
        "nứt nhà do thi công công trình bên cạnh",
        "chậm cấp giấy phép xây dựng nhà ở",
    ],
    "moi_truong": [
        "ô nhiễm mùi hôi từ trại chăn nuôi heo",
        "rác thải sinh hoạt tồn đọng không được thu gom",
        "nước thải của cơ sở chế biến thủy sản xả ra sông",
        "khai thác cát trái phép gây sạt lở bờ sông",
        "sạt lở bờ sông đe dọa nhà dân",
        "khói bụi từ lò gạch thủ công",
    ],
    "giao_thong": [
        "đường giao thông nông thôn xuống cấp, nhiều ổ gà",
        "cầu khỉ yếu chưa được thay bằng cầu bê tông",
        "đèn tín hiệu giao thông hư hỏng",
        "thanh thiếu niên đua xe trái phép vào ban đêm",
        "xe quá tải làm hư mặt đường",
    ],
    "ha_tang": [
        "mất điện kéo dài trong mùa nắng nóng",
        "nước sinh hoạt yếu, nhiễm phèn",
        "ngập nước khi triều cường dâng cao",
        "cống thoát nước bị nghẹt gây ngập",
        "hóa đơn tiền điện tăng bất thường",
    ],
    "chinh_sach_xa_hoi": [
        "bình xét hộ nghèo, hộ cận nghèo chưa công bằng",
        "chậm chi trả trợ cấp cho người có công",
        "cấp thẻ bảo hiểm y tế cho người cao tuổi",
        "hỗ trợ nhà ở cho hộ gia đình khó khăn",
        "trợ cấp xã hội cho người khuyết tật",
    ],
    "y_te": [
        "thái độ phục vụ của nhân viên trạm y tế",
        "thiếu thuốc bảo hiểm y tế tại trạm y tế",
        "cơ sở khám chữa bệnh hoạt động không phép",
    ],
    "giao_duc": [
        "nhà trường thu các khoản ngoài quy định",
        "phòng học xuống cấp, dột nát",
        "thiếu giáo viên dạy tiếng Khmer",
    ],
    "nong_nghiep": [
        "xâm nhập mặn làm thiệt hại lúa",
        "kênh thủy lợi nội đồng chưa được nạo vét",
        "thương lái ép giá lúa",
        "dịch bệnh trên đàn heo chưa được hỗ trợ",
        "cống ngăn mặn vận hành chưa hợp lý",
    ],
    "an_ninh_trat_tu": [
        "nhóm thanh niên tụ tập gây mất trật tự",
        "hoạt động cho vay nặng lãi",
        "trộm cắp tài sản xảy ra nhiều lần",
        "quán karaoke gây ồn ào về khuya",
    ],
    "hanh_chinh": [
        "chậm giải quyết thủ tục hành chính",
        "thái độ của cán bộ bộ phận một cửa",
        "yêu cầu bổ sung hồ sơ nhiều lần",
        "chứng thực giấy tờ chậm trễ",
    ],
    "tham_nhung": [
        "nhũng nhiễu khi làm thủ tục đất đai",
        "sai phạm trong quản lý quỹ của ấp",
        "lợi dụng chức vụ để trục lợi đất công",
        "thu tiền trái quy định của người dân",
    ],
    "lao_dong_viec_lam": [
        "doanh nghiệp nợ lương công nhân",
        "không đóng bảo hiểm xã hội cho người lao động",
        "sắp xếp chỗ buôn bán tại chợ chưa hợp lý",
    ],
    "dan_toc_ton_giao": [
        "sửa chữa chùa chưa được cấp phép",
        "chính sách hỗ trợ đồng bào Khmer",
        "đất của cơ sở tôn giáo",
    ],
    "khac": [
        "đặt tên đường trong khu dân cư",
        "chế độ cho cán bộ không chuyên trách ở ấp",
        "vấn đề cử tri nêu tại buổi tiếp xúc",
    ],
}
OPENERS = [
    "Tôi tên {name}, ngụ tại {place}, xin trình bày về việc {issue}.",
    "Hộ dân chúng tôi ở {place} phản ánh tình trạng {issue} đã kéo dài nhiều tháng nay.",
    "Ông {name}, cư trú tại {place}, có đơn gửi về việc {issue}.",
    "Nhiều hộ dân ở {place} kiến nghị xem xét việc {issue}.",
    "Bà {name} ở {place} trình bày: gia đình bà bị ảnh hưởng bởi việc {issue}.",
    "Cử tri {place} phản ánh {issue} và đề nghị cơ quan chức năng sớm xử lý.",
]
FOLLOWS = [
    "Sự việc đã xảy ra khoảng {n} tháng, ảnh hưởng đến khoảng {m} hộ dân trong khu vực.",
    "Người dân đã nhiều lần phản ánh với {auth} nhưng chưa được giải quyết dứt điểm.",
    "Đề nghị {auth} sớm kiểm tra, xem xét và có biện pháp xử lý kịp thời.",
    "Theo phản ánh, {issue} khiến bà con rất bức xúc, nhất là vào mùa mưa.",
    "Ngoài ra, {issue} cũng đã được nêu tại buổi tiếp xúc cử tri gần đây.",
    "Gia đình có nộp kèm {n} tài liệu, hình ảnh để chứng minh nội dung trình bày.",
    "Kính mong {auth} quan tâm chỉ đạo để người dân yên tâm lao động sản xuất.",
    "Đến nay đã quá thời hạn {n} ngày mà vẫn chưa nhận được văn bản trả lời.",
]
AUTHORITIES = [
    "Ủy ban nhân dân xã",
    "Ủy ban nhân dân phường",
    "chính quyền địa phương",
    "Sở Nông nghiệp và Môi trường",
    "Ban Tiếp công dân tỉnh",
    "Ủy ban nhân dân tỉnh",
    "các ngành chức năng",
]
REQUESTS = [
    "Đề nghị kiểm tra, xử lý dứt điểm và trả lời bằng văn bản.",
    "Đề nghị bồi thường thiệt hại cho gia đình.",
    "Đề nghị cấp có thẩm quyền xem xét lại.",
    "Đề nghị buộc khôi phục lại hiện trạng ban đầu.",
    "Đề nghị công khai kết quả giải quyết.",
]
HAMLETS = [
    "Phú Hòa",
    "Long Thuận",
    "Tân Quy",
    "An Thạnh",
    "Bình Lương",
    "Trà Ôn",
    "Hòa Lợi",
    "Ba Se",
    "Sóc Ruộng",
    "Mỹ Phước",
    "Cầu Kè",
    "Ô Chích",
]


def fold_cached(cache: dict[str, str], text: str) -> str:
    from danvan.core.text import fold

    got = cache.get(text)
    if got is None:
        got = cache[text] = fold(text)
    return got


@dataclass
class Context:
    """What the generator needs from the loaded database (ids, names, officers)."""

    communes: list[tuple[int, str, str]]  # (id, name, kind) of the province's communes
    commune_ubnd: dict[int, int]  # commune id -> organization id of its UBND
    provincial: dict[str, int]  # demo organization key -> id
    org_names: dict[int, str]
    intake_officer: dict[int, int]  # organization id -> a user id
    handling_officer: dict[int, int]  # organization id -> a user id


@dataclass
class Stats:
    rows: int = 0
    kinds: Counter = field(default_factory=Counter)
    states: Counter = field(default_factory=Counter)
    fields: Counter = field(default_factory=Counter)
    org_types: Counter = field(default_factory=Counter)
    open: int = 0
    open_clocked: int = 0
    overdue: int = 0
    flags: Counter = field(default_factory=Counter)
    content_chars: int = 0


class Generator:
    """Builds petition rows deterministically from ``seed``."""

    def __init__(self, ctx: Context, *, today: dt.date, open_share: float, seed: int = 3) -> None:
        from danvan.core.deadlines import DeadlineError, compute_due
        from danvan.core.working_days import get_calendar

        self.ctx = ctx
        self.today = today
        self.open_share = open_share
        self.rng = random.Random(seed)
        self._compute_due = compute_due
        self._DeadlineError = DeadlineError
        self.fold_cache: dict[str, str] = {}
        self.stats = Stats()
        calendar = get_calendar()
        # Days and their weights: growing volume, fewer on rest days.
        span = (today - START).days
        self.days = [START + dt.timedelta(days=i) for i in range(span + 1)]
        weights = [
            (1.0 + 2.0 * i / span) * (1.0 if calendar.is_working_day(d) else 0.15)
            for i, d in enumerate(self.days)
        ]
        self.day_cum = _cumulative(weights)
        # Communes: log-normal volumes.
        wrng = random.Random(seed + 1)
        self.commune_ids = [c[0] for c in ctx.communes]
        self.commune_weights = [math.exp(wrng.gauss(0, 0.8)) for _ in ctx.communes]
        self.commune_cum = _cumulative(self.commune_weights)
        self.commune_info = {c[0]: c for c in ctx.communes}
        self.busiest_commune = self.commune_ids[
            max(range(len(self.commune_ids)), key=self.commune_weights.__getitem__)
        ]
        self.fields = list(FIELD_WEIGHTS)
        self.field_cum = _cumulative(list(FIELD_WEIGHTS.values()))
        self.kind_cum = _cumulative(KIND_WEIGHTS)
        self.channels = list(CHANNEL_WEIGHTS)
        self.channel_cum = _cumulative(list(CHANNEL_WEIGHTS.values()))
        self.closed_states = list(CLOSED_STATE_WEIGHTS)
        self.closed_cum = _cumulative(list(CLOSED_STATE_WEIGHTS.values()))
        self.open_states = list(OPEN_STATE_WEIGHTS)
        self.open_cum = _cumulative(list(OPEN_STATE_WEIGHTS.values()))
        self._build_pool(random.Random(seed + 2))

    # --- text pool ---------------------------------------------------------------------------

    def _place(self, rng: random.Random, commune_id: int) -> str:
        _id, name, kind = self.commune_info[commune_id]
        if kind.lower() == "phường":
            return f"khóm {rng.randint(1, 12)}, {name}"
        return f"ấp {rng.choice(HAMLETS)}, {name}"

    def _build_pool(self, rng: random.Random) -> None:
        from danvan.organizations.demo import FAMILY, GIVEN, MIDDLE

        def person() -> str:
            return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"

        self.people = [person() for _ in range(400)]
        self.openers: dict[tuple[str, int], list[str]] = {}
        self.follows: dict[str, list[str]] = {}
        self.subjects: dict[tuple[str, int], list[str]] = {}
        self.addresses: dict[int, list[str]] = {}
        for commune_id in self.commune_ids:
            self.addresses[commune_id] = [self._place(rng, commune_id) for _ in range(8)]
        for f, issues in ISSUES.items():
            self.follows[f] = [
                rng.choice(FOLLOWS).format(
                    n=rng.randint(2, 30),
                    m=rng.randint(3, 200),
                    auth=rng.choice(AUTHORITIES),
                    issue=rng.choice(issues),
                )
                for _ in range(60)
            ]
            for commune_id in self.commune_ids:
                ops, subs = [], []
                for _ in range(6):
                    issue = rng.choice(issues)
                    place = rng.choice(self.addresses[commune_id])
                    ops.append(rng.choice(OPENERS).format(name=person(), place=place, issue=issue))
                    subs.append(f"{issue[0].upper()}{issue[1:]} tại {place}"[:255])
                self.openers[(f, commune_id)] = ops
                self.subjects[(f, commune_id)] = subs
        self.generic = [
            rng.choice(FOLLOWS).format(
                n=rng.randint(2, 30),
                m=rng.randint(3, 200),
                auth=rng.choice(AUTHORITIES),
                issue="vấn đề nêu trên",
            )
            for _ in range(200)
        ]
        self.decisions = [
            f"Quyết định số {rng.randint(10, 999)}/QĐ-UBND ngày {rng.randint(1, 28):02d}/"
            f"{rng.randint(1, 12):02d}/2025 của Chủ tịch Ủy ban nhân dân về việc "
            + rng.choice(["thu hồi đất", "bồi thường, hỗ trợ", "xử phạt vi phạm hành chính"])
            for _ in range(200)
        ]
        self.accused = [
            f"Ông {person()}, {rng.choice(['cán bộ địa chính', 'trưởng ấp', 'công chức tư pháp'])}"
            for _ in range(200)
        ]
        for text in [
            *self.generic,
            *self.decisions,
            *self.accused,
            *REQUESTS,
            *(s for lst in self.follows.values() for s in lst),
            *(s for lst in self.openers.values() for s in lst),
            *(s for lst in self.subjects.values() for s in lst),
            *(s for lst in self.addresses.values() for s in lst),
        ]:
            fold_cached(self.fold_cache, text)

    # --- rows --------------------------------------------------------------------------------

    def tracking_code(self, index: int) -> str:
        """Unique and random-looking: an odd multiplier is a bijection modulo 2**50."""
        x = (index * 0x9E3779B97F4A7C15 + 0x5DEECE66D) % (1 << 50)
        chars = []
        for _ in range(10):
            chars.append(TRACKING_ALPHABET[x & 31])
            x >>= 5
        return f"{''.join(chars[:5])}-{''.join(chars[5:])}"

    def _clock(
        self,
        step: str | None,
        received_on: dt.date,
        start_on: dt.date,
        remote: bool,
        complexity: str,
        extensions: int = 0,
        pauses: tuple = (),
    ) -> tuple[str, dt.date | None, dt.date | None, str, int]:
        if step is None:
            return "", None, None, "", 0
        try:
            deadline = self._compute_due(
                step,
                received_on,
                start_on=start_on,
                remote=remote,
                complexity=complexity,
                extensions=extensions,
                pauses=pauses,
            )
        except self._DeadlineError:
            return "", None, None, "", 0  # no rule in force: no clock (as clocks.recompute)
        return step, start_on, deadline.due_on, deadline.rule.rule_set_code, extensions

    def rows(self, start_index: int, n: int) -> list[tuple[Any, ...]]:
        from danvan.core.deadlines import Pause

        rng, ctx, today, stats = self.rng, self.ctx, self.today, self.stats
        fc = self.fold_cache
        days = rng.choices(self.days, cum_weights=self.day_cum, k=n)
        kinds = rng.choices(KINDS, cum_weights=self.kind_cum, k=n)
        fields = rng.choices(self.fields, cum_weights=self.field_cum, k=n)
        channels = rng.choices(self.channels, cum_weights=self.channel_cum, k=n)
        communes = rng.choices(self.commune_ids, cum_weights=self.commune_cum, k=n)
        out = []
        for i in range(n):
            index = start_index + i
            kind, fld, channel, commune_id = kinds[i], fields[i], channels[i], communes[i]
            if kind == "to_cao" and rng.random() < 0.33:
                fld = "tham_nhung"
            is_open = rng.random() < self.open_share
            if is_open:
                state = rng.choices(self.open_states, cum_weights=self.open_cum)[0]
                if self.open_share < 0.5 and rng.random() < 0.75:
                    age = min(int(rng.expovariate(1 / 30)), (today - START).days)
                    received_on = today - dt.timedelta(days=age)
                else:
                    received_on = days[i]
            else:
                state = rng.choices(self.closed_states, cum_weights=self.closed_cum)[0]
                received_on = days[i]
            # Kind-dependent states (workflow.allowed).
            if state == "dialogue" and kind != "khieu_nai":
                state = "verifying"
            if state == "decided" and kind in ("phan_anh", "kien_nghi"):
                state = "verifying"
            if state == "anonymous_queue" and kind != "to_cao":
                state = "received"
            if state == "refused" and kind in ("phan_anh", "kien_nghi"):
                state = "guided"
            # Organization.
            roll = rng.random()
            if roll < 0.80:
                org = ctx.commune_ubnd[commune_id]
                stats.org_types["commune UBND"] += 1
            elif roll < 0.88:
                org = ctx.provincial["btcd"]
                stats.org_types["Ban Tiếp công dân tỉnh"] += 1
            else:
                org = ctx.provincial[FIELD_DEPARTMENT[fld]]
                stats.org_types["provincial department"] += 1
            # People, flags.
            anonymous = (kind == "to_cao" and rng.random() < 0.30) or (
                kind in ("phan_anh", "kien_nghi") and rng.random() < 0.02
            )
            is_mass = rng.random() < 0.03
            count = rng.randint(5, 60) if is_mass else 1
            if anonymous:
                count = 1
            flags = (
                is_mass,
                rng.random() < 0.04,
                rng.random() < 0.05,
                rng.random() < 0.03,
                rng.random() < 0.02,
                rng.random() < 0.02,
            )
            complexity = "normal"
            if kind in ("khieu_nai", "to_cao"):
                c = rng.random()
                complexity = (
                    "complex" if c < 0.17 else "especially_complex" if c < 0.20 else "normal"
                )
            remote = rng.random() < 0.05
            complaint_round = None
            contested = ""
            contested_known = None
            accused = ""
            if kind == "khieu_nai":
                complaint_round = 2 if rng.random() < 0.10 else 1
                contested = rng.choice(self.decisions)
                contested_known = received_on - dt.timedelta(days=rng.randint(5, 80))
            if kind == "to_cao":
                accused = rng.choice(self.accused)
            # Dates and clock.
            accepted_on = decided_on = answered_on = closed_on = paused_on = None
            assigned = None
            before_suspension = ""
            classification = refusal = filing = ""
            transferred_to = None
            transferred_name = ""
            pauses: list[dict[str, str]] = []
            clock: tuple[str, dt.date | None, dt.date | None, str, int] = ("", None, None, "", 0)
            if kind == "khieu_nai":
                second = complaint_round == 2
                intake = "complaint_acceptance_second" if second else "complaint_acceptance_first"
                resolution: str | None = (
                    "complaint_resolution_second" if second else "complaint_resolution_first"
                )
                sending: str | None = "complaint_decision_sending"
            elif kind == "to_cao":
                intake, resolution = "denunciation_initial_handling", "denunciation_resolution"
                sending = "denunciation_conclusion_sending"
            else:
                intake, resolution, sending = "letter_handling", None, None  # no rule
            handler = ctx.handling_officer.get(org)

            def later(day: dt.date, lo: int, hi: int) -> dt.date:
                return min(day + dt.timedelta(days=rng.randint(lo, hi)), today)

            if state == "received":
                clock = self._clock(intake, received_on, received_on, remote, complexity)
            elif state in HANDLING or state == "decided":
                accepted_on = later(received_on, 1, 10)
                classification = "Thụ lý giải quyết theo thẩm quyền."
                if state != "classified":
                    assigned = handler
                if state == "decided":
                    decided_on = later(accepted_on, 15, 45)
                    clock = self._clock(sending, received_on, decided_on, remote, complexity)
                else:
                    pause_tuple: tuple = ()
                    if state == "suspended":
                        paused_on = later(accepted_on, 5, 20)
                        before_suspension = "verifying"
                    elif rng.random() < 0.05:
                        p_on = later(accepted_on, 3, 10)
                        r_on = later(p_on, 5, 30)
                        pauses = [{"paused_on": p_on.isoformat(), "resumed_on": r_on.isoformat()}]
                        pause_tuple = (Pause(p_on, r_on),)
                    clock = self._clock(
                        resolution, received_on, accepted_on, remote, complexity, 0, pause_tuple
                    )
            elif state == "anonymous_queue":
                classification = "Thông tin tố cáo nặc danh, kiểm tra để phục vụ quản lý."
            elif state in ("answered", "rated", "closed"):
                accepted_on = later(received_on, 1, 10)
                assigned = handler
                classification = "Thụ lý giải quyết theo thẩm quyền."
                if kind in ("khieu_nai", "to_cao"):
                    decided_on = later(accepted_on, 15, 45)
                    answered_on = later(decided_on, 1, 5)
                else:
                    answered_on = later(accepted_on, 3, 40)
                if state == "closed":
                    closed_on = later(answered_on, 0, 20)
            elif state == "transferred":
                target = (
                    ctx.provincial[FIELD_DEPARTMENT[fld]]
                    if org != ctx.provincial[FIELD_DEPARTMENT[fld]]
                    else ctx.provincial["ubnd"]
                )
                transferred_to = target
                transferred_name = ctx.org_names[target]
                classification = "Không thuộc thẩm quyền, chuyển đơn đến cơ quan có thẩm quyền."
            elif state == "guided":
                classification = "Hướng dẫn người gửi đến cơ quan có thẩm quyền giải quyết."
            elif state == "filed":
                filing = rng.choice(FILING)
                classification = "Lưu đơn theo quy định."
            elif state == "refused":
                refusal = rng.choice(REFUSAL[kind])
                classification = "Không đủ điều kiện thụ lý."
            elif state == "withdrawn":
                accepted_on = later(received_on, 1, 10)
                classification = "Người gửi rút đơn."
            clock_step, clock_started, due_on, rule_set, extensions = clock
            # Texts.
            subject = rng.choice(self.subjects[(fld, commune_id)])
            parts = [rng.choice(self.openers[(fld, commune_id)])]
            target_len = rng.randint(300, 900)
            length = len(parts[0])
            follows = self.follows[fld]
            while length < target_len:
                s = rng.choice(follows) if rng.random() < 0.6 else rng.choice(self.generic)
                parts.append(s)
                length += len(s) + 1
            content = " ".join(parts)
            request = rng.choice(REQUESTS) if rng.random() < 0.6 else ""
            address = rng.choice(self.addresses[commune_id])
            code = self.tracking_code(index)
            folded = [code.lower(), fc[subject], *(fc[p] for p in parts)]
            if request:
                folded.append(fc[request])
            folded.append(fc[address])
            if accused:
                folded.append(fc[accused])
            if contested:
                folded.append(fc[contested])
            search_text = " ".join(folded)
            last = closed_on or answered_on or decided_on or paused_on or accepted_on or received_on
            created_at = dt.datetime(
                received_on.year,
                received_on.month,
                received_on.day,
                1 + rng.randint(0, 9),
                rng.randint(0, 59),
                tzinfo=dt.UTC,
            )
            updated_at = dt.datetime(last.year, last.month, last.day, 3, 0, tzinfo=dt.UTC)
            received_by = None if channel in ("portal", "api") else ctx.intake_officer.get(org)
            out.append(
                (
                    code,
                    None,
                    kind,
                    channel,
                    fld,
                    subject,
                    content,
                    request,
                    commune_id,
                    None,
                    address,
                    received_on,
                    received_by,
                    org,
                    org,
                    assigned,
                    state,
                    before_suspension,
                    classification,
                    refusal,
                    filing,
                    transferred_to,
                    transferred_name,
                    anonymous,
                    kind == "to_cao",
                    (not anonymous) and rng.random() < 0.85,
                    count,
                    complexity,
                    remote,
                    complaint_round,
                    contested,
                    contested_known,
                    accused,
                    *flags,
                    clock_step,
                    clock_started,
                    due_on,
                    rule_set,
                    extensions,
                    json.dumps(pauses),
                    paused_on,
                    accepted_on,
                    decided_on,
                    answered_on,
                    closed_on,
                    rng.random() < CONSENT_SHARE[kind],
                    search_text,
                    1,
                    created_at,
                    updated_at,
                )
            )
            stats.rows += 1
            stats.kinds[kind] += 1
            stats.states[state] += 1
            stats.fields[fld] += 1
            stats.content_chars += len(content)
            if state in OPEN_STATES:
                stats.open += 1
                if due_on is not None and state != "suspended":
                    stats.open_clocked += 1
                    if due_on < today:
                        stats.overdue += 1
            for name, on in zip(
                ("dong_nguoi", "vuot_cap", "keo_dai", "trung_lap", "tai_dien", "khan"),
                flags,
                strict=True,
            ):
                if on:
                    stats.flags[name] += 1
        return out


def _cumulative(weights: list[float]) -> list[float]:
    total = 0.0
    out = []
    for w in weights:
        total += w
        out.append(total)
    return out


# --- serialisation -----------------------------------------------------------------------------


def copy_line(row: tuple[Any, ...]) -> str:
    """One line of PostgreSQL COPY text format (our texts have no tab, newline or backslash)."""
    out = []
    for v in row:
        if v is None:
            out.append("\\N")
        elif v is True:
            out.append("t")
        elif v is False:
            out.append("f")
        else:
            out.append(v.isoformat() if isinstance(v, dt.date) else str(v))
    return "\t".join(out) + "\n"


def sqlite_row(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """The row as Django's SQLite backend stores it (dates ISO, datetimes naive UTC)."""
    out: list[Any] = []
    for v in row:
        if isinstance(v, dt.datetime):
            out.append(v.strftime("%Y-%m-%d %H:%M:%S"))
        elif isinstance(v, dt.date):
            out.append(v.isoformat())
        else:
            out.append(v)
    return tuple(out)
