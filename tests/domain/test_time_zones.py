"""Times given with any UTC offset filter the same rows on both databases (SQLite compares them as text)."""

from datetime import timedelta, timezone
from zoneinfo import ZoneInfo

from domain.crm.models import Customer


async def test_filters_with_a_local_offset_match_the_same_rows_as_utc(db):
    newest = await Customer.all().order_by("-created_at").first()
    for zone in (timezone.utc, ZoneInfo("Asia/Shanghai"), ZoneInfo("America/Los_Angeles")):
        just_before = (newest.created_at - timedelta(minutes=1)).astimezone(zone)
        just_after = (newest.created_at + timedelta(minutes=1)).astimezone(zone)
        assert await Customer.filter(id=newest.id, created_at__gte=just_before).exists(), zone
        assert not await Customer.filter(id=newest.id, created_at__gte=just_after).exists(), zone
        assert await Customer.filter(id=newest.id, created_at__lt=just_after).exists(), zone
